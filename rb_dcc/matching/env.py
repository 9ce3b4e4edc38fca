"""Choose the render environment (software + plugin versions) for a scene.

Order of preference: a saved env that matches the host version and every required plugin
exactly (the default env first); else the closest saved env (same major versions, nearest
minor/patch, differences stated); else a new env built from what the farm offers, created only
when the artist confirms. A renderer of a different major version is never chosen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from ..scene import Host, Problem, SceneSpec, Severity
from .catalogue import Catalogue
from .plugins import RENDERER_PLUGIN, canonical, display_name, is_builtin, renderer_key
from .reasons import Reason
from .versions import Version, parse_version, release_key

__all__ = ["version_text", "PluginNeed", "EnvCandidate", "EnvMatch", "Issue", "required_plugins", "match_env"]


@dataclass(frozen=True)
class PluginNeed:
    key: str  # canonical product key
    name: str  # as the scene names it
    version: str
    is_renderer: bool = False

    @property
    def label(self) -> str:
        return display_name(self.key)


@dataclass
class Issue:
    """A problem matching found; ``severity`` error blocks submission."""

    severity: Severity
    reason: Reason

    def as_problem(self, lang: str = "en") -> Problem:
        return Problem(severity=self.severity, message=self.reason.text(lang), code=self.reason.code)

    @property
    def blocking(self) -> bool:
        return self.severity == Severity.ERROR


@dataclass
class EnvCandidate:
    """One render env considered, saved or proposed, with how well it fits."""

    name: str
    env: Any = None  # api.models.RenderEnv for a saved env
    body: Optional[Dict[str, Any]] = None  # add_render_env body for a proposed env
    usable: bool = True
    exact: bool = True
    is_default: bool = False
    differences: List[Reason] = field(default_factory=list)
    distance: Tuple[int, ...] = ()
    summary: str = ""  # " + Arnold 5.3.1" for a proposal

    @property
    def saved(self) -> bool:
        return self.env is not None

    def sort_key(self) -> Tuple[Any, ...]:
        return (not self.usable, not self.exact, len(self.differences), self.distance, not self.is_default, self.name)


@dataclass
class EnvMatch:
    chosen: Optional[EnvCandidate]
    alternatives: List[EnvCandidate] = field(default_factory=list)
    reasons: List[Reason] = field(default_factory=list)
    issues: List[Issue] = field(default_factory=list)
    proposal: Optional[EnvCandidate] = None  # a new env the farm could create (exact where possible)

    @property
    def blocking(self) -> bool:
        return any(i.blocking for i in self.issues)

    @property
    def exact(self) -> bool:
        return bool(self.chosen and self.chosen.exact)

    @property
    def needs_creation(self) -> bool:
        """True when the chosen env is a proposal that must be created (after the artist confirms)."""
        return bool(self.chosen and not self.chosen.saved)

    @property
    def env_name(self) -> str:
        return self.chosen.name if self.chosen else ""


# ------------------------------------------------------------------------------------------------
def required_plugins(spec: SceneSpec) -> List[PluginNeed]:
    """The plugins the farm must load: the scene's required ones (minus host built-ins) + the renderer's."""
    host = Host(spec.host).value
    renderer_plugin = RENDERER_PLUGIN.get(renderer_key(spec.renderer))
    needs: Dict[str, PluginNeed] = {}
    for p in spec.plugins:
        if not p.required or is_builtin(host, p.name):
            continue
        key = canonical(p.name)
        if key not in needs:
            needs[key] = PluginNeed(key, p.name, p.version, key == renderer_plugin)
    if renderer_plugin and renderer_plugin not in needs and not is_builtin(host, renderer_plugin):
        needs[renderer_plugin] = PluginNeed(renderer_plugin, spec.renderer, spec.renderer_version, True)
    return sorted(needs.values(), key=lambda n: (not n.is_renderer, n.key))


def version_text(plugin_version: Any) -> str:
    """The version part of a farm plugin version: the wire says ``"mtoa 5.3.1"``, we want ``"5.3.1"``."""
    name = str(getattr(plugin_version, "plugin_name", "") or "")
    text = str(getattr(plugin_version, "plugin_version", "") or "").strip()
    if name and text.lower().startswith(name.lower() + " "):
        text = text[len(name):].strip()
    return text


def _plugins_of_env(env: Any) -> Dict[str, Tuple[str, str]]:
    out = {}
    for p in getattr(env, "resp_user_plugin_info_vos", None) or []:
        name = getattr(p, "plugin_name", "") or ""
        out[canonical(name)] = (name, version_text(p))
    return out


def _distance(scene: Version, other: Version) -> Tuple[int, ...]:
    """Nearest first: component differences past the major, then 'older than the scene' last."""
    n = max(len(scene), len(other), 3)
    a, b = scene.padded(n), other.padded(n)
    return tuple(abs(x - y) for x, y in zip(a[1:], b[1:])) + (1 if b < a else 0,)


def _same(a: Version, b: Version) -> bool:
    n = max(len(a), len(b))
    return a.padded(n) == b.padded(n)


def _compare_host(host: str, label: str, scene_v: str, env_v: str, env_name: str):
    """-> (usable, exact, difference Reason or None, distance)"""
    sv, ev = parse_version(scene_v), parse_version(env_v)
    if not sv or not ev:
        return True, False, None, (99,)
    if release_key(host, sv) == release_key(host, ev):
        # the env may name only the release (Maya "2024") or a build (Houdini "20.5.278")
        exact = all(i >= len(sv) or sv[i] == ev[i] for i in range(len(ev))) or len(ev) <= len(release_key(host, ev))
        diff = None if exact else Reason("env.diff.host", host=label, scene_version=scene_v, env=env_name, env_version=env_v)
        return True, exact, diff, _distance(sv, ev)
    if sv.major == ev.major and host in ("houdini", "blender"):
        return True, False, Reason("env.diff.host", host=label, scene_version=scene_v, env=env_name, env_version=env_v), _distance(sv, ev)
    return False, False, Reason("env.unusable.host_major", host=label, env=env_name, env_version=env_v, scene_version=scene_v), (999,)


def _evaluate(spec: SceneSpec, needs: List[PluginNeed], env: Any) -> EnvCandidate:
    host = Host(spec.host)
    name = str(getattr(env, "edit_name", "") or "")
    cand = EnvCandidate(name=name, env=env, is_default=str(getattr(env, "is_default", 0)) == "1")
    usable, exact, diff, dist = _compare_host(host.value, host.label, spec.host_version, str(getattr(env, "cg_version", "")), name)
    cand.usable, cand.exact = usable, exact
    distances = [dist]
    if diff:
        cand.differences.append(diff)
    have = _plugins_of_env(env)
    for need in needs:
        if need.key not in have:
            cand.usable = cand.exact = False
            cand.differences.append(Reason("env.unusable.plugin_missing", env=name, plugin=need.label))
            continue
        _, env_version = have[need.key]
        nv, ev = parse_version(need.version), parse_version(env_version)
        if not nv or _same(nv, ev):
            continue
        cand.exact = False
        if nv.major != ev.major:
            cand.usable = False
            cand.differences.append(
                Reason("env.unusable.plugin_major", env=name, plugin=need.label, env_version=env_version, scene_version=need.version)
            )
        else:
            cand.differences.append(
                Reason("env.diff.plugin", plugin=need.label, scene_version=need.version, env=name, env_version=env_version)
            )
            distances.append(_distance(nv, ev))
    needed = {n.key for n in needs}
    renderers = set(RENDERER_PLUGIN.values())
    for key, (pname, pversion) in sorted(have.items()):
        if key not in needed and key in renderers:
            cand.differences.append(Reason("env.extra_plugin", env=name, plugin=display_name(pname), version=pversion))
    cand.distance = tuple(sum(d[i] if i < len(d) else 0 for d in distances) for i in range(max(len(d) for d in distances)))
    return cand


# ------------------------------------------------------------------------------------------------
def _nearest(scene: Version, offered: List[Tuple[Version, Any]]) -> Optional[Tuple[Version, Any]]:
    same_major = [(v, item) for v, item in offered if v and scene and v.major == scene.major]
    if not same_major:
        return None
    return min(same_major, key=lambda t: _distance(scene, t[0]))


def _plugins_text(pairs: List[Tuple[str, str]]) -> str:
    return "".join(" + %s %s" % (n, v) for n, v in pairs)


def _propose(spec: SceneSpec, needs: List[PluginNeed], catalogue: Catalogue, prefs: Dict[str, Any]):
    """Build an add_render_env body from the catalogue. -> (EnvCandidate or None, [Issue])"""
    host = Host(spec.host)
    issues: List[Issue] = []
    offered_versions = [(parse_version(getattr(v, "cg_version", "")), v) for v in catalogue.versions
                        if int(getattr(v, "cg_id", catalogue.cg_id) or catalogue.cg_id) == catalogue.cg_id]
    offered_text = ", ".join(sorted({str(getattr(v, "cg_version", "")) for _, v in offered_versions}, key=parse_version)) or "none"
    sv = parse_version(spec.host_version)
    if not sv:
        return None, [Issue(Severity.WARNING, Reason("problem.host_unknown", host=host.label))]
    release = [(v, item) for v, item in offered_versions if release_key(host.value, v) == release_key(host.value, sv)]
    exact_host = True
    if release:
        full = [(v, item) for v, item in release if len(v) > len(release_key(host.value, v))]
        exact_full = [(v, item) for v, item in full if _same(v, sv)]
        pick = exact_full[0] if exact_full else (min(release, key=lambda t: _distance(sv, t[0])) if full else release[0])
        if full and not exact_full and len(pick[0]) > len(release_key(host.value, pick[0])):
            exact_host = False
    else:
        pick = _nearest(sv, offered_versions) if host.value in ("houdini", "blender") else None
        exact_host = False
        if pick is None:
            return None, [Issue(Severity.ERROR, Reason("problem.host_unsupported", host=host.label, version=spec.host_version, offered=offered_text))]
    version_obj = pick[1]
    cg_version = str(getattr(version_obj, "cg_version", ""))
    offered_plugins = catalogue.plugins_for_version(getattr(version_obj, "id", None))
    plugin_ids: List[int] = []
    chosen_pairs: List[Tuple[str, str]] = []
    differences: List[Reason] = []
    exact = exact_host
    if not exact_host:
        differences.append(Reason("env.diff.host", host=host.label, scene_version=spec.host_version, env="(new)", env_version=cg_version))
    for need in needs:
        versions = offered_plugins.get(need.key, [])
        listed = ", ".join(version_text(p) for p in versions) or "none"
        if not versions:
            issues.append(Issue(Severity.ERROR, Reason("problem.plugin_unsupported", plugin=need.label, version=need.version or "",
                                                       host=host.label, host_version=cg_version, offered=listed)))
            continue
        nv = parse_version(need.version)
        pairs = [(parse_version(version_text(p)), p) for p in versions]
        exact_pv = [p for v, p in pairs if nv and _same(v, nv)]
        if exact_pv:
            pv = exact_pv[0]
        elif not nv:
            pv = max(pairs, key=lambda t: t[0])[1]  # the scene names no version: the newest
        else:
            near = _nearest(nv, pairs)
            if near is None:
                issues.append(Issue(Severity.ERROR, Reason("problem.plugin_major", plugin=need.label, version=need.version,
                                                           host=host.label, host_version=cg_version, offered=listed)))
                continue
            pv = near[1]
            exact = False
            differences.append(Reason("env.diff.plugin", plugin=need.label, scene_version=need.version, env="(new)",
                                      env_version=version_text(pv)))
        plugin_ids.append(int(getattr(pv, "plugin_id")))
        chosen_pairs.append((str(getattr(pv, "plugin_name", "") or need.label), version_text(pv)))
    if any(i.blocking for i in issues):
        return None, issues
    name = _env_name(host.value, cg_version, chosen_pairs, {getattr(e, "edit_name", "") for e in catalogue.envs})
    body: Dict[str, Any] = {
        "cgId": catalogue.cg_id,
        "cgName": str(getattr(version_obj, "cg_name", "") or host.label),
        "cgVersion": cg_version,
        "editName": name,
        "renderSystem": 0 if str(prefs.get("os_name", "windows")).lower() == "linux" else 1,
        "pluginIds": plugin_ids,
        "projectPath": spec.project_path or "",
    }
    if host == Host.MAYA:
        body["renderLayerType"] = 0 if any(l.kind == "legacy_layer" for l in spec.layers) else 1
    for d in differences:
        d.params["env"] = name
    cand = EnvCandidate(name=name, body=body, usable=True, exact=exact, differences=differences,
                        summary=_plugins_text(chosen_pairs))
    return cand, issues


def _env_name(host: str, version: str, plugins: List[Tuple[str, str]], taken: set) -> str:
    base = "rb_%s%s" % (host, version) + "".join("_%s%s" % (canonical(n), v) for n, v in plugins)
    base = re.sub(r"[^A-Za-z0-9_.-]+", "", base)[:60]
    name, n = base, 2
    while name in taken:
        name = "%s_%d" % (base[:56], n)
        n += 1
    return name


# ------------------------------------------------------------------------------------------------
def match_env(spec: SceneSpec, catalogue: Catalogue, prefs: Optional[Dict[str, Any]] = None) -> EnvMatch:
    """Pick the render env for ``spec`` (see module doc). ``prefs``: ``env_name`` to force one, ``os_name``."""
    prefs = dict(prefs or {})
    host = Host(spec.host)
    needs = required_plugins(spec)
    candidates = sorted((_evaluate(spec, needs, env) for env in catalogue.envs_for_host()), key=EnvCandidate.sort_key)
    match = EnvMatch(chosen=None)
    plugin_text = "".join(" + %s %s" % (n.label, n.version or "") for n in needs).rstrip()

    forced = prefs.get("env_name")
    if forced:
        hit = [c for c in candidates if c.name == forced]
        if not hit:
            match.issues.append(Issue(Severity.ERROR, Reason("problem.env_forced_missing", env=forced)))
            match.alternatives = candidates
            return match
        match.chosen = hit[0]
        match.alternatives = [c for c in candidates if c is not hit[0]]
        match.reasons.append(Reason("env.forced", env=forced))
        for diff in hit[0].differences:
            sev = Severity.WARNING if hit[0].usable else Severity.ERROR
            match.issues.append(Issue(sev, diff))
        return match

    proposal, proposal_issues = _propose(spec, needs, catalogue, prefs)
    best = candidates[0] if candidates and candidates[0].usable else None
    if best is not None:
        match.chosen = best
        match.alternatives = candidates[1:]
        if best.exact:
            match.reasons.append(Reason("env.exact", env=best.name, host=host.label, version=spec.host_version, plugins=plugin_text))
        else:
            match.reasons.append(Reason("env.closest", env=best.name))
            match.reasons.extend(best.differences)
            if proposal is not None and proposal.exact:
                match.proposal = proposal
                match.reasons.append(Reason("env.propose_better", env=proposal.name))
        if best.is_default:
            match.reasons.append(Reason("env.default", env=best.name))
        return match

    match.alternatives = candidates
    match.issues.extend(proposal_issues)
    if proposal is not None:
        match.chosen = proposal
        match.proposal = proposal
        match.reasons.append(Reason("env.propose", env=proposal.name, host=host.label,
                                    version=proposal.body["cgVersion"], plugins=proposal.summary))
        match.reasons.extend(proposal.differences)
    return match
