"""Translations: ``tr(text)`` for every visible string, and the translator the panel installs.

One context (``rb_dcc``) for the whole panel, so a string is translated once wherever it shows.
Controllers call ``tr`` too: it needs no window and no event loop (without a Qt binding or an
application it returns the English text), so they stay plain Python objects.

Translations live in ``resources/translations/rb_dcc_<lang>.ts`` (the source, edited by hand or
with Qt Linguist) and ``rb_dcc_<lang>.qm`` (compiled with ``pyside6-lrelease``). ``python -m
rb_dcc.ui.i18n --check`` lists strings that have no translation yet. The language is the
``RB_DCC_LANG`` setting, else the system locale; English needs no file.
"""

from __future__ import annotations

import ast
import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Dict, Iterable, List, Optional
from .._atomic import write_atomic

CONTEXT = "rb_dcc"
LANGUAGES = {"en_US": "English", "zh_CN": "中文（简体）"}
_installed = []  # keep the translator alive while installed
_current = ["en_US"]


def current_language() -> str:
    """The language installed by ``install()`` (``en_US`` before)."""
    return _current[0]


def tr(text: str, disambiguation: Optional[str] = None, n: int = -1) -> str:
    """The translation of ``text`` for the current language (English when none is installed)."""
    if "qtpy" not in sys.modules:
        return text
    from qtpy.QtCore import QCoreApplication

    if QCoreApplication.instance() is None:
        return text
    return QCoreApplication.translate(CONTEXT, text, disambiguation, n)


def _settings_file() -> Path:
    from rb_dcc.adapters.base import config_dir

    return Path(config_dir()) / "ui.json"


