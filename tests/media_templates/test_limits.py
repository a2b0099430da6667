"""Cutting titles, authors and digests to a channel's limit."""

import pytest

from media_templates.renderers.limits import atoms, truncate

TITLE = "和历市人民政府办公室关于印发《和历市促进中小企业高质量发展若干措施》的通知"


def test_short_text_untouched():
    assert truncate("  关于 做好\n春节工作的通知 ", 32) == "关于 做好 春节工作的通知"


@pytest.mark.parametrize("limit", range(4, 40))
def test_never_longer_than_the_limit(limit):
    for text in (TITLE, "关于转发国办发〔2024〕7号文件的通知", "COVID-19 vaccination guidance 2025 年度 3,000.5 万元"):
        cut = truncate(text, limit)
        assert len(cut) <= limit
        assert cut == text or cut.endswith("…")


def test_document_number_never_split():
    text = "关于转发和历政〔2018〕12号文件有关事项的补充通知"
    for limit in range(5, len(text)):
        cut = truncate(text, limit)
        assert "〔" not in cut or "〔2018〕12号" in cut
        assert not cut.rstrip("…").endswith(("和历", "和历政"))


def test_numbers_and_latin_words_never_split():
    text = "支持5G和COVID-19防控的3,000.5万元专项资金安排"
    for limit in range(3, len(text)):
        cut = truncate(text, limit).rstrip("…")
        for token in ("5G", "COVID-19", "3,000.5"):
            assert token in cut or not any(cut.endswith(token[:i]) for i in range(1, len(token)))


def test_chinese_words_kept_whole():
    assert truncate(TITLE, 16) == "和历市人民政府办公室关于印发…"
    assert atoms("国办发〔2020〕1号") == ["国办发〔2020〕1号"]


def test_no_dangling_punctuation():
    assert truncate("第一，第二，第三，第四，第五", 5) == "第一…"
    assert truncate("关于《和历市若干措施》的通知", 4) == "关于…"


def test_first_atom_longer_than_limit_is_cut_by_character():
    assert truncate("https://www.example.gov.cn/very/long/path", 10) == "https://…"
    assert truncate("Supercalifragilisticexpialidocious", 8) == "Superca…"
