"""Turn fetched bytes into text, whatever the upstream claims its encoding is.

Order: a byte-order mark wins; then the XML spec's autodetection from the first four bytes (BOM-less
UTF-16/32 and EBCDIC, as feedparser does it: a NUL pattern or EBCDIC ``<?xm``); then each declared
encoding (HTTP ``Content-Type`` charset, the XML declaration, an HTML ``<meta>``) is tried *strictly*,
so a page declared utf-8 whose bytes are GBK falls through; then valid UTF-8; then charset-normalizer's
guess. gb2312 and gbk are read as gb18030, their superset (government pages labelled gb2312 routinely
use GBK-only characters). A declared single-byte Western encoding (latin-1, windows-1252) decodes any
bytes without error, so for those we ask the sniffer and prefer a Chinese or UTF-8 guess.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

GB_ALIASES = frozenset({"gb2312", "gbk", "cp936", "x-gbk", "gb_2312-80", "gb_2312", "euc-cn", "euccn"})
LENIENT_SINGLE_BYTE = frozenset({"iso8859-1", "cp1252"})
PREFERRED_SNIFFED = frozenset({"gb18030", "utf-8", "big5", "big5hkscs"})

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
EBCDIC_XML_START = b"\x4c\x6f\xa7\x94"  # "<?xm" in EBCDIC
EBCDIC_CODECS = frozenset({"cp037", "cp273", "cp424", "cp500", "cp875", "cp1026", "cp1140"})
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']""", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # Python codec name actually used
    source: str  # "bom", "signature", "header", "xml", "meta", "utf-8", "sniffed" or "fallback"


def normalise_encoding(name: str | None) -> str | None:
    """Python codec name for a label, gb2312/gbk mapped to gb18030; None if unknown."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    if label in GB_ALIASES:
        return "gb18030"
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    return "gb18030" if codec in {"gbk", "gb2312"} else codec


def charset_from_content_type(content_type: str | None) -> str | None:
    match = _CHARSET_PARAM.search(content_type or "")
    return match.group(1) if match else None


def declared_encodings(data: bytes, content_type: str | None = None) -> list[tuple[str, str]]:
    """(source, label) pairs in the order we trust them."""
    found = []
    header = charset_from_content_type(content_type)
    if header:
        found.append(("header", header))
    head = data[:2048]
    if match := _XML_DECL.search(head):
        found.append(("xml", match.group(1).decode("ascii")))
    if match := _META_CHARSET.search(data[:8192]):
        found.append(("meta", match.group(1).decode("ascii")))
    return found


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def sniff(data: bytes) -> str | None:
    """charset-normalizer's best guess, normalised; None when it has no idea."""
    best = charset_normalizer.from_bytes(data).best()
    return normalise_encoding(best.encoding) if best is not None else None


def _ascii(byte: int) -> bool:
    return 0 < byte < 0x80


def signature_encoding(data: bytes) -> str | None:
    """The encoding the first four bytes betray without a BOM (XML 1.0 appendix F), or None.

    ``<`` followed by ASCII, in UTF-32 or UTF-16 of either byte order, shows as NULs around ASCII
    bytes; no UTF-8 or GB text starts that way. EBCDIC is read as cp037 unless its XML declaration
    names another EBCDIC code page.
    """
    head = data[:4]
    if len(head) < 4:
        return None
    b0, b1, b2, b3 = head
    if head == EBCDIC_XML_START:
        match = _XML_DECL.search(data[:512].decode("cp037").encode("ascii", "replace"))
        declared = normalise_encoding(match.group(1).decode("ascii")) if match else None
        return declared if declared in EBCDIC_CODECS else "cp037"
    if b0 == b1 == b2 == 0 and _ascii(b3):
        return "utf-32-be"
    if _ascii(b0) and b1 == b2 == b3 == 0:
        return "utf-32-le"
    if b0 == b2 == 0 and _ascii(b1) and _ascii(b3):
        return "utf-16-be"
    if b1 == b3 == 0 and _ascii(b0) and _ascii(b2):
        return "utf-16-le"
    return None


def decode_bytes(data: bytes, *, content_type: str | None = None) -> DecodedText:
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            return DecodedText(data[len(bom) :].decode(bom_encoding, errors="replace"), bom_encoding, "bom")
    if signature := signature_encoding(data):
        return DecodedText(data.decode(signature, errors="replace"), signature, "signature")

    for source, label in declared_encodings(data, content_type):
        encoding = normalise_encoding(label)
        if encoding is None:
            continue
        if encoding in LENIENT_SINGLE_BYTE and any(b > 0x7F for b in data):
            guess = sniff(data)
            if guess in PREFERRED_SNIFFED and (text := _strict(data, guess)) is not None:
                return DecodedText(text, guess, "sniffed")
        text = _strict(data, encoding)
        if text is not None:
            return DecodedText(text, encoding, source)

    text = _strict(data, "utf-8")
    if text is not None:
        return DecodedText(text, "utf-8", "utf-8")
    guess = sniff(data)
    if guess and (text := _strict(data, guess)) is not None:
        return DecodedText(text, guess, "sniffed")
    if (text := _strict(data, "gb18030")) is not None:
        return DecodedText(text, "gb18030", "fallback")
    return DecodedText(data.decode("utf-8", errors="replace"), "utf-8", "fallback")
