"""A real redis-server for the job queue's Redis path (issue 10): Debian's redis-server,
which `scripts/setup.sh --dev` installs, on a free loopback port in a temporary folder,
stopped afterwards. Without it the test fails, never skips: the Redis path is a feature."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests import live_server

REDIS_SERVER = "/usr/bin/redis-server"


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """Yields the server's URL (redis://127.0.0.1:PORT/0)."""
    if not Path(REDIS_SERVER).is_file() and shutil.which("redis-server") is None:
        pytest.fail(f"this test needs {REDIS_SERVER} (Debian's redis-server package: "
                    "`scripts/setup.sh --dev` installs it)", pytrace=False)
    # One way of starting it for every test (tests/live_server.py): no persistence,
    # loopback only, bounded waits, stopped with SIGTERM then SIGKILL.
    with live_server.redis_server(folder) as url:
        yield url


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    with redis_server(tmp_path / "redis") as url:
        yield url
