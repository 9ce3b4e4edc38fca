"""Job settings validation and the four job files per host, compared with golden files.

Regenerate the golden files after an intended change with ``RB_DCC_UPDATE_GOLDEN=1``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from rb_dcc.scene import Asset, AssetKind, Camera, FrameRange, Problem, RenderLayer, Resolution, SceneSpec, Severity
from rb_dcc.submit.jobfiles import EnvChoice, HardwareChoice, JobFilesError, build_job_files
from rb_dcc.submit.settings import JobSettings, SettingsError

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("RB_DCC_UPDATE_GOLDEN") == "1"


# ---------------------------------------------------------------------------------- settings
def test_settings_defaults_and_pre_frames():
    s = JobSettings()
    assert s.priority == 50 and s.frames_per_machine == 1 and s.pre_frames == "000"
    assert JobSettings(test_frames="first,last").pre_frames == "101"
    t = JobSettings(test_frames="1, 50, 100")
    assert t.pre_frames == "000" and str(t.explicit_test_frames) == "1,50,100"
    assert JobSettings(frames="1-100x2").frames == FrameRange.parse("1-100[2]")


@pytest.mark.parametrize(
    "data, field, words",
    [
        ({"frames": "10-1"}, "frames", "backwards"),
        ({"frames": "abc"}, "frames", "write them like"),
        ({"frames_per_machine": 0}, "frames_per_machine", "between 1 and 1000"),
        ({"priority": 101}, "priority", "between 0 and 100"),
        ({"timeout_s": 5}, "timeout_s", "seconds"),
        ({"overtime_stop_s": 10}, "overtime_stop_s", "seconds"),
        ({"test_frames": "first,banana"}, "test_frames", "first"),
        ({"labels": ["ok", ""]}, "labels", "1 to 64"),
        ({"hardware_config_id": -3}, "hardware_config_id", "positive"),
        ({"cameras": [" "]}, "cameras", "empty"),
        ({"priority": "high"}, "priority", "whole number"),
        ({"colour": "red"}, "colour", "unknown setting"),
    ],
)
def test_settings_field_messages(data, field, words):
    errors = JobSettings.field_errors(data)
    assert field in errors, errors
    assert words in errors[field]
    with pytest.raises(SettingsError) as exc:
        JobSettings.checked(data)
    assert exc.value.errors[field] == errors[field]


def test_stop_after_test_needs_test_frames():
    errors = JobSettings.field_errors({"stop_after_test": True})
    assert "test frames" in " ".join(errors.values())
    assert JobSettings(stop_after_test=True, test_frames="first").stop_after_test


# ---------------------------------------------------------------------------------- specs
def _maya() -> SceneSpec:
    return SceneSpec(
        host="maya", host_version="2024", scene_path="D:\\proj\\shot010\\scenes\\shot010_v003.mb",
        project_path="D:\\proj\\shot010", renderer="arnold", image_format="exr", frames=FrameRange.parse("1-10"),
        resolution=Resolution(width=1920, height=1080),
        cameras=[Camera(name="persp"), Camera(name="shotCam", renderable=True)],
        layers=[
            RenderLayer(name="rs_beauty", frames=FrameRange.parse("1001-1100")),
            RenderLayer(name="rs_fx", renderer="arnold", frames=FrameRange.parse("1001-1050[2]")),
            RenderLayer(name="rs_off", renderable=False),
        ],
        assets=[
            Asset(path="D:/proj/shot010/tex/wood.<UDIM>.exr", kind=AssetKind.TEXTURE, node="file1.fileTextureName",
                  resolved=["D:/proj/shot010/tex/wood.1001.exr", "D:/proj/shot010/tex/wood.1002.exr"],
                  exists=True, size=20, sequence=True),
            Asset(path="\\\\nas01\\proj\\cache\\anim.abc", kind=AssetKind.CACHE, node="anim_AlembicNode.abc_File",
                  resolved=["\\\\nas01\\proj\\cache\\anim.abc"], exists=True, size=10),
            Asset(path="D:/proj/shot010/tex/gone.tif", kind=AssetKind.TEXTURE, node="file2.fileTextureName",
                  resolved=["D:/proj/shot010/tex/gone.tif"], missing=["D:/proj/shot010/tex/gone.tif"]),
        ],
        problems=[
            Problem(severity=Severity.WARNING, message="texture D:/proj/shot010/tex/gone.tif is missing", code="10012",
                    ref="D:/proj/shot010/tex/gone.tif"),
            Problem(severity=Severity.WARNING, message="scene saved with Maya 2024, env is 2025", code="15013",
                    ref="Maya 2024"),
            Problem(severity=Severity.NOTICE, message="just so you know"),
        ],
    )


def _houdini() -> SceneSpec:
    return SceneSpec(
        host="houdini", host_version="20.5.278", scene_path="/home/art/proj/fx/pyro_v012.hip",
        renderer="karma", frames=FrameRange.parse("1-240"),
        layers=[
            RenderLayer(name="/out/karma1", kind="rop", node_type="karma", frames=FrameRange.parse("1-48"),
                        output="$HIP/render/$HIPNAME.$OS.$F4.exr", cameras=["/obj/cam1"]),
            RenderLayer(name="/out/mantra_preview", kind="rop", node_type="ifd", renderable=False),
        ],
        assets=[
            Asset(path="$HIP/geo/sim.$F4.bgeo.sc", kind=AssetKind.CACHE, node="/obj/geo1/file1.file",
                  resolved=["/home/art/proj/fx/geo/sim.0001.bgeo.sc", "/home/art/proj/fx/geo/sim.0002.bgeo.sc"],
                  exists=True, sequence=True),
        ],
    )


def _max() -> SceneSpec:
    return SceneSpec(
        host="max", host_version="2025", scene_path="C:\\Users\\rado\\room\\scene.max", renderer="Arnold",
        frames=FrameRange.parse("0"), resolution=Resolution(width=1280, height=720), image_format="png",
        output_pattern="C:/Users/rado/room/render/room.png",
        cameras=[Camera(name="Camera001", renderable=True), Camera(name="Camera002")],
        assets=[Asset(path="C:\\Users\\rado\\room\\textures\\Fabric023_2K_Roughness.jpg", kind=AssetKind.TEXTURE,
                      resolved=["C:\\Users\\rado\\room\\textures\\Fabric023_2K_Roughness.jpg"], exists=True)],
    )


def _blender() -> SceneSpec:
    return SceneSpec(
        host="blender", host_version="4.2.3", scene_path="/srv/shots/b/udim.blend", renderer="CYCLES",
        frames=FrameRange.parse("1-250"), resolution=Resolution(width=1920, height=1080, percentage=50),
        cameras=[Camera(name="Camera", renderable=True)],
        layers=[RenderLayer(name="ViewLayer", kind="view_layer")],
        assets=[
            Asset(path="//test.<UDIM>.png", kind=AssetKind.TEXTURE, resolved=["/srv/shots/b/test.1001.png"],
                  exists=True, sequence=True),
            Asset(path="//packed.png", kind=AssetKind.TEXTURE, packed=True),
        ],
    )


ENVS = {
    "maya": (EnvChoice("maya2024_mtoa", "Maya", "2024", {"mtoa": "5.3.1"}, os_name=1, render_layer_type=1),
             HardwareChoice(id=301, model="Default", ram="64GB")),
    "houdini": (EnvChoice("hou205", "Houdini", "20.5.278", {}, os_name=0),
                HardwareChoice(id=412, model="2080Ti", ram="128GB", gpu_num="2*GPU")),
    "max": (EnvChoice("max2025_arnold", "3ds Max", "2025", {"arnold": "5.7.2"}), HardwareChoice(id=301)),
    "blender": (EnvChoice("blender42", "Blender", "4.2.3", {}, os_name=0), HardwareChoice(id=12, ram="32GB")),
}
SPECS = {"maya": _maya, "houdini": _houdini, "max": _max, "blender": _blender}
SETTINGS = {
    "maya": JobSettings(project="shot010", test_frames="first", priority=60, labels=["fx"], notes="v003"),
    "houdini": JobSettings(frames_per_machine=4),
    "max": JobSettings(cameras=["Camera002"], timeout_s=3600, overtime_stop_s=7200),
    "blender": JobSettings(frames="1-100[10]", test_frames="1,50"),
}


@pytest.mark.parametrize("host", sorted(SPECS))
def test_job_files_match_golden(host):
    env, hw = ENVS[host]
    files = build_job_files(SPECS[host](), SETTINGS[host], env, hw, task_id=19097, user_id=10007893,
                            platform="2", scene_md5="9e107d9d372bb6826bd81d3542a419d6")
    folder = GOLDEN / host
    if UPDATE:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in files.texts().items():
            (folder / name).write_text(text, encoding="utf-8")
    for name, text in files.texts().items():
        expected = (folder / name).read_text(encoding="utf-8")
        assert json.loads(text) == json.loads(expected), "%s/%s differs from the golden file" % (host, name)
        assert text == expected


def test_maya_details():
    env, hw = ENVS["maya"]
    f = build_job_files(_maya(), SETTINGS["maya"], env, hw, task_id=1, user_id=2, scene_md5="")
    layers = f.task["scene_info_render"]["layer"]
    assert sorted(layers) == ["rs_beauty", "rs_fx"]  # rs_off is not renderable
    assert layers["rs_fx"]["common"]["frames"] == "1001-1049[2]"
    assert f.task["task_info"]["enable_layered"] == "1"
    assert f.task["task_info"]["hardwareConfigIds"] == ["301"]
    assert f.task["task_info"]["pre_frames"] == "100"
    servers = [a["server"] for a in f.upload["asset"]]
    assert servers == ["/D/proj/shot010/tex/wood.1001.exr", "/D/proj/shot010/tex/wood.1002.exr",
                       "/nas01/proj/cache/anim.abc", "/D/proj/shot010/scenes/shot010_v003.mb"]
    assert f.tips == {"10012": ["D:/proj/shot010/tex/gone.tif"], "15013": ["Maya 2024"]}


def test_settings_override_scene_frames_and_layers():
    env, hw = ENVS["maya"]
    f = build_job_files(_maya(), JobSettings(frames="5-6", layers=["rs_off"]), env, hw, task_id=1, user_id=2,
                        scene_md5="")
    assert list(f.task["scene_info_render"]["layer"]) == ["rs_off"]
    assert f.task["scene_info_render"]["layer"]["rs_off"]["common"]["frames"] == "5-6[1]"
    with pytest.raises(JobFilesError, match="rs_nope"):
        build_job_files(_maya(), JobSettings(layers=["rs_nope"]), env, hw, task_id=1, user_id=2, scene_md5="")


def test_no_frames_is_an_error_naming_the_fix():
    env, hw = ENVS["max"]
    spec = _max()
    spec.frames = None
    with pytest.raises(JobFilesError, match="set the frames"):
        build_job_files(spec, JobSettings(), env, hw, task_id=1, user_id=2, scene_md5="")


def test_job_files_are_fresh_per_job():
    env, hw = ENVS["houdini"]
    a = build_job_files(_houdini(), JobSettings(), env, hw, task_id=1, user_id=2, scene_md5="")
    a.task["task_info"]["task_id"] = "changed"
    a.task["scene_info_render"]["render_node"].append({"x": 1})
    b = build_job_files(_houdini(), JobSettings(), env, hw, task_id=3, user_id=2, scene_md5="")
    assert b.task["task_info"]["task_id"] == "3"
    assert len(b.task["scene_info_render"]["render_node"]) == 1


def test_scene_md5_and_write(tmp_path):
    scene = tmp_path / "a.blend"
    scene.write_bytes(b"BLENDER-v402" + b"\0" * 100)
    spec = _blender()
    spec.scene_path = str(scene)
    spec.assets = []
    env, hw = ENVS["blender"]
    f = build_job_files(spec, JobSettings(), env, hw, task_id=5, user_id=6)
    import hashlib

    assert f.upload["scene"][0]["hash"] == hashlib.md5(scene.read_bytes()).hexdigest()
    paths = f.write(str(tmp_path / "job"))
    assert sorted(paths) == ["asset.json", "task.json", "tips.json", "upload.json"]
    assert json.loads(Path(paths["task.json"]).read_text("utf-8"))["task_info"]["task_id"] == "5"
