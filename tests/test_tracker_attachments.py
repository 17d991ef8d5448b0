"""Attachments: the type comes from the bytes, the size is capped at 10 MB for this one
route, files are stored outside the web root and served only as downloads."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from flask import Flask

from records.models import Attachment
from records.tracker import attachments
from records.web import database
from tests.tracker_web_helpers import form_of, make_request, make_user, sign_in
from tests.wizard_helpers import HttpsClient, Page

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EML = (b"From: FOIA Office <foia@ice.dhs.gov>\r\nTo: ana@example.org\r\n"
       b"Subject: Your FOIA request 2026-ICFO-01234\r\nDate: Tue, 3 Nov 2026 10:00:00 -0500\r\n"
       b"\r\nWe received your request.\r\n")
HTML = b"<!doctype html><html><script>alert(1)</script></html>"


@pytest.fixture
def owned(app: Flask, web: HttpsClient) -> int:
    user_id = make_user(app)
    sign_in(web, user_id)
    return make_request(app, user_id)


def _upload(web: HttpsClient, request_id: int, content: bytes, name: str,
            content_type: str = "application/pdf") -> tuple[int, Page]:
    action = f"/requests/{request_id}/attachments"
    data = form_of(Page.of(web.get(f"/requests/{request_id}")), action)
    data["file"] = (io.BytesIO(content), name, content_type)
    response = web.post(action, data=data, content_type="multipart/form-data")
    return response.status_code, Page.of(response)


def _stored(app: Flask) -> list[Attachment]:
    with app.app_context():
        return list(database.session().query(Attachment).order_by(Attachment.id))


@pytest.mark.parametrize(("content", "name", "kind"), [
    (PDF, "denial letter.pdf", "application/pdf"), (PNG, "envelope.png", "image/png"),
    (JPEG, "scan.jpeg", "image/jpeg"), (EML, "reply.eml", "message/rfc822"),
])
def test_the_agencys_letters_scans_and_emails_can_be_attached(
        app: Flask, web: HttpsClient, owned: int, content: bytes, name: str,
        kind: str) -> None:
    status, _page = _upload(web, owned, content, name)
    assert status == 302
    [stored] = _stored(app)
    assert (stored.content_type, stored.size) == (kind, len(content))
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    on_disk = Path(app.instance_path) / "attachments" / stored.storage_name
    assert on_disk.read_bytes() == content
    response = web.get(f"/requests/{owned}/attachments/{stored.id}")
    assert response.data == content
    assert response.mimetype == kind
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_web_page_renamed_to_pdf_is_refused_with_a_field_error(
        app: Flask, web: HttpsClient, owned: int) -> None:
    status, page = _upload(web, owned, HTML, "letter.pdf")
    assert status == 422
    error = page.by_id("file-error")
    assert error is not None and "only PDF, PNG and JPEG" in error.text()
    assert _stored(app) == []
    assert list((Path(app.instance_path) / "attachments").iterdir()) == []


def test_an_empty_file_is_refused(app: Flask, web: HttpsClient, owned: int) -> None:
    status, page = _upload(web, owned, b"", "nothing.pdf")
    assert status == 422 and page.by_id("file-error") is not None


def test_a_file_over_10_mb_is_refused_with_a_field_error_not_a_413(
        app: Flask, web: HttpsClient, owned: int) -> None:
    just_over = PDF + b"0" * (attachments.MAX_SIZE + 1 - len(PDF))
    status, page = _upload(web, owned, just_over, "big.pdf")
    assert status == 422
    error = page.by_id("file-error")
    assert error is not None and "10 MB" in error.text()
    far_over = PDF + b"0" * (attachments.MAX_SIZE * 2)
    status, page = _upload(web, owned, far_over, "huge.pdf")
    assert status == 422 and page.by_id("file-error") is not None
    assert _stored(app) == []


def test_a_file_just_under_10_mb_is_accepted(app: Flask, web: HttpsClient,
                                             owned: int) -> None:
    content = PDF + b"0" * (attachments.MAX_SIZE - len(PDF))
    status, _page = _upload(web, owned, content, "scan.pdf")
    assert status == 302


def test_other_forms_keep_the_small_body_limit(app: Flask, web: HttpsClient,
                                               owned: int) -> None:
    action = f"/requests/{owned}/title"
    data = form_of(Page.of(web.get(f"/requests/{owned}")), action)
    response = web.post(action, data=data | {"title": "x" * 300 * 1024})
    assert response.status_code == 413


def test_the_download_name_is_the_users_without_folders_or_control_characters() -> None:
    assert attachments.safe_filename("../../etc/passwd.pdf", "application/pdf") \
        == "passwd.pdf"
    assert attachments.safe_filename('C:\\x\\re"ply\r\n.html', "message/rfc822") == "reply.eml"
    assert attachments.safe_filename("", "image/png") == "attachment.png"


def test_an_upload_without_its_csrf_token_is_refused(web: HttpsClient, owned: int) -> None:
    response = web.post(f"/requests/{owned}/attachments",
                        data={"file": (io.BytesIO(PDF), "a.pdf")},
                        content_type="multipart/form-data")
    assert response.status_code == 400


def test_another_users_attachment_is_not_found(app: Flask, web: HttpsClient,
                                              owned: int) -> None:
    assert _upload(web, owned, PDF, "a.pdf")[0] == 302
    [stored] = _stored(app)
    sign_in(web, make_user(app, "stranger@example.org"))
    assert web.get(f"/requests/{owned}/attachments/{stored.id}").status_code == 404
    mine = make_request(app, make_user(app, "third@example.org"))
    sign_in(web, 3)
    assert web.get(f"/requests/{mine}/attachments/{stored.id}").status_code == 404
