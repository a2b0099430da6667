"""The CJK font (found, SC face, clear error) and 避头尾 line breaking."""

import pytest

from media_templates.images import fonts
from media_templates.images.fonts import FontNotFound, MissingGlyph, ensure_glyphs, get_font, missing_glyphs
from media_templates.images.linebreak import NO_END, break_lines, units, violations


def test_noto_sans_cjk_sc_face():
    font = get_font(24)
    assert font.getname()[0] == "Noto Sans CJK SC"


def test_font_path_setting(settings, tmp_path):
    settings.MEDIA_TEMPLATES_FONT_PATH = fonts.KNOWN_REGULAR[0]
    assert fonts.font_path() == fonts.KNOWN_REGULAR[0]
    settings.MEDIA_TEMPLATES_FONT_PATH = str(tmp_path / "missing.otf")
    assert fonts.font_path() == fonts.KNOWN_REGULAR[0]  # falls back to the Debian path


def test_no_font_names_the_debian_package(settings, monkeypatch, tmp_path):
    settings.MEDIA_TEMPLATES_FONT_PATH = str(tmp_path / "nowhere.ttc")
    monkeypatch.setattr(fonts, "KNOWN_REGULAR", (str(tmp_path / "a.ttc"),))
    monkeypatch.setattr(fonts, "KNOWN_BOLD", (str(tmp_path / "b.ttc"),))
    with pytest.raises(FontNotFound, match="fonts-noto-cjk") as info:
        fonts.font_path()
    assert "MEDIA_TEMPLATES_FONT_PATH" in str(info.value) and "nowhere.ttc" in str(info.value)


def test_a_latin_only_font_is_refused():
    dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    import os

    if not os.path.exists(dejavu):
        pytest.skip("DejaVu not installed")
    with pytest.raises(FontNotFound, match="不含中文字形"):
        get_font(20, configured=dejavu)


def test_missing_glyphs_detected():
    font = get_font(24)
    assert missing_glyphs("政策解读 ABC 123，。", font) == []
    assert missing_glyphs("笑脸😀与𠀀字", font) == ["😀", "𠀀"]
    with pytest.raises(MissingGlyph, match="U\\+1F600"):
        ensure_glyphs("😀", font)


# -- line breaking -------------------------------------------------------------------------
TEXT = (
    "根据《国务院办公厅关于进一步优化营商环境的意见》（国办发〔2024〕12号），对符合条件的企业给予最高50%的补贴，"
    "每户不超过3,000.5万元。“好！”——详见 https://www.example.gov.cn/zhengce/2025/index.html 页面……"
)


@pytest.mark.parametrize("width", [90, 130, 200, 260, 333, 420, 700])
def test_kinsoku_and_widths(width):
    font = get_font(26)
    lines = break_lines(TEXT, font.getlength, width)
    assert "".join(lines).replace(" ", "") == TEXT.replace(" ", "")
    assert all(font.getlength(line) <= width + 1 for line in lines)
    if width >= 160:  # narrower, “好！”—— alone is wider than a line and the rules cannot all hold
        assert violations(lines) == []


def test_runs_stay_whole_when_they_fit():
    font = get_font(26)
    lines = break_lines(TEXT, font.getlength, 260)
    joined = "\n".join(lines)
    for run in ("COVID" if "COVID" in TEXT else "50%", "3,000.5", "〔2024〕12号", "——", "……"):
        assert run in joined.replace("\n", "") and any(run in line for line in lines)


def test_units_glue_punctuation():
    assert units("见》（国办发") == ["见》", "（国", "办", "发"]
    assert units("“好！”——完") == ["“好！”——", "完"]
    assert all(u[-1] not in NO_END for u in units(TEXT) if u.strip())


def test_explicit_newlines_and_blank_lines():
    font = get_font(20)
    assert break_lines("第一行\n\n第三行", font.getlength, 500) == ["第一行", "", "第三行"]
