"""The home page, error pages, security headers and the secret key's origin."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from records import create_app


def test_home_page_says_what_the_product_does_and_links_the_directory(
        client: FlaskClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Missouri Sunshine Law" in body and "Freedom of Information Act" in body
    assert 'href="/agencies"' in body  # the agencies are listed there (test_front_home.py)
    assert "not legal advice" in body


def test_every_page_sends_strict_privacy_and_security_headers(client: FlaskClient) -> None:
    headers = client.get("/").headers
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_unknown_page_is_a_friendly_404_not_a_trace(client: FlaskClient) -> None:
    page = client.get("/no-such-page")
    assert page.status_code == 404
    body = page.get_data(as_text=True)
    assert "could not find that page" in body and "Traceback" not in body


def test_an_unexpected_error_is_a_plain_500_page_without_details(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECORDS_INSTANCE", str(tmp_path))
    app = create_app({"TESTING": False, "PROPAGATE_EXCEPTIONS": False})

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("A012345678 secret detail")

    page = app.test_client().get("/boom")
    assert page.status_code == 500
    body = page.get_data(as_text=True)
    assert "Something went wrong" in body and "A012345678" not in body


def test_secret_key_is_created_in_the_instance_folder_private_to_the_owner(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECORDS_INSTANCE", str(tmp_path / "inst"))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = create_app().config["SECRET_KEY"]
    key_file = tmp_path / "inst" / "secret_key"
    assert key_file.read_text() == first and len(first) == 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert create_app().config["SECRET_KEY"] == first  # reused, not regenerated


def test_secret_key_from_the_environment_wins(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECORDS_INSTANCE", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert create_app().config["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()
