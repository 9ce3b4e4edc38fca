"""Shared bits of the panel's widgets: icons and style from ``resources/``, message strips."""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Optional

from qtpy.QtCore import Qt, Signal
from qtpy.QtGui import QIcon
from qtpy.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from rb_dcc.resources import resource_path

from ..i18n import tr


@lru_cache(maxsize=None)
def icon(name: str) -> QIcon:
    """An icon from ``resources/icons/<name>.svg`` (empty icon when absent)."""
    path = resource_path("icons", name + ".svg")
    return QIcon(str(path)) if path.is_file() else QIcon()


@lru_cache(maxsize=None)
def style_sheet() -> str:
    path = resource_path("styles", "panel.qss")
    if not path.is_file():
        return ""
    icons = resource_path("icons").as_posix()
    return path.read_text(encoding="utf-8").replace("@ICONS@", icons)


def set_tone(widget: QWidget, tone: str) -> None:
    """Set the ``tone`` property the style sheet colours by, and re-polish."""
    if widget.property("tone") == tone:
        return
    widget.setProperty("tone", tone)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def set_role(button: QPushButton, role: str) -> QPushButton:
    button.setProperty("role", role)
    return button


def wrap_label(text: str = "", tone: str = "", object_name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Minimum)
    if tone:
        label.setProperty("tone", tone)
    if object_name:
        label.setObjectName(object_name)
    return label


class ControllerBindings:
    """For a view bound to a controller's events: ``_on`` connects and remembers, ``unbind`` lets go.

    The view sets ``self._bindings = []`` before binding.
    """

    _bindings: list

    def _on(self, event, fn) -> None:
        event.connect(fn)
        self._bindings.append((event, fn))

    def unbind(self) -> None:
        """Stop listening to the controller (before this view is replaced or closed)."""
        for event, fn in self._bindings:
            event.disconnect(fn)
        self._bindings = []


class Banner(QFrame):
    """A message strip: icon, bold title, text, and up to two buttons (e.g. Retry, Profile…)."""

    action = Signal(str)

    ICONS = {"bad": "error", "held": "warning", "ok": "ok", "busy": "notice", "offline": "offline"}

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("rbBanner")
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 8, 10, 8)
        row.setSpacing(10)
        self._icon = QLabel()
        self._icon.setFixedWidth(20)
        self._icon.setAlignment(Qt.AlignTop)
        row.addWidget(self._icon)
        col = QVBoxLayout()
        col.setSpacing(2)
        self.title = QLabel()
        self.title.setObjectName("rbBannerTitle")
        self.title.setWordWrap(True)
        self.text = wrap_label()
        col.addWidget(self.title)
        col.addWidget(self.text)
        row.addLayout(col, 1)
        self._buttons = []
        for _ in range(2):
            b = QPushButton()
            b.hide()
            b.clicked.connect(lambda checked=False, b=b: self.action.emit(b.property("key")))
            row.addWidget(b, 0, Qt.AlignVCenter)
            self._buttons.append(b)
        self.hide()

    def show_message(self, title: str, text: str = "", tone: str = "bad",
                     actions: Optional[list] = None, icon_name: Optional[str] = None) -> None:
        """``actions``: list of ``(key, label)``; clicking emits ``action(key)``."""
        set_tone(self, tone)
        self._icon.setPixmap(icon(icon_name or self.ICONS.get(tone, "notice")).pixmap(16, 16))
        self.title.setText(title)
        self.title.setVisible(bool(title))
        self.text.setText(text)
        self.text.setVisible(bool(text))
        actions = list(actions or [])
        for b, act in zip(self._buttons, actions + [None] * (2 - len(actions))):
            if act is None:
                b.hide()
                continue
            key, label = act
            b.setProperty("key", key)
            b.setText(label)
            b.setObjectName("rbBanner_%s" % key)
            set_role(b, "danger" if key in ("yes_delete", "yes_abandon") else "")
            b.style().unpolish(b)
            b.style().polish(b)
            b.show()
        self.show()

    def button(self, key: str) -> Optional[QPushButton]:
        for b in self._buttons:
            if not b.isHidden() and b.property("key") == key:
                return b
        return None


def tool_button(text: str, icon_name: str, slot: Callable, tip: str = "", role: str = "") -> QPushButton:
    b = QPushButton(icon(icon_name), text)
    if tip:
        b.setToolTip(tip)
    if role:
        set_role(b, role)
    b.clicked.connect(lambda checked=False: slot())
    return b


def image_label(placeholder: str) -> QLabel:
    label = QLabel(placeholder)
    label.setObjectName("rbImage")
    label.setAlignment(Qt.AlignCenter)
    label.setMinimumSize(160, 100)
    label.setWordWrap(True)
    return label


__all__ = ["icon", "style_sheet", "set_tone", "set_role", "wrap_label", "Banner", "tool_button", "image_label", "tr"]
