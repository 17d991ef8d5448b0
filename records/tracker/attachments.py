"""Files attached to a tracked request: the agency's letters, scans, emails.

The type is decided from the bytes, never from the file name or the browser's
Content-Type: a page could be uploaded as "letter.pdf" and served back as HTML otherwise.
The bytes are kept outside the web root under a random name, written to a temporary file
first and renamed into place, so a half-written upload is never served.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import IO

from sqlalchemy.orm import Session

from records.messages import FieldError, error_message
from records.models import Attachment, TrackedRequest
from records.tracker.requests import NotFound, touch_and_commit

MAX_SIZE = 10 * 1024 * 1024
CHUNK = 64 * 1024
# How much of an email export is parsed to check its headers: they come first.
EMAIL_HEAD = 64 * 1024
MAX_NAME = 120

PDF, PNG, JPEG, EMAIL = "application/pdf", "image/png", "image/jpeg", "message/rfc822"
EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", EMAIL: ".eml"}
MAGIC = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
# An email export has at least a sender and one of these.
EMAIL_HEADERS = ("date", "subject", "to")

EMPTY = error_message("attachment-empty", "choose a file: this one is empty")
TOO_BIG = error_message("attachment-too-big", "the file is larger than %(limit)s MB")
WRONG_TYPE = error_message(
    "attachment-type", "only PDF, PNG and JPEG files and email exports (.eml) can be attached")
WRONG_EVENT = error_message("attachment-event", "choose one of this request's events")


class AttachmentError(ValueError):
    def __init__(self, problem: FieldError) -> None:
        self.problem = problem
        super().__init__(str(problem))


@dataclass(frozen=True)
class Received:
    """An upload written to a temporary file, with what was learned from its bytes."""

    path: Path
    size: int
    sha256: str
    content_type: str


def detect(head: bytes) -> str | None:
    """The file's type from its first bytes: PDF, PNG, JPEG or an email export."""
    for magic, content_type in MAGIC:
        if head.startswith(magic):
            return content_type
    return EMAIL if _is_email(head) else None


def _is_email(head: bytes) -> bool:
    message = BytesParser(policy=policy.compat32).parsebytes(head, headersonly=True)
    # A file that does not start with headers (an HTML page, plain text) parses as a body
    # with no headers and a defect: refuse it.
    if message.defects or not message.keys():
        return False
    names = {name.lower() for name in message}
    return "from" in names and any(name in names for name in EMAIL_HEADERS)


def receive(stream: IO[bytes], folder: Path) -> Received:
    """Copy an upload to a temporary file in `folder`, counting and hashing it, and check
    its type. Raises AttachmentError (the temporary file removed) when it is refused."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f".upload-{secrets.token_hex(16)}"
    digest, size, head = hashlib.sha256(), 0, b""
    try:
        with path.open("xb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > MAX_SIZE:
                    raise AttachmentError(TOO_BIG.at("file", limit=MAX_SIZE // (1024 * 1024)))
                if len(head) < EMAIL_HEAD:
                    head += chunk[:EMAIL_HEAD - len(head)]
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise AttachmentError(EMPTY.at("file"))
        content_type = detect(head)
        if content_type is None:
            raise AttachmentError(WRONG_TYPE.at("file"))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Received(path, size, digest.hexdigest(), content_type)


def safe_filename(name: str, content_type: str) -> str:
    """The user's file name as shown and offered for download: no folders, no control
    characters, no quotes, and the extension of the type that was detected."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(c for c in unicodedata.normalize("NFC", base)
                   if unicodedata.category(c)[0] != "C" and c not in '"<>:|?*;')
    stem = base.rsplit(".", 1)[0].strip(" .") or "attachment"
    return stem[:MAX_NAME] + EXTENSIONS[content_type]


def store(session: Session, request: TrackedRequest, received: Received, *, filename: str,
          event_id: int | None, user_id: int, now: datetime, folder: Path) -> Attachment:
    """Move the received file into place under a random name and record it."""
    if event_id is not None and not any(e.id == event_id for e in request.events):
        received.path.unlink(missing_ok=True)
        raise NotFound(event_id)
    storage_name = secrets.token_hex(16)
    os.replace(received.path, folder / storage_name)  # atomic within one folder
    attachment = Attachment(event_id=event_id,
                            filename=safe_filename(filename, received.content_type),
                            content_type=received.content_type, size=received.size,
                            sha256=received.sha256, storage_name=storage_name,
                            created_at=now, created_by=user_id)
    request.attachments.append(attachment)
    try:
        touch_and_commit(session, request, now)
    except BaseException:
        (folder / storage_name).unlink(missing_ok=True)
        raise
    return attachment


def find(request: TrackedRequest, attachment_id: int) -> Attachment:
    found = next((a for a in request.attachments if a.id == attachment_id), None)
    if found is None:
        raise NotFound(attachment_id)
    return found


def path_of(attachment: Attachment, folder: Path) -> Path:
    # storage_name is ours (token_hex), never the user's: no path can escape the folder.
    if not re.fullmatch(r"[0-9a-f]{32}", attachment.storage_name):
        raise NotFound(attachment.id)
    return folder / attachment.storage_name
