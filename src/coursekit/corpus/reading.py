"""Reading the data files: each parsed once per version, errors naming the file.

The caches are keyed by a file's modification time and size, so an edited file is
read again and callers always get their own copy of the rows.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from pathlib import Path
from typing import TypedDict

from coursekit.errors import DataError
from coursekit.paths import data_dir

__all__ = ["Where", "_data", "_read_csv_rows", "_read_text", "_stamp"]


class Where(TypedDict, total=False):
    """Where a data problem is: the keyword arguments of :class:`~coursekit.errors.DataError`."""

    path: str | Path | None
    line: int | None
    item: str | None
    item_kind: str


def _data(data: str | Path | None) -> Path:
    return Path(data) if data is not None else data_dir()


def _stamp(path: Path) -> tuple[int, int]:
    """``(mtime_ns, size)`` of a data file, the key of the caches below; a clear error if missing."""
    if not path.is_file():
        raise DataError(
            "file not found; rebuild with `coursekit corpus build`"
            if path.parent.name == "corpus"
            else "file not found",
            path=path,
        )
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


def _read_text(path: Path) -> str:
    return _read_text_cached(str(path), *_stamp(path))


@lru_cache(maxsize=64)
def _read_text_cached(path: str, mtime_ns: int, size: int) -> str:
    try:
        return Path(path).read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        msg = f"not UTF-8 text ({exc.reason} at byte {exc.start})"
        raise DataError(msg, path=path) from None


def _read_csv_rows(path: Path, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    """Return ``(line number, row)`` pairs; check the header names ``columns``.

    The file is parsed once per version (its modification time and size); every
    call gets its own copy of the rows.
    """
    rows = _csv_rows_cached(str(path), tuple(columns), *_stamp(path))
    return [(line, dict(row)) for line, row in rows]


@lru_cache(maxsize=32)
def _csv_rows_cached(
    path_str: str, columns: tuple[str, ...], mtime_ns: int, size: int
) -> tuple[tuple[int, dict[str, str]], ...]:
    path = Path(path_str)
    text = _read_text(path)
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in columns if c not in header]
    if missing:
        msg = f"missing columns {', '.join(missing)}; expected: {', '.join(columns)}"
        raise DataError(
            msg,
            path=path,
            line=1,
        )
    rows = []
    try:
        for row in reader:
            line = reader.line_num  # line of the row's last physical line
            if None in row or any(v is None for v in row.values()):
                msg = f"wrong number of fields; expected {len(header)} ({', '.join(header)})"
                raise DataError(
                    msg,
                    path=path,
                    line=line,
                )
            rows.append((line, {k: v.strip() for k, v in row.items()}))
    except csv.Error as exc:
        msg = f"malformed CSV ({exc})"
        raise DataError(msg, path=path, line=reader.line_num) from None
    return tuple(rows)
