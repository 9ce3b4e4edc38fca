"""Renderbus for Maya (installed by ``rb-dcc install maya``; the module file puts rb_dcc on PYTHONPATH).

Adds the Renderbus menu to the main window and a button to the Renderbus shelf once Maya's UI
exists; does nothing in batch mode.
"""


def _rb_dcc_menu():
    try:
        from rb_dcc.hostintegration import mayamenu
    except ImportError as exc:
        print("rb_dcc: no Renderbus menu: %s (rb_dcc.mod puts rb_dcc on PYTHONPATH; run rb-dcc install maya again)" % exc)
        return
    mayamenu.install()


import maya.utils  # noqa: E402

maya.utils.executeDeferred(_rb_dcc_menu)
