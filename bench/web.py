"""Wizard pages under load: gunicorn (2 workers) on loopback, driven by wrk.

Targets (issue 4): >= 300 requests/s for step pages on these 2 cores, and p99 < 100 ms
for the review page. A static file is measured in the same run as a baseline, so the
figures can be read as ratios on a noisy machine. Traffic goes only to 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
DURATION = "8s"
CONNECTIONS = "16"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def make_draft(instance: Path) -> str:
    """A complete draft (the ICE example) stored through the real store; returns its token."""
    os.environ["RECORDS_INSTANCE"] = str(instance)
    from records import create_app, db
    from records.store import DraftStore
    from records.web import database

    app = create_app()
    db.upgrade(app.config["DATABASE_URL"])
    answers = json.loads((ROOT / "examples" / "ice-foia-2019.json").read_text())
    with app.app_context():
        session = database.session()
        token = DraftStore(session).create(answers, step="review", now=datetime.now(UTC))
        session.commit()
    return token


def wait_until_up(url: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).read()  # noqa: S310 - loopback only
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"bench: the server at {url} did not start")


def wrk(url: str) -> tuple[float, float, float]:
    """Requests/s, p50 ms and p99 ms for one URL."""
    out = subprocess.run(["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]

    def percentile(p: str) -> float:
        match = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    if re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        raise SystemExit(f"bench: {url} answered errors under load:\n{out}")
    return rate, percentile("50"), percentile("99")


def main() -> None:
    instance = Path(tempfile.mkdtemp(prefix="records-bench-"))
    token = make_draft(instance)
    port = free_port()
    env = {**os.environ, "RECORDS_INSTANCE": str(instance), "SECRET_KEY": "bench-only"}
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "app:app"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/")
        pages = {
            "static file (baseline)": "/static/style.css",
            "step: agency": f"/new/{token}/agency",
            "step: records": f"/new/{token}/records",
            "step: requester": f"/new/{token}/requester",
            "step: fees": f"/new/{token}/fees",
            "review": f"/new/{token}/review",
        }
        results = {name: wrk(base + path) for name, path in pages.items()}
    finally:
        server.terminate()
        server.wait(timeout=10)
    baseline = results["static file (baseline)"][0]
    print(f"web: gunicorn 2 workers, wrk 1 thread x {CONNECTIONS} connections x {DURATION} "
          "per page, loopback, one run")
    for name, (rate, p50, p99) in results.items():
        print(f"  {name:24} {rate:8.0f} req/s ({rate / baseline:4.2f}x static)  "
              f"p50 {p50:6.1f} ms  p99 {p99:6.1f} ms")
    steps = [v[0] for k, v in results.items() if k.startswith("step")]
    print(f"  target: step pages >= 300 req/s -> slowest {min(steps):.0f} "
          f"({'met' if min(steps) >= 300 else 'NOT met'})")
    review_p99 = results["review"][2]
    print(f"  target: review p99 < 100 ms -> {review_p99:.1f} ms "
          f"({'met' if review_p99 < 100 else 'NOT met'})")
