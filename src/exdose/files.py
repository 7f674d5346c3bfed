"""Safe file writing: every output is written atomically, so no half-written file is ever left.

No process-wide state is touched: the umask is never set (not even for a moment, which another
thread could observe); new files get their permissions from the mode argument of `os.open`, which
the kernel reduces by the umask as it does for `open()`.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

_NEW_FILE_MODE = 0o666


def creation_mode() -> int:
    """The permissions `open()` would give a new file (0666 less the umask), read without
    changing the umask: from /proc where there is one, else from a probe file's mode."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return _NEW_FILE_MODE & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    folder = tempfile.gettempdir()
    probe = os.path.join(folder, f".exdose-mode-{secrets.token_hex(8)}")
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _NEW_FILE_MODE)
    try:
        return os.fstat(fd).st_mode & 0o777
    finally:
        os.close(fd)
        os.unlink(probe)


def _create_beside(path: Path) -> tuple[int, str]:
    """A new, empty temporary file in `path`'s folder, created with the mode `open()` would use."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = str(path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(tmp, flags, _NEW_FILE_MODE), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")  # pragma: no cover


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Write bytes to a temporary file in the same folder, then rename it over the target."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _create_beside(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write UTF-8 text atomically."""
    write_bytes_atomic(path, text.encode("utf-8"))
