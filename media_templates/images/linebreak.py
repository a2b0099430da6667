"""Chinese line breaking by pixel width, with 避头尾 (kinsoku) rules.

- Closing punctuation (，。、；：？！）》」”…%) never starts a line: it stays with the character
  before it, which moves to the next line with it if need be (推出).
- Opening punctuation (（《「“) never ends a line: it goes down with the character after it.
- A run of digits or Latin letters (2025、COVID-19、3,000.5、50%) and the number part of a 文号
  (〔2025〕12号) stay on one line; they break between words at spaces, and are cut by
  character only when a single run is wider than the line (a long URL).
- —— and …… are never split.
"""

from __future__ import annotations

import re
from collections.abc import Callable

NO_START = set("，。、；：？！）》」』】〕〉〗〙〛”’…—～·・‥%‰℃,.;:?!)]}>/")
NO_END = set("（《「『【〔〈〖〘〚“‘([{<￥$£#")

_UNIT = re.compile(
    r"\s+"
    r"|(?:https?://|www\.)[\x21-\x7e]+"
    r"|[〔［\[]\d{4}[〕］\]]\d+号"
    r"|[A-Za-z0-9@#&_]+(?:[.,:/\-'’+][A-Za-z0-9@#&_]+)*[%‰]?"
    r"|—+|…+"
    r"|."
)

Measure = Callable[[str], float]


def units(text: str) -> list[str]:
    """Unbreakable units: punctuation glued to its neighbour, runs kept whole, spaces separate."""
    raw = _UNIT.findall(text)
    out: list[str] = []
    pending_open = ""
    for unit in raw:
        if unit.isspace():
            if pending_open:
                out.append(pending_open)
                pending_open = ""
            out.append(" ")
            continue
        if unit[0] in NO_START and out and not out[-1].isspace():
            out[-1] += unit  # glue closing punctuation to what precedes it
            continue
        if unit in NO_END or (len(unit) == 1 and unit in NO_END):
            pending_open += unit
            continue
        out.append(pending_open + unit)
        pending_open = ""
    if pending_open:
        if out and not out[-1].isspace():
            out[-1] += pending_open
        else:
            out.append(pending_open)
    return out


def break_lines(text: str, measure: Measure, max_width: float) -> list[str]:
    """Lines of `text` no wider than `max_width` by `measure` (e.g. font.getlength).

    Explicit newlines start new lines; a blank line in the input stays blank.
    """
    lines: list[str] = []
    for paragraph in (text or "").split("\n"):
        lines.extend(_break_paragraph(paragraph.strip(), measure, max_width) or [""])
    return lines


def _break_paragraph(text: str, measure: Measure, max_width: float) -> list[str]:
    widths: dict[str, float] = {}

    def width(s: str) -> float:
        if s not in widths:
            widths[s] = measure(s)
        return widths[s]

    lines: list[str] = []
    line = ""
    line_width = 0.0
    for unit in units(text):
        if unit == " ":
            if line:
                line += " "
                line_width += width(" ")
            continue
        w = width(unit)
        if line_width + w <= max_width:
            line += unit
            line_width += w
            continue
        if w > max_width:  # wider than a whole line: fill this line, then continue below
            pieces = _split_wide(unit, width, max_width - line_width, max_width)
            if not pieces[0]:
                pieces = pieces[1:]
            else:
                pieces[0] = line + pieces[0]
            if line.strip() and pieces[0] != line + pieces[0][len(line) :]:
                lines.append(line.rstrip())
            lines.extend(pieces[:-1])
            line = pieces[-1]
            line_width = width(line)
            continue
        if line.strip():
            lines.append(line.rstrip())
        line, line_width = unit, w
    if line.strip():
        lines.append(line.rstrip())
    return lines


_URL_BREAKS = "/.-_?&=#"


def _split_wide(unit: str, width: Measure, first_room: float, max_width: float) -> list[str]:
    """Cut a unit wider than a line: the first piece fits `first_room` (may be empty), the rest
    `max_width`; URLs preferably after / . - _ ? & = #; closing punctuation never starts a piece."""
    pieces: list[str] = []
    current = ""
    room = first_room
    for char in unit:
        if width(current + char) <= room:
            current += char
            continue
        cut = max((current.rfind(c) for c in _URL_BREAKS), default=-1) + 1
        if cut < len(current) // 2 + 1:
            cut = len(current)
        while cut > 1 and _no_start(current[cut:] + char):
            cut -= 1  # take characters down with the closing punctuation
        while cut > 0 and current[cut - 1] in NO_END:
            cut -= 1  # and opening punctuation down with what it opens
        if cut == 0 and pieces:
            cut = len(current)  # a whole line of it cannot obey the rules: width wins over 避头尾
        pieces.append(current[:cut])
        current = current[cut:] + char
        room = max_width
    pieces.append(current)
    return pieces


def _no_start(text: str) -> bool:
    # ASCII "/" ":" "." may start a line inside a URL; Chinese closing punctuation may not.
    return bool(text) and text[0] in NO_START and ord(text[0]) > 0x7F


def violations(lines: list[str]) -> list[str]:
    """Lines breaking 避头尾 (a line starting with Chinese closing, or ending with opening punctuation)."""
    return [line for line in lines if line and (_no_start(line) or line[-1] in NO_END)]
