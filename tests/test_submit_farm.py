"""Submissions against a real local farm: end to end per host, re-submit, flaky network, kill -9 + resume.

Golden job files of the end-to-end runs live in ``tests/golden/e2e/<host>/`` with the task id,
user id, corpus folder and file times replaced by placeholders; regenerate with
``RB_DCC_UPDATE_GOLDEN=1``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rb_dcc.api import RenderbusClient
from rb_dcc.scene import Asset, AssetKind, Camera, FrameRange, RenderLayer, SceneSpec, to_farm_path
from rb_dcc.submit import JobSettings, Submission
from rb_dcc.submit.journal import Journal
from rb_dcc.transfer import download_outputs
from rb_dcc.transfer.localfarm_http import LocalFarmTransfer

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "e2e"
UPDATE = os.environ.get("RB_DCC_UPDATE_GOLDEN") == "1"

E2E = {
    "maya": "maya/kingmax__cppMaya__clock.ma",
    "houdini": "houdini/captainhammy__Houdini-Toolbox__test_parameters.hip",
    "max": "max/radobaychev__3D-RoomProject__lamp.max",
    "blender": "blender/KhronosGroup__glTF-Blender-IO__01_principled_material.blend",
}


@pytest.fixture(autouse=True)
def _dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("RB_DCC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("RB_DCC_DATA_DIR", str(tmp_path / "data"))


def _input_area(farm) -> Path:
    areas = [p for p in (Path(farm.data_dir) / "storage" / "input").iterdir() if p.is_dir()]
    assert len(areas) == 1
    return areas[0]


def _farm_file(farm, server_path: str) -> Path:
    return _input_area(farm).joinpath(*server_path.strip("/").split("/"))


def _choose(client, spec, frames="1-3"):
    from rb_dcc.matching import Catalogue, plan

    p = plan(spec, Catalogue.fetch(client, spec.cg_id))
    assert p.env.chosen is not None and p.hardware.chosen is not None, [str(i.reason) for i in p.issues]
    if p.env.needs_creation:
        client.env.add_render_env(p.env.chosen.body)
    return JobSettings(frames=frames, env_name=p.env.chosen.name, hardware_config_id=p.hardware.hardware_config_id)


def _wait(client, task_id, timeout=60.0):
    deadline = time.monotonic() + timeout
    while True:
        task = client.query.task_info([task_id]).items[0]
        if task.is_terminal or time.monotonic() > deadline:
            return task
        time.sleep(0.1)


def _normalise(text: str, task_id: int, user_id, scenes_dir: Path) -> str:
    text = text.replace(str(scenes_dir).replace("\\", "/"), "<SCENES>")
    text = text.replace('"%d"' % task_id, '"<TASK>"').replace('"%s"' % user_id, '"<USER>"')
    import re

    return re.sub(r"\(mtime: [^)]*\)", "(mtime: <TIME>)", text)


@pytest.mark.parametrize("host", sorted(E2E))
def test_end_to_end_per_host(host, farm, farm_client, scenes_dir, tmp_path):
    from rb_dcc.adapters import analyze_file

    scene = scenes_dir / E2E[host]
    spec = analyze_file(str(scene))
    settings = _choose(farm_client, spec)
    sub = Submission(farm_client, spec, settings, accept_missing=True)
    stages = []
    result = sub.run(on_progress=lambda e: stages.append(e.stage))
    assert {"validate", "create", "jobfiles", "upload", "submit", "done"} <= set(stages)
    assert result.uploaded_files == 1 and result.uploaded_bytes == scene.stat().st_size
    # the scene arrived byte for byte
    assert _farm_file(farm, to_farm_path(str(scene))).read_bytes() == scene.read_bytes()
    # the job files on the farm are the ones written locally, and match the golden files
    journal = Journal.load(result.journal_path)
    cfg = Path(farm.data_dir) / "storage" / "config"
    for name in ("task.json", "upload.json", "asset.json", "tips.json"):
        local = Path(journal.folder, name).read_text(encoding="utf-8")
        (on_farm,) = list(cfg.glob("*/%d/cfg/%s" % (result.task_id, name)))
        assert on_farm.read_text(encoding="utf-8") == local
        norm = _normalise(local, result.task_id, journal.data["user_id"], scenes_dir)
        golden = GOLDEN / host / name
        if UPDATE:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(norm, encoding="utf-8")
        assert norm == golden.read_text(encoding="utf-8"), "%s/%s differs from the golden file" % (host, name)
    task_json = json.loads(Path(journal.folder, "task.json").read_text(encoding="utf-8"))
    assert task_json["software_config"]["cg_name"] == sub.env.cg_name
    assert task_json["task_info"]["hardwareConfigIds"] == [str(settings.hardware_config_id)]
    # the farm renders the right number of frames in the chosen env, and we get them back
    task = _wait(farm_client, result.task_id)
    assert int(task.task_status) == 25, task
    assert task.total_frames == 3 and task.done_frames == 3
    log = farm_client.query.task_info([result.task_id]).items[0]
    assert log.id == result.task_id
    out = tmp_path / "out"
    got = download_outputs(farm_client, result.task_id, str(out))
    assert got.files_downloaded == 3 and not got.refused
    assert all(Path(p).read_bytes().startswith(b"\x89PNG") for p in got.written)
    assert all(os.path.commonpath([str(out.resolve()), str(Path(p).resolve())]) == str(out.resolve())
               for p in got.written)


def test_resubmit_unchanged_uploads_nothing(farm, farm_client, scenes_dir):
    from rb_dcc.adapters import analyze_file

    spec = analyze_file(str(scenes_dir / E2E["max"]))
    settings = _choose(farm_client, spec)
    first = Submission(farm_client, spec, settings, accept_missing=True).run()
    second = Submission(farm_client, spec, settings, accept_missing=True).run()
    assert first.uploaded_bytes > 0
    assert second.uploaded_bytes == 0 and second.uploaded_files == 0 and second.skipped_files == 1
    assert second.task_id != first.task_id  # a new submission is a new task


# ----------------------------------------------------------------------------- synthetic scenes
def _synthetic(tmp_path, sizes) -> SceneSpec:
    """A Maya scene whose assets are real files of the given sizes (bytes)."""
    folder = tmp_path / "proj"
    (folder / "tex").mkdir(parents=True)
    scene = folder / "shot.ma"
    scene.write_bytes(b"//Maya ASCII 2024 scene\n" + os.urandom(1000))
    assets = []
    for i, size in enumerate(sizes):
        p = folder / "tex" / ("t%03d.exr" % i)
        with open(p, "wb") as fh:
            fh.write(os.urandom(size))
        assets.append(Asset(path=str(p), resolved=[str(p)], exists=True, size=size, kind=AssetKind.TEXTURE))
    return SceneSpec(host="maya", host_version="2024", scene_path=str(scene), renderer="arnold",
                     frames=FrameRange.parse("1-2"), cameras=[Camera(name="cam", renderable=True)],
                     layers=[RenderLayer(name="beauty")], assets=assets,
                     plugins=[])


def _maya_env(client):
    envs = client.env.get_render_env(2000, os_name=None)
    if envs:
        return envs[0].edit_name
    sw = client.query.supported_plugin(2000, os_name="windows")
    v = sw.cg_version[-1]
    client.env.add_render_env({"cgId": 2000, "cgName": "Maya", "cgVersion": v.cg_version, "editName": "test_maya",
                               "renderSystem": 1, "pluginIds": [], "renderLayerType": 1})
    return "test_maya"


def _hardware(client):
    return next(h.id for h in client.user.get_hardware_config() if h.status != 0 and int(h.type or 1) == 1)


def _assert_uploaded(farm, spec):
    for a in spec.assets + [Asset(path=spec.scene_path, resolved=[spec.scene_path], exists=True)]:
        for p in a.resolved:
            assert _farm_file(farm, to_farm_path(p)).read_bytes() == Path(p).read_bytes(), p


def test_flaky_network_still_one_task_and_identical_files(farm, farm_client, tmp_path, fault_proxy_factory):
    spec = _synthetic(tmp_path, [1, 5000, 300_000, 700_000, 2_500_000] + [20_000] * 15)
    settings = JobSettings(env_name=_maya_env(farm_client), hardware_config_id=_hardware(farm_client))
    host, port = farm.domain.split(":")
    proxy = fault_proxy_factory(host, int(port), seed=20261125)
    flaky = RenderbusClient(farm.access_id, farm.access_key, domain=proxy.domain, protocol="http",
                            retries=12, backoff=0.01, backoff_max=0.1, timeout=(2, 10))
    backend = LocalFarmTransfer(flaky, workers=3, segment=256 * 1024)
    result = Submission(flaky, spec, settings, backend=backend).run()
    backend.close()
    assert proxy.faults >= 5, proxy.counts
    tasks = [t for t in farm_client.iter_tasks()]
    assert [t.id for t in tasks] == [result.task_id]
    _assert_uploaded(farm, spec)
    assert _wait(farm_client, result.task_id).task_status == 25


def test_lost_create_answer_finds_the_task_instead_of_creating_another(farm, farm_client, tmp_path,
                                                                       fault_proxy_factory):
    spec = _synthetic(tmp_path, [1000])
    settings = JobSettings(env_name=_maya_env(farm_client), hardware_config_id=_hardware(farm_client))
    host, port = farm.domain.split(":")
    proxy = fault_proxy_factory(host, int(port), seed=1, rates={"reset_response": 1.0}, exempt_after=1,
                                only_paths=["/api/render/submit/createTask"])
    flaky = RenderbusClient(farm.access_id, farm.access_key, domain=proxy.domain, protocol="http")
    result = Submission(flaky, spec, settings).run()
    assert proxy.counts["reset_response"] == 1
    assert [t.id for t in farm_client.iter_tasks()] == [result.task_id]


# ----------------------------------------------------------------------------- kill -9 and resume
def _maya_scene(folder: Path, n: int, size: int) -> Path:
    """A real .ma file (read by the Maya analyser) whose file nodes point at ``n`` textures."""
    (folder / "tex").mkdir(parents=True)
    lines = ['//Maya ASCII 2024 scene', '//Name: shot.ma', 'requires maya "2024";', 'requires "mtoa" "5.3.1";',
             'createNode transform -n "cam";', 'createNode camera -n "camShape" -p "cam";', '\tsetAttr ".rnd" yes;']
    for i in range(n):
        tex = folder / "tex" / ("t%03d.exr" % i)
        with open(tex, "wb") as fh:
            fh.write(os.urandom(size))
        lines += ['createNode file -n "file%d";' % i, '\tsetAttr ".ftn" -type "string" "%s";' % tex.as_posix()]
    lines += ['select -ne :defaultRenderGlobals;', '\tsetAttr ".ren" -type "string" "arnold";',
              '\tsetAttr ".fs" 1;', '\tsetAttr ".ef" 2;', '// End of shot.ma']
    scene = folder / "shot.ma"
    scene.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return scene


def test_kill_9_during_rb_dcc_submit_then_rb_dcc_resume(farm, farm_client, tmp_path):
    scene = _maya_scene(tmp_path / "proj", 40, 2 << 20)
    asset_paths = sorted(str(p) for p in (tmp_path / "proj" / "tex").iterdir())
    env = dict(os.environ, RB_ACCESS_ID=farm.access_id, RB_ACCESS_KEY=farm.access_key, RB_DOMAIN=farm.domain,
               RB_PROTOCOL="http", RB_PLATFORM=farm.platform, RB_DCC_TRANSFER_WORKERS="2",
               RB_DCC_CONFIG_DIR=str(tmp_path / "config"))
    argv = [sys.executable, "-m", "rb_dcc", "submit", str(scene), "--env", _maya_env(farm_client),
            "--hardware", str(_hardware(farm_client)), "--frames", "1-2", "--yes", "--json"]
    child = subprocess.Popen(argv, env=env, cwd=str(ROOT), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    done_at_kill = {}
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline:
            present = [p for p in asset_paths if _farm_file_safe(farm, p) is not None]
            if len(present) >= 3:
                child.send_signal(signal.SIGKILL)
                for p in present:
                    st = _farm_file(farm, to_farm_path(p)).stat()
                    done_at_kill[p] = (st.st_mtime_ns, st.st_ino)
                break
            if child.poll() is not None:
                pytest.fail("rb-dcc submit ended before it could be killed: %s" % child.communicate()[1][-2000:])
            time.sleep(0.005)
        else:
            pytest.fail("the upload did not start")
    finally:
        child.wait(10)
    assert child.returncode == -signal.SIGKILL
    assert len(done_at_kill) < len(asset_paths), "everything was uploaded before the kill"
    tasks_before = [t.id for t in farm_client.iter_tasks()]
    assert len(tasks_before) == 1
    out = subprocess.run([sys.executable, "-m", "rb_dcc", "resume", "--json"], env=env, capture_output=True,
                         text=True, timeout=120, cwd=str(ROOT))
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout)
    assert res["task_id"] == tasks_before[0]
    assert [t.id for t in farm_client.iter_tasks()] == tasks_before  # no second task
    for p, (mtime, ino) in done_at_kill.items():  # finished files were not sent again
        st = _farm_file(farm, to_farm_path(p)).stat()
        assert (st.st_mtime_ns, st.st_ino) == (mtime, ino), "%s was uploaded again" % p
    assert res["skipped_files"] >= len(done_at_kill)
    assert res["uploaded_files"] <= len(asset_paths) + 1 - len(done_at_kill)
    for p in asset_paths + [str(scene)]:
        assert _farm_file(farm, to_farm_path(p)).read_bytes() == Path(p).read_bytes(), p
    task = _wait(farm_client, res["task_id"])
    assert task.task_status == 25 and task.total_frames == 2


def _farm_file_safe(farm, local):
    try:
        p = _farm_file(farm, to_farm_path(local))
    except (AssertionError, FileNotFoundError):
        return None
    return p if p.is_file() else None


# ----------------------------------------------------------------------------- cancel, validate, tips
def test_cancel_during_upload_then_resume(farm, farm_client, tmp_path):
    import threading

    from rb_dcc.submit import SubmissionCancelled

    spec = _synthetic(tmp_path, [1 << 20] * 12)
    settings = JobSettings(env_name=_maya_env(farm_client), hardware_config_id=_hardware(farm_client))
    cancel = threading.Event()

    def progress(ev):
        if ev.stage == "upload" and ev.bytes_done > 0:
            cancel.set()

    backend = LocalFarmTransfer(farm_client, workers=1, segment=256 * 1024)
    with pytest.raises(SubmissionCancelled) as exc:
        Submission(farm_client, spec, settings, backend=backend).run(on_progress=progress, cancel=cancel)
    journal = exc.value.journal_path
    assert Journal.load(journal).data["task_id"] is not None
    result = Submission.resume(journal, farm_client).run()
    assert result.task_id == Journal.load(journal).data["task_id"]
    assert [t.id for t in farm_client.iter_tasks()] == [result.task_id]
    _assert_uploaded(farm, spec)
    # resuming a finished journal is a no-op that returns the same task
    assert Submission.resume(journal, farm_client).run().task_id == result.task_id
    # a journal is tied to its farm and account
    other = RenderbusClient("AKIDother", "k", domain="127.0.0.1:1", protocol="http")
    from rb_dcc.submit import SubmissionError

    with pytest.raises(SubmissionError, match="belongs to the farm"):
        Submission.resume(journal, other)


def test_validate_names_each_problem_and_its_fix(farm, farm_client, tmp_path):
    spec = _synthetic(tmp_path, [10])
    spec.assets.append(Asset(path=str(tmp_path / "gone.tif"), resolved=[str(tmp_path / "gone.tif")],
                             missing=[str(tmp_path / "gone.tif")], node="file9.fileTextureName"))
    spec.warn("scene saved with Maya 2024, the env has 2025", code="15013", ref="Maya 2024")
    problems = Submission(farm_client, spec, JobSettings(env_name="no_such_env")).validate()
    text = {p.message: p for p in problems}
    assert any("no_such_env" in m and "does not exist" in m for m in text)
    assert any("no hardware configuration chosen" in m for m in text)
    missing = [p for p in problems if p.code == "10012"]
    assert missing and missing[0].severity.value == "error" and "gone.tif" in missing[0].message
    assert missing[0].fix
    env = _maya_env(farm_client)
    ok = Submission(farm_client, spec, JobSettings(env_name=env, hardware_config_id=_hardware(farm_client)),
                    accept_missing=True).validate()
    assert [p.severity.value for p in ok if p.code == "10012"] == ["warning"]
    tip = [p for p in ok if p.code == "15013"]
    assert tip and "Maya 2024" in tip[0].message


def test_tip_texts_come_from_the_farm_once(farm, farm_client, tmp_path):
    from rb_dcc.submit.tips import TipCatalogue

    texts = TipCatalogue(farm_client).explain(["10012", "15013"])
    assert set(texts) == {"10012", "15013"} and texts["10012"].description
    dead = RenderbusClient(farm.access_id, farm.access_key, domain=farm.domain, protocol="http")
    dead.close()
    farm.stop()  # the farm is gone: the texts cached on disk still answer
    TipCatalogue._memory.clear()
    again = TipCatalogue(dead).explain(["10012"])
    assert again["10012"] == texts["10012"]
