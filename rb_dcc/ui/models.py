"""Item models: one per list the panel shows. Rows are pydantic objects; columns are declared once.

``RowTableModel`` is a flat table over a list of rows; ``TaskTreeModel`` is the task list with
sub-tasks (layers) as children. Sorting happens in the model (a Python sort of the rows, fast
enough for tens of thousands), so the views need no proxy. Custom roles are ``Role``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Callable, Dict, List, Optional, Sequence

from qtpy.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, Qt
from qtpy.QtGui import QColor

from . import format as fmt
from .i18n import tr


class Role(IntEnum):
    ROW = 256 + 1  # the pydantic row object
    SORT = 256 + 2  # value used for sorting
    ID = 256 + 3  # the row's id (task id, frame id, asset path)
    TONE = 256 + 4  # "ok" / "bad" / "busy" / "held" / "idle": colour family
    PROGRESS = 256 + 5  # 0..100 for progress columns


TONE_COLOURS = {
    "ok": "#2e9d5b", "bad": "#d64545", "busy": "#2f7fd8", "held": "#c9891b", "idle": "#8a8f98",
}


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # English; translated when shown
    value: Callable[[Any], Any]
    sort: Optional[Callable[[Any], Any]] = None
    align: str = "left"  # "left", "right", "center"
    tone: Optional[Callable[[Any], str]] = None
    tooltip: Optional[Callable[[Any], str]] = None
    progress: Optional[Callable[[Any], int]] = None
    width: int = 0  # preferred width in characters (0: let the view decide)


_ALIGN = {
    "left": Qt.AlignLeft | Qt.AlignVCenter,
    "right": Qt.AlignRight | Qt.AlignVCenter,
    "center": Qt.AlignCenter,
}


_COLOURS: Dict[str, Any] = {}


def _colour(tone: str):
    c = _COLOURS.get(tone)
    if c is None:
        c = _COLOURS[tone] = QColor(TONE_COLOURS.get(tone, TONE_COLOURS["idle"]))
    return c


def _sort_value(col: Column, row: Any):
    v = col.sort(row) if col.sort else col.value(row)
    # tuples sort None first without TypeError
    return (v is not None, v if v is not None else 0)


_DISPLAY = int(Qt.DisplayRole)
_ALIGNMENT = int(Qt.TextAlignmentRole)
_TOOLTIP = int(Qt.ToolTipRole)
_FOREGROUND = int(Qt.ForegroundRole)
_ALIGN_INT = {k: int(v) for k, v in _ALIGN.items()}
_FLAGS = Qt.ItemIsEnabled | Qt.ItemIsSelectable  # worked out once: enum arithmetic is slow in bindings


def _cell(col: Column, row: Any, role: int):
    role = int(role)
    if role == _DISPLAY:
        v = col.value(row)
        return "" if v is None else str(v)
    if role == _FOREGROUND:
        return _colour(col.tone(row)) if col.tone else None
    if role == _ALIGNMENT:
        return _ALIGN_INT[col.align]
    if role == Role.SORT:
        return col.sort(row) if col.sort else col.value(row)
    if role == _TOOLTIP:
        return col.tooltip(row) if col.tooltip else None
    if role == Role.TONE:
        return col.tone(row) if col.tone else None
    if role == Role.PROGRESS:
        return int(col.progress(row)) if col.progress else None
    if role == Role.ROW:
        return row
    return None


_CACHED = frozenset((_DISPLAY, _FOREGROUND, int(Role.PROGRESS), _ALIGNMENT, int(Role.TONE)))

# roles the models answer; any other role is answered with None before any work is done
_ROLES = frozenset(int(r) for r in (Qt.DisplayRole, Qt.TextAlignmentRole, Qt.ToolTipRole, Qt.ForegroundRole)) | \
    frozenset(int(r) for r in Role)


class RowTableModel(QAbstractTableModel):
    """A table over ``rows`` (pydantic objects) with ``columns`` declared by the subclass."""

    columns: Sequence[Column] = ()
    id_of: Callable[[Any], Any] = staticmethod(lambda row: id(row))

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: List[Any] = []
        self._sort = (-1, Qt.AscendingOrder)

    # reading ---------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role=Qt.DisplayRole):
        if int(role) not in _ROLES or not index.isValid() or index.row() >= len(self._rows) \
                or index.column() >= len(self.columns):
            return None
        row = self._rows[index.row()]
        if role == Role.ID:
            return self.id_of(row)
        return _cell(self.columns[index.column()], row, role)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.DisplayRole:
                return tr(self.columns[section].title)
            if role == Qt.TextAlignmentRole:
                return int(_ALIGN[self.columns[section].align])
        return None

    def flags(self, index):
        return _FLAGS if index.isValid() else Qt.NoItemFlags

    def row(self, r: int) -> Any:
        return self._rows[r]

    def rows(self) -> List[Any]:
        return list(self._rows)

    def row_of_id(self, ident: Any) -> int:
        for i, r in enumerate(self._rows):
            if self.id_of(r) == ident:
                return i
        return -1

    def column_of(self, key: str) -> int:
        for i, c in enumerate(self.columns):
            if c.key == key:
                return i
        raise KeyError(key)

    # writing ---------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Any]) -> None:
        """Replace the rows. Same ids in the same order: cells update in place (selection kept)."""
        rows = self._sorted(list(rows))
        if rows and len(rows) == len(self._rows) and all(
            self.id_of(a) == self.id_of(b) for a, b in zip(rows, self._rows)
        ):
            self._rows = rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(self.columns) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def sort(self, column, order=Qt.AscendingOrder):
        self._sort = (column, order)
        if not (0 <= column < len(self.columns)) or not self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [(self.id_of(self._rows[i.row()]), i.column()) for i in old]
        self._rows = self._sorted(self._rows)
        pos = {self.id_of(r): n for n, r in enumerate(self._rows)}
        self.changePersistentIndexList(old, [self.index(pos[i], c) for i, c in old_ids])
        self.layoutChanged.emit()

    def _sorted(self, rows: List[Any]) -> List[Any]:
        column, order = self._sort
        if not (0 <= column < len(self.columns)):
            return rows
        col = self.columns[column]
        return sorted(rows, key=lambda r: _sort_value(col, r), reverse=order == Qt.DescendingOrder)


class TaskTreeModel(QAbstractItemModel):
    """Tasks at the top level, their sub-tasks (``resp_rendering_task_list``) as children.

    Index identity: a top-level index has ``internalId() == 0``; a child's is ``parent row + 1``.
    """

    columns: Sequence[Column] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._tasks: List[Any] = []
        self._children: List[List[Any]] = []
        self._sort = (-1, Qt.AscendingOrder)
        self._cache: Dict[Any, Any] = {}

    # structure -------------------------------------------------------------------------------
    def index(self, row, column, parent=QModelIndex()):
        if column < 0 or column >= len(self.columns) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row >= len(self._tasks):
                return QModelIndex()
            return self.createIndex(row, column, 0)
        if parent.internalId() != 0:
            return QModelIndex()
        prow = parent.row()
        if prow >= len(self._children) or row >= len(self._children[prow]):
            return QModelIndex()
        return self.createIndex(row, column, prow + 1)

    def parent(self, index=QModelIndex()):
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, 0)

    def rowCount(self, parent=QModelIndex()):
        if not parent.isValid():
            return len(self._tasks)
        if parent.internalId() != 0 or parent.column() != 0:
            return 0
        return len(self._children[parent.row()]) if parent.row() < len(self._children) else 0

    def columnCount(self, parent=QModelIndex()):
        return len(self.columns)

    def hasChildren(self, parent=QModelIndex()):
        return self.rowCount(parent) > 0

    def task(self, index) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._tasks[index.row()] if index.row() < len(self._tasks) else None
        prow = int(index.internalId()) - 1
        kids = self._children[prow] if prow < len(self._children) else []
        return kids[index.row()] if index.row() < len(kids) else None

    def data(self, index, role=Qt.DisplayRole):
        if int(role) not in _ROLES:
            return None
        task = self.task(index) if index.isValid() and index.column() < len(self.columns) else None
        if task is None:
            return None
        if role == Role.ID:
            return task.id
        role = int(role)
        if role in _CACHED:
            key = (id(task), index.column(), role)  # cells are drawn often; work them out once
            try:
                return self._cache[key]
            except KeyError:
                value = self._cache[key] = _cell(self.columns[index.column()], task, role)
                return value
        return _cell(self.columns[index.column()], task, role)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.DisplayRole:
                return tr(self.columns[section].title)
            if role == Qt.TextAlignmentRole:
                return int(_ALIGN[self.columns[section].align])
        return None

    def flags(self, index):
        return _FLAGS if index.isValid() else Qt.NoItemFlags

    # lookup ----------------------------------------------------------------------------------
    def tasks(self) -> List[Any]:
        return list(self._tasks)

    def index_of_id(self, task_id: Any, column: int = 0):
        for r, t in enumerate(self._tasks):
            if t.id == task_id:
                return self.index(r, column)
            for c, k in enumerate(self._children[r]):
                if k.id == task_id:
                    return self.index(c, column, self.index(r, 0))
        return QModelIndex()

    def find(self, task_id: Any) -> Any:
        idx = self.index_of_id(task_id)
        return self.task(idx) if idx.isValid() else None

    # writing ---------------------------------------------------------------------------------
    def set_tasks(self, tasks: Sequence[Any]) -> None:
        """Replace the tasks; when the ids (and their children's) are unchanged, update in place."""
        self._cache = {}
        tasks = self._sorted(list(tasks))
        children = [self._sorted(list(getattr(t, "resp_rendering_task_list", None) or [])) for t in tasks]
        same = len(tasks) == len(self._tasks) and all(
            a.id == b.id and [x.id for x in ka] == [y.id for y in kb]
            for a, b, ka, kb in zip(tasks, self._tasks, children, self._children)
        )
        if same and tasks:
            self._tasks, self._children = tasks, children
            last = len(self.columns) - 1
            self.dataChanged.emit(self.index(0, 0), self.index(len(tasks) - 1, last))
            for r, kids in enumerate(children):
                if kids:
                    p = self.index(r, 0)
                    self.dataChanged.emit(self.index(0, 0, p), self.index(len(kids) - 1, last, p))
            return
        self.beginResetModel()
        self._tasks, self._children = tasks, children
        self.endResetModel()

    def sort(self, column, order=Qt.AscendingOrder):
        self._sort = (column, order)
        if not (0 <= column < len(self.columns)) or not self._tasks:
            return
        self.layoutAboutToBeChanged.emit()
        self._cache = {}
        old = self.persistentIndexList()
        old_ids = [(self.task(i).id, i.column()) for i in old]
        pairs = list(zip(self._tasks, self._children))
        col = self.columns[column]
        pairs.sort(key=lambda p: _sort_value(col, p[0]), reverse=order == Qt.DescendingOrder)
        self._tasks = [p[0] for p in pairs]
        self._children = [self._sorted(p[1]) for p in pairs]
        self.changePersistentIndexList(old, [self.index_of_id(i, c) for i, c in old_ids])
        self.layoutChanged.emit()

    def _sorted(self, rows: List[Any]) -> List[Any]:
        column, order = self._sort
        if not (0 <= column < len(self.columns)):
            return rows
        col = self.columns[column]
        return sorted(rows, key=lambda r: _sort_value(col, r), reverse=order == Qt.DescendingOrder)


# --- the concrete models --------------------------------------------------------------------

def _progress(task) -> int:
    total = getattr(task, "total_frames", 0) or 0
    done = getattr(task, "done_frames", 0) or 0
    return int(round(100.0 * done / total)) if total else 0


def _elapsed(task) -> Optional[float]:
    d = getattr(task, "render_duration", None)
    return float(d) if d else None


class TaskModel(TaskTreeModel):
    columns = (
        Column("id", "Task", lambda t: t.task_alias or str(t.id), sort=lambda t: t.id, width=10,
               tooltip=lambda t: "%s (%s)" % (t.task_alias or "", t.id)),
        Column("scene", "Scene", lambda t: getattr(t, "layer_name", None) or t.scene_name or "", width=24,
               tooltip=lambda t: t.scene_name or ""),
        Column("status", "Status", lambda t: fmt.task_status_text(t.task_status), sort=lambda t: t.task_status,
               tone=lambda t: fmt.task_tone(t.task_status), width=14),
        Column("progress", "Progress", lambda t: "%d%%" % _progress(t), sort=_progress, progress=_progress,
               align="center", width=12),
        Column("frames", "Done / failed / total",
               lambda t: "%d / %d / %d" % (t.done_frames or 0, t.failed_frames or 0, t.total_frames or 0),
               sort=lambda t: (t.done_frames or 0, t.total_frames or 0), align="right", width=14,
               tone=lambda t: "bad" if (t.failed_frames or 0) else "idle"),
        Column("cost", "Cost", lambda t: fmt.money(t.render_consume), sort=lambda t: t.render_consume or 0.0,
               align="right", width=8),
        Column("submitted", "Submitted", lambda t: fmt.timestamp(t.submit_date), sort=lambda t: t.submit_date or 0,
               width=16),
        Column("duration", "Duration", lambda t: fmt.duration(_elapsed(t)), sort=lambda t: _elapsed(t) or 0.0,
               align="right", width=9),
    )


class FrameModel(RowTableModel):
    """Rows are ``FrameRow`` s (``.frame`` is the farm's ``Frame``, ``.layer`` its layer)."""

    id_of = staticmethod(lambda r: r.frame.id)
    columns = (
        Column("frame", "Frame", lambda r: r.frame.frame_index, sort=lambda r: (r.layer, _frame_number(r.frame.frame_index)),
               width=8),
        Column("layer", "Layer", lambda r: r.layer, width=14),
        Column("status", "Status", lambda r: fmt.frame_status_text(r.frame.frame_status),
               sort=lambda r: int(r.frame.frame_status or 0), tone=lambda r: fmt.frame_tone(r.frame.frame_status),
               width=12),
        Column("time", "Render time", lambda r: fmt.duration(r.frame.frame_execute_time),
               sort=lambda r: r.frame.frame_execute_time or 0, align="right", width=9),
        Column("cost", "Cost", lambda r: fmt.money(r.frame.fee_amount), sort=lambda r: r.frame.fee_amount or 0.0,
               align="right", width=7),
        Column("started", "Started", lambda r: fmt.timestamp(r.frame.start_time), sort=lambda r: r.frame.start_time or 0,
               width=16),
        Column("retries", "Retries", lambda r: getattr(r.frame, "recommit_flag", 0) or 0, align="right", width=6),
    )


def _frame_number(index: Any) -> float:
    text = str(index or "")
    head = text.split("-")[0] if not text.startswith("-") else text
    try:
        return float(head)
    except ValueError:
        return float("inf")


def _asset_state(a) -> str:
    if a.packed:
        return "packed"
    return "found" if a.exists else "missing"


_ASSET_STATE_WORDS = {"packed": "Packed", "found": "Found", "missing": "Missing"}


class AssetModel(RowTableModel):
    id_of = staticmethod(lambda a: (a.node, a.path))
    columns = (
        Column("state", "State", lambda a: tr(_ASSET_STATE_WORDS[_asset_state(a)]), sort=_asset_state,
               tone=lambda a: {"missing": "bad", "found": "ok", "packed": "busy"}[_asset_state(a)], width=8),
        Column("path", "File", lambda a: a.path, tooltip=lambda a: "\n".join(a.resolved[:20] or [a.path]), width=40),
        Column("kind", "Kind", lambda a: tr(a.kind.value.capitalize()) if hasattr(a.kind, "value") else str(a.kind),
               width=9),
        Column("size", "Size", lambda a: fmt.size(a.size) if a.size else "", sort=lambda a: a.size, align="right",
               width=9),
        Column("node", "Node", lambda a: a.node, width=24),
    )


_SEVERITY_WORDS = {"error": "Error", "warning": "Warning", "notice": "Notice"}
_SEVERITY_ORDER = {"error": 0, "warning": 1, "notice": 2}


def _sev(p) -> str:
    return getattr(p.severity, "value", p.severity)


class ProblemModel(RowTableModel):
    id_of = staticmethod(lambda p: (p.message, p.ref))
    columns = (
        Column("severity", "Severity", lambda p: tr(_SEVERITY_WORDS.get(_sev(p), _sev(p))),
               sort=lambda p: _SEVERITY_ORDER.get(_sev(p), 3),
               tone=lambda p: {"error": "bad", "warning": "held", "notice": "busy"}.get(_sev(p), "idle"), width=8),
        Column("message", "Problem", lambda p: p.message, tooltip=lambda p: p.message, width=50),
        Column("fix", "What to do", lambda p: p.fix, tooltip=lambda p: p.fix, width=40),
    )

    def set_rows(self, rows):  # errors first, always
        super().set_rows(sorted(rows, key=lambda p: _SEVERITY_ORDER.get(_sev(p), 3)))


class OutputModel(RowTableModel):
    """Files of a download in progress or done: path, size, state."""

    id_of = staticmethod(lambda o: o.path)
    columns = (
        Column("path", "File", lambda o: o.path, width=40),
        Column("size", "Size", lambda o: fmt.size(o.size), sort=lambda o: o.size, align="right", width=9),
    )


__all__ = [
    "Role", "Column", "RowTableModel", "TaskTreeModel", "TaskModel", "FrameModel", "AssetModel",
    "ProblemModel", "OutputModel", "TONE_COLOURS",
]
