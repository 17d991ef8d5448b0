"""The evidence packet's parts: each stored letter and attachment as PDF pages, or the
reason it could not be included.

Letters and PDF attachments are used byte for byte. Pictures and emails are laid out on a
page of our own: a picture through a `data:` URI made here from the stored bytes (the
renderer fetches nothing else, never a URL a user typed), an email as its headers and its
text, escaped by the template. A file that cannot be read, or whose bytes no longer match
the SHA-256 recorded at upload, is listed with that SHA-256 and left out: a packet for a
court must not silently show something other than what was stored.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from records.letters import environment
from records.models import Attachment, StoredLetter
from records.textify import html_to_text

# Pillow's format name -> the MIME type of the data: URI (what WeasyPrint can draw).
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif",
               "WEBP": "image/webp"}
EMAIL_HEADERS = ("From", "To", "Cc", "Date", "Subject")
MAX_EMAIL_BODY = 200_000  # characters: a longer text body is cut, and says so
_STORAGE_NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}\Z")


@dataclass(frozen=True)
class Part:
    """One section after the contents: its title, date and PDF, or why it is missing."""

    title: str
    day: date | None
    pdf: bytes | None
    problem: str = ""
    sha256: str = ""
    pages: int = 0


class Unreadable(Exception):
    """The stored file cannot be placed in the packet; the text says why."""


def count_pages(pdf: bytes) -> int:
    """The page count of a PDF, or Unreadable. pypdf raises many kinds of errors on a
    damaged file (its own, and ValueError, KeyError, TypeError... from deep inside), so
    any exception while reading means "not a readable PDF"."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(pdf))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("the PDF is encrypted")
        pages = len(reader.pages)
    except Unreadable:
        raise
    except Exception:  # noqa: BLE001 - see the docstring
        raise Unreadable("not a readable PDF") from None
    if pages == 0:
        raise Unreadable("the PDF has no pages")
    return pages


def letter_part(letter: StoredLetter) -> Part:
    title = f"Letter {letter.number}: {letter.kind.replace('-', ' ')}"
    data = letter.pdf
    return _checked(title, letter.letter_date, data, letter.sha256,
                    lambda: (data, count_pages(data)))


def attachment_part(attachment: Attachment, day: date, folder: Path,
                    render: Any) -> Part:
    """An attachment as pages; `render(template, context, images)` lays out our own."""
    title = f"Attachment: {attachment.filename}"
    try:
        data = _read(attachment, folder)
    except Unreadable as exc:
        return Part(title, day, None, str(exc), attachment.sha256)
    kind = _kind(attachment, data)

    def make() -> tuple[bytes, int]:
        if kind == "pdf":
            return data, count_pages(data)
        if kind == "image":
            pdf = _image_page(attachment, day, data, render)
        elif kind == "email":
            pdf = _email_page(attachment, data, render)
        else:
            raise Unreadable(f"a file of type {attachment.content_type or 'unknown'} cannot "
                             "be shown in a PDF")
        return pdf, count_pages(pdf)

    return _checked(title, day, data, attachment.sha256, make)


def _checked(title: str, day: date, data: bytes, sha256: str, make: Any) -> Part:
    if hashlib.sha256(data).hexdigest() != sha256:
        return Part(title, day, None, "the stored file does not match its SHA-256", sha256)
    try:
        pdf, pages = make()
    except Unreadable as exc:
        return Part(title, day, None, str(exc), sha256)
    return Part(title, day, pdf, "", sha256, pages)


def _read(attachment: Attachment, folder: Path) -> bytes:
    # storage_name is ours (random), never the user's file name; checked all the same, so
    # a bad row can never name a path outside the folder.
    if not _STORAGE_NAME.match(attachment.storage_name) or attachment.storage_name in (".",
                                                                                         ".."):
        raise Unreadable("the stored file's name is not valid")
    try:
        return (folder / attachment.storage_name).read_bytes()
    except OSError:
        raise Unreadable("the stored file is missing") from None


def _kind(attachment: Attachment, data: bytes) -> str:
    declared = attachment.content_type.lower()
    name = attachment.filename.lower()
    if declared == "application/pdf" or name.endswith(".pdf"):
        return "pdf"
    if declared.startswith("image/"):
        return "image"
    if declared == "message/rfc822" or name.endswith(".eml"):
        return "email"
    return "other"


def _image_page(attachment: Attachment, day: date, data: bytes, render: Any) -> bytes:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            mime = IMAGE_TYPES.get(str(image.format))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise Unreadable("not a readable picture") from None
    if mime is None:
        raise Unreadable("a picture in a format a PDF cannot show")
    # The type comes from the bytes, not from what the upload claimed.
    src = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    pdf: bytes = render("packet/image.html", {"name": attachment.filename, "day": day,
                                              "sha256": attachment.sha256, "src": src},
                        {src: (data, mime)})
    return pdf


def _email_page(attachment: Attachment, data: bytes, render: Any) -> bytes:
    message = message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    headers = [(h, str(message[h])) for h in EMAIL_HEADERS if message[h] is not None]
    if not headers:
        raise Unreadable("not an email message (no From, To, Date or Subject)")
    pdf: bytes = render("packet/email.html", {"name": attachment.filename, "headers": headers,
                                              "sha256": attachment.sha256,
                                              "body": email_text(message)}, {})
    return pdf


def email_text(message: EmailMessage) -> str:
    """The message's text body (or its HTML body as text), with its attachments named."""
    part = message.get_body(preferencelist=("plain", "html"))
    text = "(no text body)"
    if part is not None:
        try:
            content = str(part.get_content())
        except (LookupError, ValueError):  # an unknown charset or a broken encoding
            content = part.get_payload(decode=True).decode("utf-8", "replace")  # type: ignore[union-attr]
        text = html_to_text(content) if part.get_content_type() == "text/html" else content
    if len(text) > MAX_EMAIL_BODY:
        text = text[:MAX_EMAIL_BODY] + "\n[... cut: the text is longer than this packet shows]"
    names = [p.get_filename() or "(unnamed)" for p in message.iter_attachments()]
    if names:
        text += "\n\nAttached to this email (not shown): " + ", ".join(names)
    return text


def render_html(template: str, context: dict[str, Any]) -> str:
    return environment().get_template(template).render(context)
