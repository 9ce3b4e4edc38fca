"""What every host integration shares: the Renderbus menu entries and ``launch()``.

Each host's bootstrap (``hosts/<host>/...``) is a few lines: make ``rb_dcc`` importable, add the
menu (through ``rb_dcc.hostintegration.<host>menu`` where the host needs code for that) whose
entries call ``launch(host, action)``. ``launch`` finds the host adapter, opens the shared panel
(``rb_dcc.ui.open_panel``) parented to the host window and shows the Submit or Monitor tab.

Nothing here imports a host module or Qt at import time.
"""

from __future__ import annotations

import logging
from typing import Any, List, NamedTuple, Optional

__all__ = ["MenuEntry", "MENU_TITLE", "MENU_ENTRIES", "launch", "show_tab", "python_call"]

log = logging.getLogger(__name__)

MENU_TITLE = "Renderbus"


class MenuEntry(NamedTuple):
    action: str  # "submit" | "monitor": the tab the panel opens on
    label: str  # text in the host menu
    tooltip: str
    macro: str  # command / macro / tool name, unique in the host


MENU_ENTRIES: List[MenuEntry] = [
    MenuEntry("submit", "Submit\u2026", "Send the open scene to the Renderbus render farm", "rb_dcc_submit"),
    MenuEntry("monitor", "Monitor", "Watch your Renderbus tasks render", "rb_dcc_monitor"),
]

_TABS = {"submit": 0, "monitor": 1}
_last_message = None  # the last message box shown (kept alive while it is open)


def python_call(host: str, action: str) -> str:
    """The one line of Python a host menu item runs (single quotes only: it nests in MEL/MAXScript)."""
    if action not in _TABS:
        raise ValueError("unknown menu action %r; known: %s" % (action, ", ".join(sorted(_TABS))))
    return "import rb_dcc.hostintegration as rb; rb.launch('%s', '%s')" % (host, action)


def show_tab(panel: Any, action: str) -> None:
    """Bring the panel's Submit or Monitor tab to the front."""
    tabs = getattr(panel, "tabs", None)
    if tabs is not None and action in _TABS:
        tabs.setCurrentIndex(_TABS[action])


def launch(host: Optional[str] = None, action: str = "submit", **panel_kw: Any) -> Optional[Any]:
    """Open the panel inside ``host`` (default: the host we run in) on the ``action`` tab.

    Returns the panel, or None when it could not open; then the artist is told why in a message
    box (or on the host's console when there is no Qt), never with a traceback.
    """
    try:
        from rb_dcc.adapters.base import detect, get_adapter

        adapter = get_adapter(host) if host else detect()
        from rb_dcc.ui import open_panel

        panel = open_panel(adapter, **panel_kw)
        show_tab(panel, action)
        return panel
    except Exception as exc:  # a menu item must never dump a traceback on the artist
        log.debug("rb_dcc could not open the Renderbus panel", exc_info=True)
        tell_artist(
            "The Renderbus panel could not open: %s\n\nCheck that rb_dcc and its dependencies are installed "
            "for this %s (rb-dcc install %s)." % (str(exc).strip() or type(exc).__name__, host or "host", host or "<host>")
        )
        return None


def tell_artist(message: str) -> None:
    """A message box when Qt is there, else a line on the host's console."""
    try:
        from qtpy.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is not None:
            global _last_message
            box = QMessageBox(QMessageBox.Warning, MENU_TITLE, message)
            box.setModal(False)  # never block the host's own event loop
            box.show()
            _last_message = box
            return
    except Exception:
        pass
    print("rb_dcc: %s" % message)