def remembered_language() -> str:
    """The language chosen in the panel before (``''`` when none)."""
    import json

    try:
        data = json.loads(_settings_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    lang = data.get("language", "") if isinstance(data, dict) else ""
    return lang if lang in LANGUAGES else ""


def remember_language(lang: str, runner=None) -> None:
    """Store the panel's language choice (in the background when a runner is given)."""
    import json

    def write(job=None):
        write_atomic(_settings_file(), json.dumps({"language": lang}))

    if runner is None:
        write()
    else:
        runner.run("remember_language", write, on_error=lambda info: None)


def system_language() -> str:
    """``RB_DCC_LANG``, else the language chosen in the panel, else the system locale's."""
    wanted = os.environ.get("RB_DCC_LANG", "") or remembered_language()
    if not wanted:
        try:
            from qtpy.QtCore import QLocale

            wanted = QLocale.system().name()
        except Exception:  # no Qt binding: fall back to the environment
            wanted = os.environ.get("LC_ALL") or os.environ.get("LANG", "")
    return "zh_CN" if wanted.lower().startswith("zh") else "en_US"


def translation_file(lang: str, ext: str = "qm") -> Path:
    from rb_dcc.resources import resource_path

    return resource_path("translations", "rb_dcc_%s.%s" % (lang, ext))


def install(lang: Optional[str] = None) -> str:
    """Install the translator for ``lang`` (default: ``system_language()``) into the running app.

    Replaces a translator installed before; returns the language in effect.
    """
    from qtpy.QtCore import QCoreApplication, QTranslator

    app = QCoreApplication.instance()
    lang = lang or system_language()
    while _installed:
        QCoreApplication.removeTranslator(_installed.pop())
    _current[0] = "en_US"
    if lang == "en_US" or app is None:
        return "en_US" if app is not None else lang
    qm = translation_file(lang)
    translator = QTranslator(app)
    if qm.is_file() and translator.load(str(qm)):
        QCoreApplication.installTranslator(translator)
        _installed.append(translator)
        _current[0] = lang
        return lang
    ts = translation_file(lang, "ts")
    if ts.is_file():  # no compiled file: read the source directly
        translator = _TsTranslator(read_ts(ts), app)
        QCoreApplication.installTranslator(translator)
        _installed.append(translator)
        _current[0] = lang
        return lang
    return "en_US"


def read_ts(path: Path) -> Dict[str, str]:
    """``source -> translation`` of the ``rb_dcc`` context of a Qt ``.ts`` file (finished entries)."""
    out: Dict[str, str] = {}
    root = ET.parse(str(path)).getroot()
    for ctx in root.iter("context"):
        if (ctx.findtext("name") or "") != CONTEXT:
            continue
        for msg in ctx.iter("message"):
            src = msg.findtext("source") or ""
            node = msg.find("translation")
            if node is not None and node.text and node.get("type") not in ("unfinished", "obsolete"):
                out[src] = node.text
    return out


def _make_ts_translator():
    from qtpy.QtCore import QTranslator

    class TsTranslator(QTranslator):
        def __init__(self, table, parent=None):
            super().__init__(parent)
            self._table = table

        def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D401
            if context != CONTEXT:
                return ""
            return self._table.get(source, "")

        def isEmpty(self):
            return not self._table

    return TsTranslator


def _TsTranslator(table, parent=None):
    return _make_ts_translator()(table, parent)


# --- extraction (for keeping the .ts files complete) ------------------------------------------

def source_strings(paths: Iterable[Path]) -> List[str]:
    """Every literal passed as the first argument of a call named ``tr`` in these Python files."""
    found: List[str] = []
    for path in paths:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            arg = node.args[0]
            if name == "tr" and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                if arg.value not in found:
                    found.append(arg.value)
    return found


def table_strings() -> List[str]:
    """Words shown through ``tr(variable)``: statuses, column titles, filter and action names."""
    from rb_dcc.scene import AssetKind

    from . import format as fmt
    from .control.monitor import ACTIONS, STATUS_GROUPS
    from .models import _ASSET_STATE_WORDS, _SEVERITY_WORDS, AssetModel, FrameModel, ProblemModel, TaskModel

    out: List[str] = []
    groups = [list(fmt.TASK_STATUS_WORDS.values()), list(fmt.FRAME_STATUS_WORDS.values()),
              [c.title for m in (TaskModel, FrameModel, AssetModel, ProblemModel) for c in m.columns],
              list(_ASSET_STATE_WORDS.values()), list(_SEVERITY_WORDS.values()),
              [k.value.capitalize() for k in AssetKind], [g[1] for g in STATUS_GROUPS], [a[0] for a in ACTIONS.values()]]
    for group in groups:
        for text in group:
            if text not in out:
                out.append(text)
    return out


def all_strings() -> List[str]:
    out = source_strings(ui_sources())
    return out + [s for s in table_strings() if s not in out]


def ui_sources() -> List[Path]:
    root = Path(__file__).resolve().parent
    files = sorted(root.rglob("*.py"))
    cli = root.parent / "cli"
    files += [p for p in (cli / "panel.py", cli / "demo.py") if p.is_file()]
    return files


def write_ts(path: Path, lang: str, strings: List[str], table: Dict[str, str]) -> None:
    """Write a Qt ``.ts`` file with ``strings`` (in order) and their translations from ``table``."""
    root = ET.Element("TS", version="2.1", language=lang)
    ctx = ET.SubElement(root, "context")
    ET.SubElement(ctx, "name").text = CONTEXT
    for text in strings:
        msg = ET.SubElement(ctx, "message")
        ET.SubElement(msg, "source").text = text
        node = ET.SubElement(msg, "translation")
        if text in table:
            node.text = table[text]
        else:
            node.set("type", "unfinished")
    ET.indent(root) if hasattr(ET, "indent") else None
    body = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def compile_ts(ts: Path) -> bool:
    """``.ts`` -> ``.qm`` with ``pyside6-lrelease`` / ``lrelease`` when one is installed."""
    import shutil
    import subprocess

    exe = None
    for name in ("pyside6-lrelease", "lrelease", "lrelease-qt6", "lrelease-qt5"):
        exe = shutil.which(name) or (shutil.which(name, path=str(Path(sys.executable).parent)))
        if exe:
            break
    if not exe:
        return False
    subprocess.run([exe, "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)
    return True


def _main(argv: List[str]) -> int:
    import argparse
    import json

    parser = argparse.ArgumentParser(prog="python -m rb_dcc.ui.i18n")
    parser.add_argument("--check", action="store_true", help="list strings with no zh_CN translation")
    parser.add_argument("--merge", metavar="JSON", help="add {english: chinese} translations, rewrite the "
                                                       ".ts files and compile them")
    args = parser.parse_args(argv)
    strings = all_strings()
    if args.merge:
        zh_ts = translation_file("zh_CN", "ts")
        table = read_ts(zh_ts) if zh_ts.is_file() else {}
        table.update(json.loads(Path(args.merge).read_text(encoding="utf-8")))
        extra = [s for s in table if s not in strings]  # keep words not written as tr("...") (statuses)
        write_ts(zh_ts, "zh_CN", strings + extra, table)
        en_ts = translation_file("en_US", "ts")
        write_ts(en_ts, "en_US", strings + extra, {s: s for s in strings + extra})
        for ts in (zh_ts, en_ts):
            compile_ts(ts)
    ts = translation_file("zh_CN", "ts")
    table = read_ts(ts) if ts.is_file() else {}
    missing = [s for s in strings if s not in table]
    for s in missing:
        print(s)
    print("%d strings, %d without a zh_CN translation" % (len(strings), len(missing)), file=sys.stderr)
    return 1 if (missing and args.check) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(_main(sys.argv[1:]))
