"""Fixtures shared by the tracker's web tests (loaded by tests/conftest.py as a plugin)."""

from __future__ import annotations

import pytest
from flask import Flask

from records.tracker import summary
from tests.tracker_web_helpers import make_user, sign_in
from tests.wizard_helpers import HttpsClient, Wizard, https_client


@pytest.fixture
def web(app: Flask) -> HttpsClient:
    """The app's client over https. records.tracker.summary caches rows in the process, per
    database: each test starts with none, so no test leans on another's computation."""
    summary.clear()
    return https_client(app)


@pytest.fixture
def wiz(web: HttpsClient) -> Wizard:
    """One visitor's way through the wizard, on the `web` client."""
    return Wizard(web)


@pytest.fixture
def advocate(app: Flask, web: HttpsClient) -> int:
    """A signed-in account's id."""
    user_id = make_user(app)
    sign_in(web, user_id)
    return user_id
