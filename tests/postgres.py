"""A throwaway PostgreSQL server for tests: Debian's `postgresql` package (scripts/setup.sh
--dev installs it), a cluster made by `initdb` in a temporary directory, listening only on
a Unix socket in that directory, and stopped and deleted at the end.

PostgreSQL refuses to run as root, so as root (CI) the server runs as the `postgres`
system user the Debian package creates; otherwise as the current user. Durability is off
(fsync and friends): the cluster is deleted afterwards, and this makes it start and write
several times faster.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError

BINARIES = Path("/usr/lib/postgresql")
SUPERUSER = "postgres"
START_SECONDS = 30
# The socket's file name carries the port; nothing listens on TCP, so any number will do.
PORT = 5432
SPEED = ("-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
         "-c listen_addresses=''")


class PostgresUnavailable(Exception):
    """PostgreSQL could not be found or started; the message says what to do."""


def find_bin() -> Path:
    """The newest installed version's bin directory (initdb and pg_ctl are not on PATH)."""
    found = [path.parent for path in BINARIES.glob("*/bin/initdb") if path.is_file()]
    if not found:
        raise PostgresUnavailable(
            f"no initdb under {BINARIES}/*/bin: install Debian's postgresql package "
            "(`scripts/setup.sh --dev`, which `make test` runs)")
    return max(found, key=lambda b: [int(n) for n in re.findall(r"\d+", b.parent.name)])


def as_server_user() -> list[str]:
    """The command prefix that runs the server's programs as a user PostgreSQL accepts."""
    if os.geteuid() != 0:
        return []
    if shutil.which("runuser") is None:
        raise PostgresUnavailable("running as root, but runuser (util-linux) is missing")
    try:
        import pwd

        pwd.getpwnam(SUPERUSER)
    except KeyError:
        raise PostgresUnavailable(
            "running as root, but there is no `postgres` user to run the server as: "
            "install Debian's postgresql package, which creates it") from None
    return ["runuser", "-u", SUPERUSER, "--"]


@dataclass(frozen=True)
class Postgres:
    """A running server. `url(name)` is a SQLAlchemy URL for database `name` on it."""

    socket_dir: Path

    def url(self, database: str = "postgres") -> str:
        return URL.create("postgresql+psycopg", username=SUPERUSER, database=database,
                          query={"host": str(self.socket_dir), "port": str(PORT)}
                          ).render_as_string(hide_password=False)

    def admin(self) -> Engine:
        # AUTOCOMMIT: CREATE and DROP DATABASE cannot run inside a transaction.
        return create_engine(self.url(), isolation_level="AUTOCOMMIT")

    def create_database(self, *, template: str = "template0") -> str:
        """A new, empty database (or a copy of `template`); returns its name."""
        name = f"test_{secrets.token_hex(6)}"
        engine = self.admin()
        try:
            with engine.connect() as conn:
                # FILE_COPY: with fsync off it copies a small database in about a third
                # of the time of PostgreSQL 15's default, WAL_LOG (80 ms against 240).
                conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}" '
                                  "STRATEGY FILE_COPY"))
        finally:
            engine.dispose()
        return name

    def drop_database(self, name: str) -> int:
        """Drop `name`; returns how many connections were still open and had to be cut
        (0 when every engine on it was disposed, as it should be)."""
        engine = self.admin()
        try:
            with engine.connect() as conn:
                # DROP DATABASE waits up to 5 s for closing backends, then refuses.
                try:
                    conn.execute(text(f'DROP DATABASE "{name}"'))
                    return 0
                except OperationalError:
                    left = conn.scalar(text("SELECT count(*) FROM pg_stat_activity "
                                            "WHERE datname = :name"), {"name": name}) or 0
                    conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
                    return int(left) or 1
        finally:
            engine.dispose()


@contextmanager
def postgres_server() -> Iterator[Postgres]:
    """Start a server in a new temporary directory; stop it and delete the directory on
    exit. Raises PostgresUnavailable, with the server's log, if it does not start."""
    bindir = find_bin()
    runas = as_server_user()
    # In /tmp, not pytest's deeper tmp_path: a socket path must fit in 107 bytes.
    folder = Path(tempfile.mkdtemp(prefix="records-pg-"))
    data, log = folder / "data", folder / "server.log"
    if runas:
        shutil.chown(folder, user=SUPERUSER)
    started = False
    try:
        _run("initdb", [*runas, str(bindir / "initdb"), "-D", str(data), "-U", SUPERUSER,
                        "--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C.UTF-8"],
             log)
        _run("pg_ctl start", [*runas, str(bindir / "pg_ctl"), "start", "-D", str(data),
                              "-l", str(log), "-w", "-t", str(START_SECONDS),
                              "-o", f"-k {folder} -p {PORT} {SPEED}"], log)
        started = True
        yield Postgres(folder)
    finally:
        if started:
            # Immediate: the data is thrown away, so skip the shutdown checkpoint.
            subprocess.run([*runas, str(bindir / "pg_ctl"), "stop", "-D", str(data),
                            "-m", "immediate", "-w"], capture_output=True, check=False)
        shutil.rmtree(folder, ignore_errors=True)


def _run(what: str, command: list[str], log: Path) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        server_log = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise PostgresUnavailable(
            f"{what} failed with {done.returncode}:\n"
            f"{done.stdout[-2000:]}{done.stderr[-2000:]}{server_log}")
