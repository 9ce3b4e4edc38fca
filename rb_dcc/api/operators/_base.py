"""What the namespaces share: the client reference, id-list coercion, cached parsers, cgId names."""

from __future__ import annotations

import sys
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable, List, Optional, Union

from pydantic import TypeAdapter

if TYPE_CHECKING:  # pragma: no cover
    from ..client import RenderbusClient

#: cgId of each DCC, by the names the SDK and the Doc use (``supported_plugin('maya')``).
CG_IDS = {
    "maya": 2000, "3ds max": 2001, "3dsmax": 2001, "max": 2001, "lightwave": 2002, "arnold": 2003,
    "houdini": 2004, "cinema4d": 2005, "cinema 4d": 2005, "c4d": 2005, "softimage": 2006, "blender": 2007,
    "vr_standalone": 2008, "vray standalone": 2008, "mr_standalone": 2009, "sketchup": 2010, "vue": 2011,
    "keyshot": 2012, "clarisse": 2013, "octane_render": 2014, "nuke": 2015, "katana": 2016,
    "unreal engine": 2020, "unreal": 2020,
}


def cg_id_of(name_or_id: Union[int, str], where: str) -> int:
    """The cgId for a DCC name ("maya", "3ds Max", "houdini", ...) or an id (2000 or "2000")."""
    if isinstance(name_or_id, bool):
        raise ValueError("%s: %r is not a DCC name or cgId" % (where, name_or_id))
    if isinstance(name_or_id, int):
        return name_or_id
    text = str(name_or_id).strip()
    if text.isdigit():
        return int(text)
    try:
        return CG_IDS[text.lower()]
    except KeyError:
        raise ValueError("%s: unknown software %r; use one of %s or a numeric cgId"
                         % (where, name_or_id, ", ".join(sorted(CG_IDS)))) from None


def ids(value: Any, where: str) -> List[int]:
    """A list of integer ids from one id, a list of ids, or numeric strings."""
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
    out = []
    for item in items:
        try:
            out.append(int(item))
        except (TypeError, ValueError):
            raise ValueError("%s: %r is not a task/frame id (a whole number)" % (where, item)) from None
    return out


def client_os_name() -> str:
    return "windows" if sys.platform.startswith("win") else "linux"


@lru_cache(maxsize=None)
def list_of(model: Any) -> Callable[[Any], list]:
    adapter = TypeAdapter(List[model])

    def parse(data: Any) -> list:
        return adapter.validate_python(data or [])
    return parse


def model_of(model: Any) -> Callable[[Any], Any]:
    def parse(data: Any) -> Any:
        return model.model_validate(data if data is not None else {})
    return parse


class Namespace:
    def __init__(self, client: "RenderbusClient"):
        self._client = client

    def __repr__(self) -> str:
        return "<%s of %r>" % (type(self).__name__.lower(), self._client)

    def _zone(self) -> int:
        """1 for the China service (renderbus), 2 for the international one: one rule everywhere."""
        return 1 if "renderbus" in self._client.domain.lower() else 2


def first_non_none(*values: Optional[Any]) -> Any:
    for v in values:
        if v is not None:
            return v
    return None


def strs(values: Optional[Iterable[Any]]) -> List[str]:
    return [str(v) for v in (values or [])]
