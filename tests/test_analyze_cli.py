"""``rb-dcc analyze``: summary, --json, and one-line errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from rb_dcc.cli import main
from rb_dcc.scene import SceneSpec


def test_summary_of_a_corpus_scene(scenes_dir, capsys):
    path = scenes_dir / "maya" / "maciejgryka__shadow-gen__scene.mb"
    assert main(["analyze", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Maya 2013" in out
    assert "mentalRay 2013.0 - 3.10.1.4" in out
    assert "Mayatomr 2013.0 - 3.10.1.4, stereoCamera 10.0" in out
    assert "512x512" in out and "[png]" in out
    assert "files      340 (0 found, 340 missing)" in out
    assert "... 325 more (--all-files lists them)" in out
    assert main(["analyze", "--all-files", str(path)]) == 0
    assert capsys.readouterr().out.count("MISSING texture") == 340


def test_json_is_a_scene_spec(scenes_dir, capsys):
    path = scenes_dir / "maya" / "MakeThatMatt__ModelingClass__WhiteboxRoom.ma"
    assert main(["analyze", "--json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    spec = SceneSpec.model_validate(data)
    assert spec.host_version == "2025ff03" and spec.renderer == "arnold"
    assert spec.plugin_version("mtoa") == "5.4.5"


def test_a_written_scene_with_layers_and_files(tmp_path, capsys):
    (tmp_path / "tex.png").write_bytes(b"12345")
    scene = tmp_path / "s.ma"
    scene.write_text(
        '//Maya ASCII 2024 scene\nrequires maya "2024";\n'
        'createNode file -n "f";\n\tsetAttr ".ftn" -type "string" "tex.png";\n'
        'createNode renderLayer -n "fg";\n\tsetAttr ".rndr" no;\n'
        'select -ne :defaultRenderGlobals;\n\tsetAttr ".an" yes;\n\tsetAttr ".fs" 1;\n\tsetAttr ".ef" 24;\n'
        '// End of s.ma\n'
    )
    assert main(["analyze", str(scene)]) == 0
    out = capsys.readouterr().out
    assert "frames     1-24 @ 24 fps" in out
    assert "layer      fg (layer; not renderable; frames 1-24)" in out
    assert "ok      texture   tex.png  [f.ftn]" in out
    assert "5 B" in out


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("empty.ma", b"", "empty"),
        ("blend.mb", b"BLENDER-v293", "Blender"),
        ("cut.ma", b'//Maya ASCII 2024 scene\nrequires maya "2024', "truncated or damaged"),
        ("notes.txt", b"hello", "unknown scene type"),
    ],
)
def test_bad_files_are_one_line_and_exit_2(tmp_path, capsys, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["analyze", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err and str(path) in err
    assert err.startswith("rb-dcc analyze: ")


def test_missing_file_exit_2(tmp_path, capsys):
    assert main(["analyze", str(tmp_path / "nope.ma")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_no_traceback_from_the_real_command(tmp_path):
    bad = tmp_path / "broken.mb"
    bad.write_bytes(b"FOR8\0\0\0\0" + b"\xff" * 8 + b"Maya")
    proc = subprocess.run(
        [sys.executable, "-m", "rb_dcc", "analyze", str(bad)], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
    assert "broken.mb" in proc.stderr and "truncated" in proc.stderr
