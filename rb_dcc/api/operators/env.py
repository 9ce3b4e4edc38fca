"""``client.env``: the account's render environments (§31–§35)."""

from __future__ import annotations

from typing import Any, List, Mapping, Optional

from ..endpoints import EP
from ..models import AddEnvResult, RenderEnv
from ._base import Namespace, cg_id_of, list_of, model_of

_INT_FIELDS = ("cgId", "renderLayerType", "renderSystem")


def _env_body(data: Optional[Mapping[str, Any]], render_env: Optional[Mapping[str, Any]], name: str) -> dict:
    env = data if data is not None else render_env
    if not isinstance(env, Mapping):
        raise ValueError("%s: give the environment as a dict (cgId, cgName, cgVersion, editName, "
                         "renderSystem, pluginIds, ...)" % name)
    body = dict(env)
    for key in _INT_FIELDS:  # the service wants integers; the Doc's own example sends "0"
        if isinstance(body.get(key), str) and body[key].strip().lstrip("-").isdigit():
            body[key] = int(body[key])
    if "pluginIds" in body:
        body["pluginIds"] = [int(p) for p in body["pluginIds"] or []]
    missing = [k for k in ("cgId", "cgName", "cgVersion", "editName") if body.get(k) in (None, "")]
    if missing:
        raise ValueError("%s: the environment lacks %s" % (name, ", ".join(missing)))
    return body


class Env(Namespace):
    def add_render_env(self, data: Optional[Mapping[str, Any]] = None, *,
                       render_env: Optional[Mapping[str, Any]] = None) -> AddEnvResult:
        """§31: save a new render environment; the dict is the body."""
        return self._client.call(EP.add_user_plugin_config, _env_body(data, render_env, "add_render_env"),
                                 model_of(AddEnvResult))

    def update_render_env(self, data: Optional[Mapping[str, Any]] = None, *,
                          render_env: Optional[Mapping[str, Any]] = None) -> None:
        """§32: change a saved environment (``editName`` names it)."""
        return self._client.call(EP.edit_user_plugin_config, _env_body(data, render_env, "update_render_env"))

    def delete_render_env(self, edit_name: str) -> None:
        """§33."""
        return self._client.call(EP.delete_user_plugin_config, {"editName": str(edit_name)})

    def set_default_render_env(self, edit_name: str) -> None:
        """§34."""
        return self._client.call(EP.set_default_user_plugin_config, {"editName": str(edit_name)})

    def get_render_env(self, name: Any = None, cg_names: Optional[List[Any]] = None, os_name: Optional[int] = 1) -> List[RenderEnv]:
        """§35: saved environments for a DCC (name or cgId) or several; ``os_name`` 0 Linux, 1 Windows."""
        body: dict = {}
        if name is not None:
            body["cgId"] = cg_id_of(name, "get_render_env(name)")
        if cg_names:
            if not isinstance(cg_names, (list, tuple)):
                raise ValueError("get_render_env: cg_names must be a list of DCC names or cgIds")
            body["cgIds"] = [cg_id_of(n, "get_render_env(cg_names)") for n in cg_names]
        if os_name is not None:
            body["osName"] = int(os_name)
        return self._client.call(EP.get_user_plugin_config, body, list_of(RenderEnv))
