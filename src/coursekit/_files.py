"""Small file helpers shared by progress, submissions, the schema writer, charts and the
instructor tools: atomic writes and UTC timestamps."""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["TMP_SUFFIX", "atomic_write_bytes", "atomic_write_text", "now_iso"]

TMP_SUFFIX = ".coursekit-tmp"
"""Suffix of half-written files (git-ignored); they never replace a good file."""


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically, creating missing folders.

    The data goes to a temporary file in the same folder, which is flushed,
    synced and then renamed over ``path`` with :func:`os.replace`: a reader sees
    the old file or the new one, never half of one.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write_bytes(folder / "a" / "x.bin", b"data").read_bytes()
    b'data'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise
    return path


def atomic_write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` as UTF-8 (``\\n`` line ends) with :func:`atomic_write_bytes`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write_text(folder / "a" / "x.json", "{}").read_text()
    '{}'
    """
    return atomic_write_bytes(path, text.encode("utf-8"))


def now_iso() -> str:
    """Return the current UTC time as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
