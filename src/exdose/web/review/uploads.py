"""Uploads: single report files and zips of them, bounded, stored in the data folder.

Limits (settings may override them, e.g. `REVIEW_MAX_FILE_BYTES`):
- one report file at most `MAX_FILE_BYTES` (30 MB);
- one upload request at most `MAX_REQUEST_BYTES` (120 MB), refused before it is read;
- a zip at most `MAX_ZIP_FILES` entries, `MAX_ZIP_TOTAL_BYTES` unpacked in all (counted while
  unpacking, never trusted from the zip's own header), no entry may leave its folder.
A member that breaks a per-file rule becomes a report with status `error` and the reason, so the
others are still rated; a zip that breaks a whole-zip rule is refused with the reason.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings

MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_REQUEST_BYTES = 120 * 1024 * 1024
MAX_ZIP_FILES = 500
MAX_ZIP_TOTAL_BYTES = 400 * 1024 * 1024
CHUNK = 1024 * 1024
_SUFFIXES = {".txt", ".md", ".text", ".xml", ".nxml", ".jats", ".pdf", ".docx", ".html", ".htm"}


def limit(name: str) -> int:
    """A limit, from settings when set there (REVIEW_<NAME>), else the default above."""
    value: int = getattr(settings, f"REVIEW_{name}", globals()[name])
    return value


class UploadRefused(Exception):
    """A whole upload refused (too large, a zip with too many entries): the message says why."""


@dataclass
class Incoming:
    """One report taken from an upload: stored already (`path`), or refused with `error`."""

    filename: str
    size: int
    sha256: str = ""
    path: Path | None = None
    error: str = ""


def folder_for(project_id: int) -> Path:
    """The data-folder directory of a project's uploaded files (created)."""
    folder = Path(settings.DATA_DIR) / "review" / str(int(project_id))
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def display_name(name: str) -> str:
    """The base name of an uploaded file, safe to show (never used as a path)."""
    base = posixpath.basename(name.replace("\\", "/")).strip()
    cleaned = "".join(c for c in base if c.isprintable())[:200]
    return cleaned or "report"


def _suffix(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return suffix if suffix in _SUFFIXES else ".bin"


def _store(project_id: int, name: str, chunks: Iterator[bytes], max_bytes: int) -> Incoming:
    """Write chunks to a new file in the project folder, stopping past max_bytes."""
    folder = folder_for(project_id)
    digest = hashlib.sha256()
    size = 0
    fd = -1
    tmp = folder / f".upload-{os.getpid()}-{os.urandom(6).hex()}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        for chunk in chunks:
            size += len(chunk)
            if size > max_bytes:
                os.close(fd)
                fd = -1
                tmp.unlink()
                return Incoming(name, size, error=_too_big(size, max_bytes, partial=True))
            digest.update(chunk)
            os.write(fd, chunk)
        os.close(fd)
        fd = -1
        final = folder / f"{digest.hexdigest()[:16]}-{os.urandom(4).hex()}{_suffix(name)}"
        os.replace(tmp, final)
        return Incoming(name, size, digest.hexdigest(), final)
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp.exists():
            tmp.unlink()


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} kB"


def _too_big(size: int, max_bytes: int, *, partial: bool = False) -> str:
    shown = f"more than {_size(max_bytes)}" if partial else _size(size)
    return (
        f"the file is {shown}; the limit is {_size(max_bytes)} per report (split it or "
        "compress its images)"
    )


def _over_total() -> str:
    return (
        f"not unpacked: the zip's files add up to more than "
        f"{_size(limit('MAX_ZIP_TOTAL_BYTES'))} unpacked (upload it in parts)"
    )


def take_upload(project_id: int, upload: Any) -> list[Incoming]:
    """The reports in one uploaded file (a Django UploadedFile): itself, or a zip's members."""
    name = display_name(upload.name or "report")
    head = upload.read(4)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04") and name.lower().endswith(".zip"):
        return list(_from_zip(project_id, upload))
    max_bytes = limit("MAX_FILE_BYTES")
    if upload.size is not None and upload.size > max_bytes:
        return [Incoming(name, upload.size, error=_too_big(upload.size, max_bytes))]
    return [_store(project_id, name, upload.chunks(CHUNK), max_bytes)]


def _safe_member(name: str) -> bool:
    normal = posixpath.normpath(name.replace("\\", "/"))
    return not (normal.startswith(("/", "../")) or normal == ".." or ":" in normal.split("/")[0])


def _from_zip(project_id: int, upload: Any) -> Iterator[Incoming]:
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UploadRefused(
            f"{display_name(upload.name)} is not a readable zip ({error})"
        ) from None
    with archive:
        entries = [e for e in archive.infolist() if not e.is_dir()]
        if len(entries) > limit("MAX_ZIP_FILES"):
            raise UploadRefused(
                f"the zip holds {len(entries)} files; at most {limit('MAX_ZIP_FILES')} per zip "
                "(upload it in parts)"
            )
        budget = limit("MAX_ZIP_TOTAL_BYTES")
        max_bytes = limit("MAX_FILE_BYTES")
        for entry in entries:
            name = display_name(entry.filename)
            parts = entry.filename.replace("\\", "/").split("/")
            if (
                any(p.startswith(".") and p not in (".", "..") for p in parts)
                or "__MACOSX" in parts
            ):
                continue  # system files (.DS_Store, macOS resource forks) are not reports
            if not _safe_member(entry.filename):
                yield Incoming(
                    name,
                    entry.file_size,
                    error=f"refused: the zip entry {entry.filename!r} points outside "
                    "the zip's folder",
                )
                continue
            if entry.flag_bits & 0x1:
                yield Incoming(
                    name,
                    entry.file_size,
                    error="the zip entry is password-protected; unpack it and upload "
                    "the report itself",
                )
                continue
            if name.lower().endswith(".zip"):
                yield Incoming(
                    name,
                    entry.file_size,
                    error="a zip inside the zip is not opened; upload it on its own",
                )
                continue
            if budget <= 0:
                yield Incoming(name, entry.file_size, error=_over_total())
                continue
            cap = min(max_bytes, budget)
            try:
                with archive.open(entry) as stream:
                    got = _store(project_id, name, _read_chunks(stream), cap)
            except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as error:
                yield Incoming(
                    name, entry.file_size, error=f"the zip entry cannot be unpacked ({error})"
                )
                continue
            if got.error and cap < max_bytes:
                got.error = _over_total()
            budget -= min(got.size, cap)
            yield got


def _read_chunks(stream: IO[bytes]) -> Iterator[bytes]:
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            return
        yield chunk
