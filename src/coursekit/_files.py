"""Small file helpers shared by progress, submissions, the schema writer, charts and the
instructor tools: atomic writes and UTC timestamps."""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["TMP_SUFFIX", "atomic_write_bytes", "atomic_write_text", "now_iso", "parse_time"]

TMP_SUFFIX = ".coursekit-tmp"
"""Suffix of half-written files (git-ignored); they never replace a good file."""


def _umask() -> int:
    """The process umask, read without changing it where Linux says it (``/proc``)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)  # elsewhere: set and restore at once
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    """A replaced file keeps its mode; a new one gets ``0o666 & ~umask``, as ``open()`` gives."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically, creating missing folders.

    The data goes to a temporary file in the same folder, which is flushed,
    synced and then renamed over ``path`` with :func:`os.replace`: a reader sees
    the old file or the new one, never half of one. The file gets the mode
    ``open()`` would give it (``0o666`` less the umask; a replaced file keeps its
    own), not the ``0o600`` of a temporary file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write_bytes(folder / "a" / "x.bin", b"data").read_bytes()
    b'data'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TMP_SUFFIX)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise
    _clean_stale_temps(path)
    return path


STALE_AFTER = 60.0
"""Seconds after which a temporary file of a write is taken as left by a killed process."""


def _clean_stale_temps(path: Path) -> None:
    """Remove ``path``'s temporary files left by writers that were killed mid-write.

    A process killed between creating its temporary file and renaming it (SIGKILL,
    a kernel restart during a save) leaves the file behind; nothing else would
    ever remove it. Only files older than :data:`STALE_AFTER` are removed, so a
    write in progress elsewhere is never touched.
    """
    import time

    cutoff = time.time() - STALE_AFTER
    for old in path.parent.glob(f".{glob.escape(path.name)}.*{TMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            if old.lstat().st_mtime < cutoff:
                old.unlink()


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


def parse_time(text: str) -> datetime:
    """Read a time as coursekit reads every time in a file: ISO 8601, ``Z`` for UTC.

    Raises
    ------
    ValueError
        If ``text`` is not such a time.

    Examples
    --------
    >>> parse_time("2025-01-01T12:00:00.000000Z")
    datetime.datetime(2025, 1, 1, 12, 0, tzinfo=datetime.timezone.utc)
    """
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
