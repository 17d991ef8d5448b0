"""Files a batch writes: names without client names, atomic writes, ZIPs and merged PDFs."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from records.batch.model import Item


def stem(item: Item) -> str:
    """"<row>-<agency id>-<initials>": a file's name for one row. Initials only, never a
    name (issue 10: no full names in file names)."""
    return f"{item.row}-{item.draft.agency.id}-{item.initials}"


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`: a
    reader sees the old file or the whole new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_zip(path: Path, entries: Iterable[tuple[str, bytes]]) -> None:
    """A ZIP of (name, bytes), written atomically. PDFs are already compressed, so they are
    stored as they are; text is deflated."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".zip")
    os.close(handle)
    try:
        with zipfile.ZipFile(temp, "w") as archive:
            for name, data in entries:
                method = zipfile.ZIP_STORED if name.endswith(".pdf") else zipfile.ZIP_DEFLATED
                archive.writestr(name, data, compress_type=method)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def merge(pdfs: Sequence[bytes]) -> bytes:
    """PDFs one after the other, as one PDF."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(io.BytesIO(pdf), import_outline=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
