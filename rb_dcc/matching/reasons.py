"""Why matching chose what it chose, as messages the panel and the CLI show in the artist's language.

A ``Reason`` keeps a message id and its values, so any front end can translate it; ``text()``
renders it in English or Simplified Chinese.
"""

from __future__ import annotations

from typing import Any, Dict

__all__ = ["Reason", "MESSAGES", "render"]

MESSAGES: Dict[str, Dict[str, str]] = {
    "env.exact": {
        "en": "Render environment '{env}' matches {host} {version}{plugins} exactly.",
        "zh_CN": "渲染环境“{env}”与 {host} {version}{plugins} 完全一致。",
    },
    "env.default": {
        "en": "'{env}' is your default render environment.",
        "zh_CN": "“{env}”是您的默认渲染环境。",
    },
    "env.closest": {
        "en": "No saved render environment matches exactly; '{env}' is the closest.",
        "zh_CN": "没有完全一致的已保存渲染环境；最接近的是“{env}”。",
    },
    "env.diff.host": {
        "en": "The scene was saved with {host} {scene_version}; '{env}' runs {env_version} (same major version).",
        "zh_CN": "场景由 {host} {scene_version} 保存；“{env}”使用 {env_version}（同一主版本）。",
    },
    "env.diff.plugin": {
        "en": "The scene needs {plugin} {scene_version}; '{env}' has {env_version} (same major version, nearest available).",
        "zh_CN": "场景需要 {plugin} {scene_version}；“{env}”提供 {env_version}（同一主版本，最接近的可用版本）。",
    },
    "env.extra_plugin": {
        "en": "'{env}' also loads {plugin} {version}, which the scene does not need.",
        "zh_CN": "“{env}”还会加载场景不需要的 {plugin} {version}。",
    },
    "env.propose": {
        "en": "No saved render environment fits; rb_dcc proposes a new one, '{env}': {host} {version}{plugins}.",
        "zh_CN": "没有合适的已保存渲染环境；建议新建“{env}”：{host} {version}{plugins}。",
    },
    "env.propose_better": {
        "en": "The farm offers the exact versions: creating '{env}' would match the scene exactly.",
        "zh_CN": "农场提供完全一致的版本：新建“{env}”即可与场景完全一致。",
    },
    "env.forced": {
        "en": "Render environment '{env}' was chosen by you.",
        "zh_CN": "渲染环境“{env}”由您指定。",
    },
    "env.unusable.host_major": {
        "en": "'{env}' runs {host} {env_version}, a different major version from the scene's {scene_version}.",
        "zh_CN": "“{env}”使用 {host} {env_version}，与场景的 {scene_version} 主版本不同。",
    },
    "env.unusable.plugin_missing": {
        "en": "'{env}' does not load {plugin}, which the scene needs.",
        "zh_CN": "“{env}”未加载场景需要的 {plugin}。",
    },
    "env.unusable.plugin_major": {
        "en": "'{env}' has {plugin} {env_version}; the scene needs {scene_version} (a different major version renders differently or fails).",
        "zh_CN": "“{env}”的 {plugin} 为 {env_version}；场景需要 {scene_version}（主版本不同会渲染错误或失败）。",
    },
    "problem.host_unsupported": {
        "en": "The farm does not offer {host} {version} (it offers {offered}). Save the scene in a version the farm offers, then submit again.",
        "zh_CN": "农场不提供 {host} {version}（提供：{offered}）。请用农场支持的版本另存场景后再提交。",
    },
    "problem.host_unknown": {
        "en": "The scene does not say which {host} version saved it; choose a render environment by hand.",
        "zh_CN": "场景未写明保存它的 {host} 版本；请手动选择渲染环境。",
    },
    "problem.plugin_unsupported": {
        "en": "The scene needs {plugin} {version}, which the farm does not offer for {host} {host_version} (it offers {offered}). Remove the plugin from the scene or ask Renderbus support to install it.",
        "zh_CN": "场景需要 {plugin} {version}，农场的 {host} {host_version} 不提供（提供：{offered}）。请从场景中移除该插件，或联系 Renderbus 客服安装。",
    },
    "problem.plugin_major": {
        "en": "The scene needs {plugin} {version}; the farm only has {offered} for {host} {host_version}. A different major version would render differently: upgrade the scene or ask Renderbus support.",
        "zh_CN": "场景需要 {plugin} {version}；农场的 {host} {host_version} 只有 {offered}。主版本不同会渲染不同：请升级场景或联系 Renderbus 客服。",
    },
    "problem.env_forced_missing": {
        "en": "The render environment '{env}' you chose does not exist on the farm; pick another one.",
        "zh_CN": "您指定的渲染环境“{env}”在农场上不存在；请另选一个。",
    },
    "hw.chosen": {
        "en": "{model} ({kind}, {ram}) on platform {platform}: {why}.",
        "zh_CN": "{model}（{kind}，{ram}），平台 {platform}：{why}。",
    },
    "hw.gpu_needed": {
        "en": "{renderer} renders on GPUs, so only GPU machines are considered.",
        "zh_CN": "{renderer} 使用 GPU 渲染，因此只考虑 GPU 机器。",
    },
    "hw.cpu_needed": {
        "en": "{renderer} renders on CPUs, so only CPU machines are considered.",
        "zh_CN": "{renderer} 使用 CPU 渲染，因此只考虑 CPU 机器。",
    },
    "hw.memory": {
        "en": "The scene needs about {need} GB of memory (an estimate from {textures} of textures and caches and a {width}x{height} image).",
        "zh_CN": "场景约需 {need} GB 内存（根据 {textures} 的贴图与缓存和 {width}x{height} 的画面估算）。",
    },
    "hw.cost": {
        "en": "Estimated {cost} for {frames} frames at about {minutes} min per frame (an estimate; real times depend on the scene).",
        "zh_CN": "{frames} 帧按每帧约 {minutes} 分钟估算约 {cost}（仅为估算，实际取决于场景）。",
    },
    "hw.cheapest": {"en": "the cheapest machine with enough memory", "zh_CN": "内存足够的机器中最便宜"},
    "hw.only": {"en": "the only machine that fits", "zh_CN": "唯一合适的机器"},
    "hw.forced": {"en": "chosen by you", "zh_CN": "由您指定"},
    "hw.unusable.kind": {
        "en": "{model} is a {kind} machine; {renderer} needs {need}.",
        "zh_CN": "{model} 是 {kind} 机器；{renderer} 需要 {need}。",
    },
    "hw.unusable.memory": {
        "en": "{model} has {ram}; the scene needs about {need} GB.",
        "zh_CN": "{model} 只有 {ram}；场景约需 {need} GB。",
    },
    "hw.unusable.software": {
        "en": "{model} does not run {what}.",
        "zh_CN": "{model} 不支持 {what}。",
    },
    "problem.no_hardware": {
        "en": "No {kind} machine on platform {platform} can render this scene ({why}). Switch to a platform with {kind} machines or change the renderer.",
        "zh_CN": "平台 {platform} 上没有能渲染此场景的 {kind} 机器（{why}）。请切换到有 {kind} 机器的平台或更换渲染器。",
    },
    "problem.hardware_forced_missing": {
        "en": "The hardware configuration {id} you chose is not offered on platform {platform}; pick another one.",
        "zh_CN": "您指定的硬件配置 {id} 在平台 {platform} 上不可用；请另选一个。",
    },
}


def render(code: str, params: Dict[str, Any], lang: str = "en") -> str:
    table = MESSAGES.get(code)
    if table is None:
        return code
    template = table.get(lang) or table["en"]
    values = {}
    for key, value in params.items():
        if isinstance(value, Reason):
            value = value.text(lang)
        values[key] = value
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return table["en"]


class Reason:
    """A translatable message: ``Reason("env.exact", env="maya2024")``; ``str()`` is English."""

    __slots__ = ("code", "params")

    def __init__(self, code: str, **params: Any):
        self.code = code
        self.params = params

    def text(self, lang: str = "en") -> str:
        return render(self.code, self.params, lang)

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        return "Reason(%r, %r)" % (self.code, self.params)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Reason) and (self.code, self.params) == (other.code, other.params)

    def __hash__(self) -> int:
        return hash((self.code, tuple(sorted(self.params))))
