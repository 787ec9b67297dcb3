"""The exchange: a shared folder where students hand in submissions on a JupyterHub.

Set ``COURSEKIT_EXCHANGE`` (hub-wide, e.g. in ``c.Spawner.environment``) and
:func:`coursekit.quiz.submit_all` writes each submission straight into
``$COURSEKIT_EXCHANGE/inbound/`` instead of the local ``submissions/`` folder;
``coursekit collect`` gathers them for ``coursekit grade``.

Permissions (after nbgrader's inbound folder, plus the sticky bit)
------------------------------------------------------------------
``inbound/`` is owned by the instructor, mode ``3733`` (:data:`INBOUND_MODE`):

* everyone may create files in it (``-wx``) but no student may list it (no ``r``);
* setgid: every file gets the folder's group (the instructor's), not the student's;
* sticky: a file can be renamed or deleted only by its owner (or the instructor).

Each submission is a new file ``<student>+<quiz_id>+<UTC time>+<random>.json``,
owned by the student, mode ``0640`` (:data:`FILE_MODE`): the student and the
instructor's group can read it, other students cannot, even knowing its name
(which they cannot guess: 64 random bits). A resubmission is another new file; the
old ones stay, so the history is kept and nothing is ever overwritten.

Writes are atomic: the data goes to a hidden temporary file in ``inbound/`` that
is then hard-linked to its final name (which fails rather than replace a file) and
removed. Two kernels or two students submitting at the same time write different
files, and ``collect`` never sees half a file.

On Kubernetes (Zero to JupyterHub), where every student runs as the same Unix user,
the hub mounts ``inbound/<username>/`` of a shared volume as each student's
``inbound/``; ``collect`` then takes the student from that folder's name.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path

from coursekit._files import TMP_SUFFIX
from coursekit.errors import SubmissionError

__all__ = [
    "EXCHANGE_ENV",
    "FILE_MODE",
    "INBOUND",
    "INBOUND_MODE",
    "deliver",
    "exchange_dir",
    "inbound_dir",
]

EXCHANGE_ENV = "COURSEKIT_EXCHANGE"
"""The environment variable naming the exchange folder."""
INBOUND = "inbound"
"""The folder of the exchange that receives submissions."""
INBOUND_MODE = 0o3733
"""setgid + sticky, ``rwx-wx-wx``: create, never list; delete only your own files."""
FILE_MODE = 0o640
"""A submission: the student reads and writes it, the instructor's group reads it."""


def exchange_dir() -> Path | None:
    """Return the exchange folder (``$COURSEKIT_EXCHANGE``), or None if not configured."""
    env = os.environ.get(EXCHANGE_ENV, "").strip()
    return Path(env).expanduser() if env else None


def inbound_dir(exchange: str | Path) -> Path:
    """Return ``<exchange>/inbound``."""
    return Path(exchange) / INBOUND


def _name(student: str, quiz_id: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{student}+{quiz_id}+{stamp}+{secrets.token_hex(8)}.json"


def deliver(exchange: str | Path, student: str, quiz_id: str, text: str) -> Path:
    """Write one submission (its JSON ``text``) into ``<exchange>/inbound/`` as a new file.

    Returns
    -------
    pathlib.Path
        The new file. Earlier submissions are never touched.

    Raises
    ------
    SubmissionError
        If there is no ``inbound/`` folder or it cannot be written; nothing half
        written is left behind.
    """
    inbound = inbound_dir(exchange)
    if not inbound.is_dir():
        msg = (
            f"the exchange ({EXCHANGE_ENV}={exchange}) has no {INBOUND}/ folder; ask your "
            "instructor to create it (coursekit exchange init)"
        )
        raise SubmissionError(msg, path=inbound)
    final = inbound / _name(student, quiz_id)
    tmp = inbound / f".{final.stem}{TMP_SUFFIX}"
    data = text.encode("utf-8")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
        try:
            os.fchmod(fd, FILE_MODE)  # whatever the umask
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, final)  # fails if the name exists: never replaces a file
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise
            tmp.rename(final)  # no hard links here; the name is unique anyway
    except OSError as exc:
        msg = f"cannot hand in the submission: {exc.strerror or exc}"
        raise SubmissionError(msg, path=inbound) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return final
