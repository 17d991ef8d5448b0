"""The print-ready mail stack: per agency a cover sheet, then its letters, each followed by
the pages its client signs (they are the letter PDF's last pages), ordered by agency, then
client. PDF bookmarks name each agency and each row by its mark (row and initials only).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from records.batch.cover import cover_pdf
from records.batch.model import MAIL, Item, Rendered
from records.batch.render import mark_for


@dataclass(frozen=True)
class Stack:
    pdf: bytes
    pages: int
    letters: int


def mailed(items: Sequence[Item]) -> list[Item]:
    """The rows that go into the mail stack, in the stack's order (agency, then client).
    Portal rows are set apart as portal packets; email rows are sent by email."""
    return sorted((i for i in items if i.route == MAIL), key=lambda i: i.order)


def build_stack(items: Sequence[Item], rendered: dict[int, Rendered]) -> Stack:
    from pypdf import PdfWriter

    rows = mailed(items)
    writer = PdfWriter()
    for _, group in groupby(rows, key=lambda i: i.order[0]):
        letters = list(group)
        agency = letters[0].draft.agency
        start = len(writer.pages)
        writer.append(io.BytesIO(cover_pdf(agency, letters, rendered)), import_outline=False)
        parent = writer.add_outline_item(title=f"{agency.name} ({len(letters)})",
                                          page_number=start)
        for item in letters:
            page = len(writer.pages)
            writer.append(io.BytesIO(rendered[item.row].pdf), import_outline=False)
            writer.add_outline_item(title=mark_for(item), page_number=page, parent=parent)
    # The stack must not say whose letters it holds: the letters' own titles name the
    # requester in their metadata, which pypdf would otherwise copy from the first one.
    writer.add_metadata({"/Title": "Mail stack", "/Producer": "Show-Me Records"})
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return Stack(pdf=out.getvalue(), pages=len(writer.pages), letters=len(rows))
