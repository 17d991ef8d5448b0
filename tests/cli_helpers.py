"""Running `python -m records ARGS` for tests: in-process through `records.cli.main`, and
(for the few smoke tests of the real entry point) in a subprocess.

In-process is what most tests use: a new interpreter costs about a second of imports per
call. It runs the same `main(argv)` that `python -m records` runs, from the repository root,
with its own stdin, stdout and stderr. An exception escaping `main` is not caught: it fails
the test with its traceback, as the subprocess would have printed one.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from records import cli

ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def _environment(env: Mapping[str, str | None]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in env}
    try:
        for name, value in env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_cli(*args: str | Path, stdin: str | None = None,
            env: Mapping[str, str | None] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m records ARGS` in this process: exit code, stdout and stderr. `env` sets
    (or, with None, removes) environment variables for the call only."""
    argv = [str(a) for a in args]
    out, err = io.StringIO(), io.StringIO()
    saved_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin or "")
    try:
        with contextlib.chdir(ROOT), _environment(env or {}), \
                contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(argv)
    finally:
        sys.stdin = saved_stdin
    return subprocess.CompletedProcess(["python", "-m", "records", *argv], code,
                                       out.getvalue(), err.getvalue())


def run_cli_process(*args: str | Path, stdin: str | None = None,
                    env: Mapping[str, str | None] | None = None,
                    ) -> subprocess.CompletedProcess[str]:
    """`python -m records ARGS` in a new interpreter, as a user runs it."""
    environ = dict(os.environ)
    for name, value in (env or {}).items():
        if value is None:
            environ.pop(name, None)
        else:
            environ[name] = value
    return subprocess.run([sys.executable, "-m", "records", *map(str, args)], cwd=ROOT,
                          env=environ, input=stdin, capture_output=True, text=True,
                          timeout=120)
