"""The report as a Word file, from the same outline as the page (outline.py), merged header cells included."""

from __future__ import annotations

from .. import word_documents
from .outline import Table, preface, sections


def _place(table: Table, grid) -> None:
    """Write header cells with their spans, then the body rows, skipping grid cells a span already covers."""
    taken: set[tuple[int, int]] = set()
    for r, head_row in enumerate(table.head):
        c = 0
        for text, colspan, rowspan in head_row:
            while (r, c) in taken:
                c += 1
            cell = grid.cell(r, c)
            if colspan > 1 or rowspan > 1:
                cell = cell.merge(grid.cell(r + rowspan - 1, c + colspan - 1))
            cell.text = text
            taken.update((r + i, c + j) for i in range(rowspan) for j in range(colspan))
            c += colspan
    for r, body_row in enumerate(table.rows, len(table.head)):
        for c, value in enumerate(body_row):
            grid.cell(r, c).text = value


def as_docx(report, tables: dict) -> bytes:
    from docx.shared import Pt  # lazy: only the download needs it

    document = word_documents.titled_document(report.title, body_pt=14, title_pt=20)
    document.add_paragraph(preface(report)).paragraph_format.first_line_indent = Pt(28)
    for section in sections(report, tables):
        document.add_paragraph().add_run(section.heading).bold = True
        for paragraph in filter(None, (line.strip() for line in section.text.splitlines())):
            document.add_paragraph(paragraph).paragraph_format.first_line_indent = Pt(28)
        for table in section.tables:
            grid = document.add_table(rows=len(table.head) + len(table.rows), cols=table.width)
            grid.style = "Table Grid"
            _place(table, grid)
            document.add_paragraph()
    return word_documents.as_bytes(document)
