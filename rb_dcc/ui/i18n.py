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


def system_language() -> str:
    """``zh_CN`` when the system (or ``RB_DCC_LANG``) asks for Chinese, else ``en_US``."""
    wanted = os.environ.get("RB_DCC_LANG", "")
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


def ui_sources() -> List[Path]:
    root = Path(__file__).resolve().parent
    files = sorted(root.rglob("*.py"))
    cli = root.parent / "cli"
    files += [p for p in (cli / "panel.py", cli / "demo.py") if p.is_file()]
    return files


def _main(argv: List[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m rb_dcc.ui.i18n")
    parser.add_argument("--check", action="store_true", help="list strings with no zh_CN translation")
    args = parser.parse_args(argv)
    strings = source_strings(ui_sources())
    table = read_ts(translation_file("zh_CN", "ts"))
    missing = [s for s in strings if s not in table]
    for s in missing:
        print(s)
    print("%d strings, %d without a zh_CN translation" % (len(strings), len(missing)), file=sys.stderr)
    return 1 if (missing and args.check) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(_main(sys.argv[1:]))
