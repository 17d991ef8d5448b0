"""Shared fixtures: the app with a throwaway instance folder, its client, and answers."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from records import create_app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    monkeypatch.setenv("RECORDS_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    yield create_app({"TESTING": True})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def load_example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / name).read_text())
    return data


def make_answers(base: str = "kcpd-sunshine-2019.json", **overrides: Any) -> dict[str, Any]:
    """An answers dict from an example file, with top-level keys overridden."""
    answers = copy.deepcopy(load_example(base))
    answers.update(overrides)
    return answers
