"""The session a fake Houdini holds, loaded from a JSON description (tests/hostfakes/scenes/houdini)."""

from __future__ import annotations

import copy
import posixpath


class Session:
    def __init__(self, desc: dict):
        desc = copy.deepcopy(desc)
        self.version = desc.get("version", "20.5.278")
        self.app = desc.get("application", "hython")
        self.ui = bool(desc.get("ui", False))
        self.main_window = None
        self.hip = desc.get("hip", "")
        self.modified = bool(desc.get("modified", False))
        self.saves = 0
        self.frame = float(desc.get("frame", 1))
        self.fps = float(desc.get("fps", 24))
        self.playbar = tuple(float(v) for v in desc.get("playbar", [1, 240]))
        self.env = dict(desc.get("env", {}))
        self.hda_files = list(desc.get("hdaFiles", []))
        self.definitions = desc.get("definitions", {})
        self.user_data = {k: dict(v) for k, v in desc.get("userData", {}).items()}
        self.nodes = {}
        self.selected = []
        self.current = None
        for path in ("/", "/obj", "/out", "/stage", "/mat", "/shop", "/img", "/ch"):
            self.nodes[path] = {"type": "root" if path == "/" else path[1:] + "net", "category": "Manager", "parms": {}}
        for node in desc.get("nodes", []):
            entry = {
                "type": node["type"],
                "category": node.get("category", "Sop"),
                "parms": dict(node.get("parms", {})),
                "bypass": bool(node.get("bypass", False)),
            }
            self.nodes[node["path"]] = entry
        self.deleted = set()

    def hip_dir(self) -> str:
        return posixpath.dirname(self.hip) if self.hip else self.env.get("HIP_UNTITLED_DIR", "/tmp")

    def hip_name(self) -> str:
        base = posixpath.basename(self.hip) if self.hip else "untitled.hip"
        return base.rsplit(".", 1)[0]

    def variables(self) -> dict:
        out = {
            "HIP": self.hip_dir(),
            "HIPFILE": self.hip or posixpath.join(self.hip_dir(), "untitled.hip"),
            "HIPNAME": self.hip_name(),
            "JOB": self.hip_dir(),
            "HFS": "/opt/hfs" + ".".join(self.version.split(".")[:2]),
            "HH": "/opt/hfs%s/houdini" % ".".join(self.version.split(".")[:2]),
            "FSTART": "%g" % self.playbar[0],
            "FEND": "%g" % self.playbar[1],
            "RFSTART": "%g" % self.playbar[0],
            "RFEND": "%g" % self.playbar[1],
            "FPS": "%g" % self.fps,
            "F": "%d" % int(self.frame),
            "FF": "%g" % self.frame,
        }
        out.update(self.env)
        return out


SESSION = Session({})


def load(desc: dict) -> Session:
    global SESSION
    SESSION = Session(desc)
    return SESSION
