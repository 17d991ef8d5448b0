"""Configuration: the instance folder, the secret key and the database URL.

The instance folder holds the SQLite file and the secret key. It is `instance/` unless
RECORDS_INSTANCE names another folder. SECRET_KEY from the environment wins over the
instance file; without either, a random key is created in the instance folder.
"""

from __future__ import annotations

import os
import secrets
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def instance_path() -> Path:
    return Path(os.environ.get("RECORDS_INSTANCE") or ROOT / "instance").resolve()


def secret_key(folder: Path) -> str:
    """The secret key: the environment first, then the instance file, else a new one."""
    from_env = os.environ.get("SECRET_KEY", "").strip()
    if from_env:
        return from_env
    key_file = folder / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Create with 0600 so the key is never world-readable, even briefly.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


# Names the app answers to when TRUSTED_HOSTS is unset. "0.0.0.0" and "::" mean "every
# interface", not a name a browser sends, so they add nothing.
LOCAL_HOSTS = ("localhost", "127.0.0.1")


def serving_settings() -> dict[str, object]:
    """Settings for serving, from the environment (README, "Running it")."""
    return {
        "TRUSTED_HOSTS": trusted_hosts(),
        "PROXY_FIX": proxy_hops(),
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL", "").strip() or "memory://",
    }


def pinned_today() -> dict[str, object]:
    """RECORDS_TODAY=YYYY-MM-DD pins the web app's "today" (records.web.clock) for a demo or
    a test of a live server; unset, today is the current date in America/Chicago."""
    raw = os.environ.get("RECORDS_TODAY", "").strip()
    if not raw:
        return {}
    try:
        return {"TODAY": date.fromisoformat(raw)}
    except ValueError:
        raise ValueError(f"RECORDS_TODAY must be a date, YYYY-MM-DD, not {raw!r}") from None


def trusted_hosts() -> list[str]:
    """TRUSTED_HOSTS as a comma-separated list; unset, only this machine's names and the
    HOST being served, so a forged Host header never reaches an absolute link."""
    listed = [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()]
    if listed:
        return listed
    served = os.environ.get("HOST", "").strip()
    extra = [served] if served and served not in (*LOCAL_HOSTS, "0.0.0.0", "::") else []  # noqa: S104
    return [*LOCAL_HOSTS, *extra]


def proxy_hops() -> int:
    """PROXY_FIX: how many proxies in front of the app set X-Forwarded-* (0 or unset: none,
    so those headers are ignored; 1: one TLS proxy, the usual case)."""
    raw = os.environ.get("PROXY_FIX", "").strip() or "0"
    if not raw.isdigit():
        raise ValueError(f"PROXY_FIX must be a number of proxies (0 or 1), not {raw!r}")
    return int(raw)


MAIL_KEYS = ("SMTP_HOST", "SMTP_PORT", "SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_STARTTLS",
             "MAIL_FROM")


def mail_settings() -> dict[str, str]:
    """The SMTP settings records.mail reads, from the environment (unset ones left out)."""
    return {key: os.environ[key].strip() for key in MAIL_KEYS if os.environ.get(key, "").strip()}


DEFAULT_BASE_URL = "http://127.0.0.1:5000"


def base_url() -> str:
    """BASE_URL: where the app is reached, for links that leave it (calendar feeds, the
    digest, exports). The web app prefers its config's BASE_URL."""
    return (os.environ.get("BASE_URL", "").strip() or DEFAULT_BASE_URL).rstrip("/")
