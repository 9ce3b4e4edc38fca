"""The Qt panel (qtpy only). ``open_panel(adapter=None, parent=None)`` is the single entry point.

Importing ``rb_dcc.ui`` imports no Qt binding; ``open_panel`` does. Inside a host the panel is
parented to the host's main window and reused for the whole session; outside one it is a window
of its own (a ``QApplication`` is created only when none exists).
"""

from __future__ import annotations

import sys
from typing import Any, Optional

_panel = None  # the one panel of this session
_app = None  # the QApplication created here, if any


def _alive(widget) -> bool:
    if widget is None:
        return False
    try:
        widget.objectName()  # raises RuntimeError once the C++ object is gone
        return True
    except RuntimeError:
        return False


def ensure_app():
    """The running ``QApplication``, created (with translator and style) only when none exists."""
    global _app
    from qtpy.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        from qtpy.QtCore import Qt

        try:
            QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        except Exception:  # Qt 5 without the policy
            pass
        app = QApplication(sys.argv[:1])
        app.setApplicationName("rb_dcc")
        app.setOrganizationName("rb_dcc")
        _app = app
    from . import i18n

    if i18n.current_language() == "en_US":
        i18n.install()
    return app


def open_panel(adapter: Any = None, parent: Any = None, **kw: Any):
    """Show the panel (creating it once per session) and return it.

    ``adapter``: a ``HostAdapter`` (default: ``rb_dcc.adapters.base.detect()``); ``parent``: a
    ``QWidget`` (default: the adapter's main window). Extra keywords go to ``Panel`` the first time
    (``client=`` to use a given ``RenderbusClient``, ``refresh_s=`` for the auto-refresh interval).
    """
    global _panel
    ensure_app()
    if _alive(_panel):
        if adapter is not None and adapter is not _panel.submit_ctl.adapter:
            _panel.submit_ctl.set_adapter(adapter)
        _panel.show()
        _panel.raise_()
        _panel.activateWindow()
        return _panel
    if adapter is None:
        from rb_dcc.adapters.base import detect

        adapter = detect()
    if parent is None:
        try:
            parent = adapter.main_window()
        except Exception:
            parent = None
    from .widgets.panel import Panel

    _panel = Panel(adapter, parent, **kw)
    app = ensure_app()
    app.aboutToQuit.connect(_panel.shutdown)
    _panel.show()
    return _panel


def current_panel() -> Optional[Any]:
    return _panel if _alive(_panel) else None


__all__ = ["open_panel", "ensure_app", "current_panel"]
