"""Renderbus for Blender: "Render > Renderbus > Submit… / Monitor" opens the rb_dcc panel.

One folder, two forms: a Blender 4.2+ extension (``blender_manifest.toml``; rb_dcc and its
dependencies come as wheels in the extension zip, built by ``rb-dcc package blender``) and a legacy
add-on (``bl_info``) for 2.93-4.1 (``rb-dcc install blender --version 4.1``), which finds rb_dcc
at the path ``rb-dcc install`` wrote into ``_location.py``. The Qt panel runs beside Blender's UI,
pumped by a ``bpy.app.timers`` callback on the main thread (``rb_dcc.hostintegration.blenderqt``).
"""

bl_info = {
    "name": "Renderbus",
    "author": "rb_dcc",
    "version": (0, 1, 0),
    "blender": (2, 93, 0),
    "location": "Topbar > Render > Renderbus",
    "description": "Send the open scene to the Renderbus render farm and watch it render",
    "doc_url": "",
    "category": "Render",
}

import os
import sys

import bpy
from bpy.props import EnumProperty

from . import _location

_HERE = os.path.dirname(os.path.abspath(__file__))

ACTIONS = (
    ("submit", "Submit\u2026", "Send the open scene to the Renderbus render farm"),
    ("monitor", "Monitor", "Watch your Renderbus tasks render"),
)


def _find_rb_dcc():
    """Make rb_dcc importable; None when it is, else why not."""
    resources = os.path.join(_HERE, "resources")
    if os.path.isdir(resources):
        os.environ.setdefault("RB_DCC_RESOURCES", resources)
    try:
        import rb_dcc  # noqa: F401 - a bundled wheel or an rb_dcc already on the path
        return None
    except ImportError:
        pass
    for path in _location.RB_DCC_PATHS:
        if path and path not in sys.path:
            sys.path.append(path)
    try:
        import rb_dcc  # noqa: F401,F811
    except ImportError as exc:
        return str(exc)
    return None


class RENDERBUS_OT_open_panel(bpy.types.Operator):
    """Open the Renderbus panel on the open scene"""

    bl_idname = "renderbus.open_panel"
    bl_label = "Renderbus"
    bl_options = {"REGISTER"}

    action: EnumProperty(
        name="Tab",
        items=[(key, label.replace("\u2026", ""), tip) for key, label, tip in ACTIONS],
        default="submit",
    )

    def execute(self, context):
        problem = _find_rb_dcc()
        if problem:
            self.report({"ERROR"}, "Renderbus: rb_dcc cannot be imported (%s); reinstall the Renderbus add-on" % problem)
            return {"CANCELLED"}
        from rb_dcc.hostintegration import blenderqt

        if blenderqt.open(self.action) is None:
            self.report({"ERROR"}, "Renderbus: the panel could not open (the message window says why)")
            return {"CANCELLED"}
        return {"FINISHED"}


class RENDERBUS_MT_menu(bpy.types.Menu):
    bl_idname = "RENDERBUS_MT_menu"
    bl_label = "Renderbus"

    def draw(self, context):
        for key, label, _tip in ACTIONS:
            self.layout.operator(RENDERBUS_OT_open_panel.bl_idname, text=label).action = key


def _render_menu(self, context):
    self.layout.separator()
    self.layout.menu(RENDERBUS_MT_menu.bl_idname)


_CLASSES = (RENDERBUS_OT_open_panel, RENDERBUS_MT_menu)


def register():
    for cls in _CLASSES:
        bpy.utils.register_class(cls)
    bpy.types.TOPBAR_MT_render.append(_render_menu)


def unregister():
    bpy.types.TOPBAR_MT_render.remove(_render_menu)
    qt = sys.modules.get("rb_dcc.hostintegration.blenderqt")
    if qt is not None:
        qt.stop()
    for cls in reversed(_CLASSES):
        bpy.utils.unregister_class(cls)
