"""Everything a batch writes from its rendered letters: the mail stack, a ZIP of single
letters, the mailing manifest, the portal packets and the client packets.

File names carry the row, the agency id and the client's initials, never a name. Every
file is written to a temporary name and renamed into place.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from records.batch.files import merge, stem, write_atomically, write_zip
from records.batch.model import MAIL, PORTAL, Item, Rendered
from records.batch.stack import build_stack
from records.batch.summary import summary_pdfs
from records.cells import neutralise
from records.vocabulary import Law

MANIFEST_COLUMNS = ("row", "agency", "address", "pages", "method")


@dataclass(frozen=True)
class OutputPaths:
    stack: Path | None = None
    zip: Path | None = None
    manifest: Path | None = None
    portal_dir: Path | None = None
    portal_zip: Path | None = None
    clients_zip: Path | None = None


@dataclass(frozen=True)
class Written:
    letters: int
    mailed: int
    portal: int
    pages: int  # every letter's pages, signing pages included
    stack_pages: int  # the stack's pages, cover sheets included
    files: tuple[Path, ...]


def method(item: Item) -> str:
    """How the manifest says a row goes. Missouri's clock runs from receipt by the
    custodian (RSMo 610.023.3), so Sunshine letters go with proof of delivery; FOIA
    requires no class of mail."""
    agency = item.draft.agency
    if item.route == PORTAL:
        return "DHS portal" if agency.is_dhs else "online portal"
    if item.route != MAIL:
        return "email"
    return "certified mail" if item.draft.law == Law.MO_SUNSHINE else "first-class mail"


def destination(item: Item) -> str:
    agency = item.draft.agency
    if item.route == PORTAL:
        return agency.portal
    if item.route != MAIL:
        return agency.email
    return ", ".join(agency.address)


def manifest_csv(items: Sequence[Item], rendered: Mapping[int, Rendered]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(MANIFEST_COLUMNS)
    for item in sorted(items, key=lambda i: i.order):
        writer.writerow([neutralise(cell) for cell in (
            item.row, item.draft.agency.name, destination(item), rendered[item.row].pages,
            method(item))])
    return out.getvalue().encode("utf-8")


def portal_fields_text(item: Item) -> str:
    """Each portal field: its label, a blank line, the text to paste; fields apart by a
    line of dashes."""
    from records.portal import portal_fields

    parts = [before_upload(item), *(f"{f.label}\n\n{f.text}\n"
                                    for f in portal_fields(item.draft))]
    return ("\n" + "-" * 40 + "\n\n").join(parts)


def before_upload(item: Item) -> str:
    """What must be signed before the PDF is uploaded: a portal row has no cover sheet,
    and an unsigned certification of identity (28 U.S.C. 1746; 6 CFR 5.21(d)) or
    consent page would not verify anyone."""
    from records.batch.cover import NEED_LABELS
    from records.batch.summary import needs

    lines = ["Before you upload", "",
             "Print letter.pdf, have it signed, and upload the signed, scanned copy:",
             "- Letter signed above the typed name"]
    lines += [f"- {NEED_LABELS[key]}" for key, _ in needs(item.draft) if key in NEED_LABELS]
    return "\n".join(lines) + "\n"


def portal_entries(items: Sequence[Item], rendered: Mapping[int, Rendered]
                   ) -> Iterator[tuple[str, bytes]]:
    for item in sorted(items, key=lambda i: i.order):
        if item.route == PORTAL:
            folder = stem(item)
            yield f"{folder}/letter.pdf", rendered[item.row].pdf
            yield f"{folder}/portal-fields.txt", portal_fields_text(item).encode("utf-8")


def client_entries(items: Sequence[Item], rendered: Mapping[int, Rendered], *,
                   today: date, workers: int) -> Iterator[tuple[str, bytes]]:
    summaries = summary_pdfs(items, today=today, workers=workers)
    for item in sorted(items, key=lambda i: i.row):
        yield f"{stem(item)}.pdf", merge([summaries[item.row], rendered[item.row].pdf])


def write_outputs(items: Sequence[Item], rendered: Mapping[int, Rendered], paths: OutputPaths,
                  *, today: date, workers: int = 1) -> Written:
    """Write the files `paths` names (None: not wanted) and say what was written. The
    client summaries are rendered in `workers` processes."""
    missing = sorted(i.row for i in items if i.row not in rendered)
    if missing:
        raise ValueError(f"rows without a rendered letter: {missing[:10]}")
    letters = dict(rendered)
    files: list[Path] = []
    stack_pages = 0
    # No mail row, no stack: an empty PDF offered as "print-ready" would only confuse.
    if paths.stack is not None and any(i.route == MAIL for i in items):
        stack = build_stack(items, letters)
        write_atomically(paths.stack, stack.pdf)
        stack_pages = stack.pages
        files.append(paths.stack)
    if paths.zip is not None:
        write_zip(paths.zip, ((f"{stem(i)}.pdf", letters[i.row].pdf)
                              for i in sorted(items, key=lambda i: i.row)))
        files.append(paths.zip)
    if paths.manifest is not None:
        write_atomically(paths.manifest, manifest_csv(items, letters))
        files.append(paths.manifest)
    if paths.portal_dir is not None:
        for name, data in portal_entries(items, letters):
            write_atomically(paths.portal_dir / name, data)
            files.append(paths.portal_dir / name)
    if paths.portal_zip is not None:
        write_zip(paths.portal_zip, portal_entries(items, letters))
        files.append(paths.portal_zip)
    if paths.clients_zip is not None:
        write_zip(paths.clients_zip, client_entries(items, letters, today=today,
                                                    workers=workers))
        files.append(paths.clients_zip)
    return Written(letters=len(items), mailed=sum(1 for i in items if i.route == MAIL),
                   portal=sum(1 for i in items if i.route == PORTAL),
                   pages=sum(letters[i.row].pages for i in items), stack_pages=stack_pages,
                   files=tuple(files))
