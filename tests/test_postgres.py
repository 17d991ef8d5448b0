"""The tests' own PostgreSQL server (tests/postgres.py): which binaries it picks, and that
a missing installation is a clear failure, never a skip."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from records import db
from tests import postgres as helper
from tests.postgres import Postgres, PostgresUnavailable


def fake_install(root: Path, *versions: str) -> None:
    for version in versions:
        (root / version / "bin").mkdir(parents=True)
        (root / version / "bin" / "initdb").touch()


def test_the_newest_installed_version_is_used_by_number_not_by_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_install(tmp_path, "9.6", "16", "15")
    monkeypatch.setattr(helper, "BINARIES", tmp_path)
    assert helper.find_bin() == tmp_path / "16" / "bin"


def test_without_postgresql_installed_the_message_says_how_to_install_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(helper, "BINARIES", tmp_path)
    with pytest.raises(PostgresUnavailable, match=r"setup\.sh --dev"):
        helper.find_bin()


def test_the_server_runs_fast_and_unprivileged_on_a_private_socket(
        postgres: Postgres) -> None:
    engine = db.make_engine(postgres.url())
    try:
        with engine.connect() as conn:
            settings = {name: conn.scalar(text(f"SHOW {name}")) for name in (
                "fsync", "synchronous_commit", "full_page_writes", "listen_addresses",
                "unix_socket_directories")}
            assert conn.scalar(text("SHOW lock_timeout")) == "5s"  # records.db's busy timeout
    finally:
        engine.dispose()
    assert settings == {"fsync": "off", "synchronous_commit": "off",
                        "full_page_writes": "off", "listen_addresses": "",
                        "unix_socket_directories": str(postgres.socket_dir)}
    owner = postgres.socket_dir.stat().st_uid
    assert owner != 0, "PostgreSQL must not run as root"
