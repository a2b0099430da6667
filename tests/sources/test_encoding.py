"""Reading upstream bytes as text, whatever encoding they claim."""

import codecs

from channels.sources.encoding import declared_encodings, decode_bytes, normalise_encoding

TEXT = "国务院关于进一步做好政务公开工作的通知。各省、自治区、直辖市人民政府：现将有关事项通知如下。"


def test_a_byte_order_mark_wins_over_any_declaration():
    decoded = decode_bytes(codecs.BOM_UTF8 + TEXT.encode(), content_type="text/html; charset=gbk")
    assert decoded.text == TEXT and decoded.source == "bom"
    assert decode_bytes(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")).text == TEXT


def test_the_http_charset_is_used_when_it_is_right():
    decoded = decode_bytes(TEXT.encode("gb18030"), content_type="text/html; charset=GB18030")
    assert (decoded.text, decoded.source) == (TEXT, "header")


def test_gb2312_and_gbk_are_read_as_gb18030():
    assert normalise_encoding("GB2312") == normalise_encoding("gbk") == normalise_encoding("x-gbk") == "gb18030"
    text = "镕基" + TEXT  # 镕 is not in GB2312: pages labelled gb2312 use GBK characters all the time
    decoded = decode_bytes(text.encode("gbk"), content_type="text/html; charset=gb2312")
    assert decoded.text == text and decoded.encoding == "gb18030"


def test_a_page_declared_utf8_but_written_in_gbk_still_reads_correctly():
    page = f'<html><head><meta charset="utf-8"></head><body>{TEXT}</body></html>'.encode("gbk")
    decoded = decode_bytes(page, content_type="text/html; charset=utf-8")
    assert TEXT in decoded.text and decoded.source == "sniffed"


def test_an_undeclared_gb2312_feed_is_sniffed():
    feed = f"<?xml version='1.0'?><rss><channel><title>{TEXT}</title></channel></rss>".encode("gb2312")
    decoded = decode_bytes(feed)
    assert TEXT in decoded.text and decoded.encoding == "gb18030"


def test_the_xml_declaration_and_html_meta_are_read():
    feed = f'<?xml version="1.0" encoding="gbk"?><rss><title>{TEXT}</title></rss>'.encode("gbk")
    assert decode_bytes(feed).source == "xml"
    page = f'<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><p>{TEXT}</p>'.encode("gbk")
    assert decode_bytes(page).source == "meta" and TEXT in decode_bytes(page).text
    assert declared_encodings(page, "text/html; charset=utf-8") == [("header", "utf-8"), ("meta", "gb2312")]


def test_chinese_bytes_declared_as_latin1_are_not_turned_into_mojibake():
    decoded = decode_bytes(TEXT.encode("gbk"), content_type="text/html; charset=iso-8859-1")
    assert decoded.text == TEXT


def test_an_unknown_declared_encoding_is_ignored():
    decoded = decode_bytes(TEXT.encode(), content_type="text/html; charset=no-such-thing")
    assert decoded.text == TEXT


def test_undecodable_junk_never_raises():
    assert isinstance(decode_bytes(bytes(range(256)) * 4).text, str)
    assert decode_bytes(b"").text == ""
