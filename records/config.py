"""Configuration: the instance folder, the secret key and the database URL.

The instance folder holds the SQLite file and the secret key. It is `instance/` unless
RECORDS_INSTANCE names another folder. SECRET_KEY from the environment wins over the
instance file; without either, a random key is created in the instance folder.
"""

from __future__ import annotations

import os
import secrets
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
