"""The data folder: where the database, the secret key and uploads live."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

DEFAULT_DATA = "exdose-data"


def data_dir(value: str | os.PathLike[str] | None = None) -> Path:
    """The data folder from the argument, else EXDOSE_DATA, else ./exdose-data (created)."""
    path = Path(value or os.environ.get("EXDOSE_DATA") or DEFAULT_DATA).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def secret_key(folder: Path) -> str:
    """The secret key kept in the data folder, generated on first start (never in the repo)."""
    key_file = folder / "secret_key"
    try:
        key = key_file.read_text(encoding="utf-8").strip()
        if key:
            return key
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(50)
    # O_EXCL: two processes starting at once must agree on one key, so the loser re-reads it.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key


def database_from_url(url: str) -> dict[str, object]:
    """A Django DATABASES entry from postgresql://user:pass@host:port/name (or sqlite:///path)."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    if parts.scheme in ("postgres", "postgresql", "postgresql+psycopg"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    if parts.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": unquote(parts.path)}
    raise ValueError(
        f"EXDOSE_DATABASE_URL must start with postgresql:// or sqlite:///, not {parts.scheme}://"
    )
