"""The scene a fake 3ds Max holds, loaded from a JSON description (tests/hostfakes/scenes/max)."""

from __future__ import annotations

import copy


class Scene:
    def __init__(self, desc: dict):
        desc = copy.deepcopy(desc)
        self.desc = desc
        self.max_version = list(desc.get("maxVersion", [25000, 62, 0, 25, 0, 0, 0, 2023, ""]))
        self.max_root = desc.get("maxRoot", "C:\\Program Files\\Autodesk\\3ds Max %d\\" % self.max_version[7])
        self.file_path = desc.get("maxFilePath", "")
        self.file_name = desc.get("maxFileName", "")
        self.save_required = bool(desc.get("saveRequired", False))
        self.saves = []
        self.frame_rate = int(desc.get("frameRate", 30))
        self.current_time = float(desc.get("currentTime", 0))
        self.animation_range = tuple(desc.get("animationRange", [0, 100]))
        self.render = dict(desc.get("render", {}))
        self.render_elements = list(desc.get("renderElements", []))
        self.cameras = list(desc.get("cameras", []))
        self.active_camera = desc.get("activeCamera")
        self.objects = list(desc.get("objects", [])) + [c["name"] for c in self.cameras]
        self.assets = list(desc.get("assets", []))
        self.xref_scenes = list(desc.get("xrefScenes", []))
        self.xref_objects = list(desc.get("xrefObjects", []))
        self.plugins = list(desc.get("plugins", []))
        self.file_properties = {k: dict(v) for k, v in desc.get("fileProperties", {}).items()}
        self.ui = bool(desc.get("ui", True))
        self.main_window = None
        self.selection = []
        self.ats_refreshes = 0


SCENE = Scene({})


def load(desc: dict) -> Scene:
    global SCENE
    SCENE = Scene(desc)
    return SCENE
