"""Every visible string is translatable and translated; the language switches by setting."""

from __future__ import annotations

import pytest

pytest.importorskip("qtpy")

from rb_dcc.ui import i18n  # noqa: E402


def test_every_string_has_a_chinese_translation(qapp):
    table = i18n.read_ts(i18n.translation_file("zh_CN", "ts"))
    missing = [s for s in i18n.all_strings() if s not in table]
    assert not missing, "untranslated (run python -m rb_dcc.ui.i18n --merge): %s" % missing[:10]
    assert i18n.translation_file("zh_CN").is_file(), "compiled .qm missing"
    assert i18n.translation_file("en_US", "ts").is_file()


def test_format_placeholders_survive_translation(qapp):
    table = i18n.read_ts(i18n.translation_file("zh_CN", "ts"))
    for src, dst in table.items():
        for ph in ("%s", "%d"):
            assert src.count(ph) == dst.count(ph), (src, dst)


def test_switch_language_in_the_panel(make_panel, qtbot):
    panel = make_panel()
    try:
        assert panel.tabs.tabText(0) == "Submit"
        panel.lang.setCurrentIndex(panel.lang.findData("zh_CN"))
        panel._language(panel.lang.currentIndex())
        assert i18n.current_language() == "zh_CN"
        assert panel.tabs.tabText(0) == "提交"
        assert panel.monitor_view.buttons["stop"].text() == "停止"
        assert i18n.remembered_language() in ("zh_CN", "")  # written in the background
        qtbot.waitUntil(lambda: i18n.remembered_language() == "zh_CN", timeout=3000)
    finally:
        i18n.install("en_US")
    assert i18n.tr("Submit") == "Submit"


def test_ts_fallback_without_qm(qapp, tmp_path, monkeypatch):
    import shutil

    res = tmp_path / "res"
    shutil.copytree(i18n.translation_file("zh_CN").parent.parent, res)
    (res / "translations" / "rb_dcc_zh_CN.qm").unlink()
    monkeypatch.setenv("RB_DCC_RESOURCES", str(res))
    try:
        assert i18n.install("zh_CN") == "zh_CN"
        assert i18n.tr("Monitor") == "监控"
    finally:
        i18n.install("en_US")
