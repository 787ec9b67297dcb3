"""``coursekit collect``: the latest submission per student and quiz, out of an exchange.

Students hand in with :func:`coursekit.quiz.submit_all` into ``<exchange>/inbound/``
(see :mod:`coursekit.quiz.exchange`). :func:`collect` copies, for every student and
quiz, the newest of their files into a folder that ``coursekit grade`` reads, writes
``collected.csv`` (who, what, when the server received it) beside them, and lists
who on the roster handed in nothing.

Nothing a student controls is trusted:

* **who**: the student id written in a file must be the one the server knows: the
  file's Unix owner (``--owner-prefix jupyter-`` on The Littlest JupyterHub, whose Unix
  users are ``jupyter-<hub user>``), or, with ``--per-user-folders`` (Kubernetes, where
  the hub mounts ``inbound/<user>/`` as each student's ``inbound/``), the folder's name.
  A file that disagrees is flagged and not collected; so is a folder a student made in
  an owner-checked ``inbound/``, and a symbolic link is never followed.
* **when**: "latest" is by the file's change time (``ctime``), which the server sets
  and no student can move back; ``submitted_at`` in the file is never used for it.
* **what**: each file is read and checked as ``coursekit grade`` would; a quiz id
  that is not a plain name is refused, so no file is written outside ``--out``.

The exchange itself is never written to: older submissions stay there as history.
"""

from __future__ import annotations

import csv
import errno
import grp
import io
import os
import pwd
import re
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from coursekit._files import TMP_SUFFIX
from coursekit.errors import CoursekitError
from coursekit.instructor._common import InstructorError, plural, write_bytes, write_text
from coursekit.instructor.grade import COLLECT_MANIFEST
from coursekit.quiz.exchange import INBOUND, INBOUND_MODE, inbound_dir
from coursekit.quiz.submission import Submission

__all__ = ["MANIFEST", "Collection", "collect", "format_collection", "init_exchange"]

MANIFEST = COLLECT_MANIFEST
"""Written in the output folder: student, quiz, received_at, source, older_versions."""
_QUIZ_ID = re.compile(r"[A-Za-z0-9_][\w.-]{0,99}")
_CSV_RISKY = ("=", "+", "-", "@", "\t", "\r")
_MAX_BYTES = 10_000_000


@dataclass
class Collection:
    """What :func:`collect` did."""

    out: Path
    """The output folder."""
    files: list[Path] = field(default_factory=list)
    """The submissions copied there, one per student and quiz."""
    students: list[str] = field(default_factory=list)
    """Students with at least one collected submission, sorted."""
    quizzes: list[str] = field(default_factory=list)
    """Quiz ids collected, sorted."""
    older: int = 0
    """Earlier submissions superseded by a later one (left in the exchange)."""
    flagged: list[str] = field(default_factory=list)
    """Files not collected, one line each: ``FILE: reason``."""
    missing: list[str] = field(default_factory=list)
    """Roster students who handed in nothing."""
    incomplete: dict[str, list[str]] = field(default_factory=dict)
    """Student -> quizzes (among those collected from anyone) they did not hand in."""
    not_on_roster: list[str] = field(default_factory=list)
    """Students who handed in but are not on the roster (collected anyway)."""

    def summary(self) -> str:
        """One line: how many submissions, students and quizzes; flagged and missing."""
        line = (
            f"collected {plural(len(self.files), 'submission')} from "
            f"{plural(len(self.students), 'student')} in {plural(len(self.quizzes), 'quiz', 'quizzes')}"
        )
        extras = [
            f"{self.older} older version(s) left in the exchange" if self.older else "",
            f"{plural(len(self.flagged), 'file')} flagged" if self.flagged else "",
            f"{len(self.missing)} missing" if self.missing else "",
        ]
        return "; ".join([line, *(e for e in extras if e)])


@dataclass
class _Found:
    path: Path
    student: str
    quiz: str
    received: float
    data: bytes


def _safe_cell(value: str) -> str:
    return "'" + value if value.startswith(_CSV_RISKY) else value


def _owner(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def _candidates(inbound: Path) -> list[Path]:
    """``inbound/*.json`` and ``inbound/<user>/*.json``, without half-written files."""
    found: list[Path] = []
    try:
        entries = sorted(inbound.iterdir())
    except OSError as exc:
        msg = f"cannot list the exchange's {INBOUND}/ folder: {exc.strerror or exc} (run as its owner)"
        raise InstructorError(msg, path=inbound) from None
    for entry in entries:
        if entry.name.startswith(".") or entry.name.endswith(TMP_SUFFIX) or entry.is_symlink():
            continue
        if entry.is_dir():
            try:
                inner = sorted(entry.iterdir())
            except OSError:
                inner = [entry]  # reported as unreadable below
            found.extend(
                p
                for p in inner
                if (p == entry or (p.suffix == ".json" and not p.name.startswith("."))) and not p.is_symlink()
            )
        elif entry.suffix == ".json":
            found.append(entry)
    return found


def _prepare_out(out: Path, exchange: Path, *, force: bool) -> None:
    if out.resolve().is_relative_to(exchange.resolve()):
        msg = "the output folder must be outside the exchange (collect never writes into it)"
        raise InstructorError(msg, path=out)
    if out.exists() and not out.is_dir():
        msg = "exists and is not a folder"
        raise InstructorError(msg, path=out)
    if not out.is_dir() or not any(out.iterdir()):
        return
    if not force:
        msg = "is not empty; give a new folder, or --force to replace a previous collection in it"
        raise InstructorError(msg, path=out)
    if not (out / MANIFEST).is_file() or any(
        p.is_dir() or p.suffix not in (".json", ".csv") for p in out.iterdir()
    ):
        msg = f"is not a previous collection (no {MANIFEST}, or other files), so --force will not empty it"
        raise InstructorError(msg, path=out)
    for p in out.iterdir():
        p.unlink()


def _read_nofollow(path: Path) -> tuple[os.stat_result, bytes]:
    """The file's status and bytes, from one descriptor that never follows a symlink (a
    student cannot swap their file for a link to something only the instructor can read)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            msg = "not a regular file"
            raise OSError(errno.EINVAL, msg)
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return st, b"".join(chunks)
    finally:
        os.close(fd)


def _parse(data: bytes) -> Submission:
    """Check ``data`` exactly as ``coursekit grade`` will (from a private copy)."""
    from coursekit.quiz.submission import load_submission

    with tempfile.TemporaryDirectory(prefix="coursekit-collect-") as tmp:
        copy = Path(tmp) / "submission.json"
        copy.write_bytes(data)
        return load_submission(copy)


def _read(
    path: Path, inbound: Path, *, per_user_folders: bool, check_owner: bool, owner_prefix: str
) -> tuple[_Found | None, str | None]:
    from coursekit.quiz.progress import valid_student_id

    rel = path.relative_to(inbound)
    in_folder = len(rel.parts) == 2
    if in_folder != per_user_folders:
        where = "in a folder of inbound/" if in_folder else "directly in inbound/"
        mode = "per-user folders (--per-user-folders)" if per_user_folders else "files owned by each student"
        return None, f"{rel}: {where}, but this exchange holds {mode}; not collected"
    try:
        if path.is_dir() and not path.is_symlink():
            msg = "cannot list this per-user folder"
            raise PermissionError(errno.EACCES, msg)
        st, data = _read_nofollow(path)
        if len(data) > _MAX_BYTES:
            return None, f"{rel}: file too large ({len(data):,} bytes)"
        sub = _parse(data)
    except PermissionError as exc:
        return None, f"{rel}: cannot read ({exc.strerror or exc}); run collect as the exchange's owner"
    except OSError as exc:
        return None, f"{rel}: cannot read ({exc.strerror or exc})"
    except CoursekitError as exc:
        return None, f"{rel}: {exc.message}"
    if in_folder:
        server, how = rel.parts[0], "its folder"
    elif check_owner:
        owner = _owner(st.st_uid)
        server = owner.removeprefix(owner_prefix) if owner_prefix else owner
        how = f"its owner, {owner}"
    else:
        server, how = sub.student, ""
    if server != sub.student:
        return None, (
            f"{rel}: says student {sub.student!r} but belongs to {server!r} (by {how}); not collected"
        )
    try:
        valid_student_id(server)
    except CoursekitError as exc:
        return None, f"{rel}: {exc.message}"
    if not _QUIZ_ID.fullmatch(sub.quiz_id):
        return None, f"{rel}: quiz_id {sub.quiz_id!r} is not a plain name (letters, digits, . _ -)"
    return _Found(path, server, sub.quiz_id, st.st_ctime, data), None


def collect(
    exchange: str | Path,
    out: str | Path,
    *,
    roster: str | Path | None = None,
    per_user_folders: bool = False,
    check_owner: bool = True,
    owner_prefix: str = "",
    force: bool = False,
) -> Collection:
    """Copy the latest submission of every student and quiz from ``exchange`` to ``out``.

    Parameters
    ----------
    exchange
        The exchange folder (holding ``inbound/``).
    out
        The output folder: new or empty (or, with ``force``, a previous collection).
    roster
        A CSV file with a ``student_id`` column: who is missing is listed against it.
    per_user_folders
        The hub mounts ``inbound/<user>/`` as each student's ``inbound/`` (Kubernetes):
        the folder's name is the student. Otherwise only files directly in
        ``inbound/`` count, and a folder a student made there is ignored and flagged.
    check_owner
        Check the student id of files directly in ``inbound/`` against their Unix
        owner. Turn off only where every student runs as the same Unix user and the
        hub does not mount per-user folders: ids are then self-declared.
    owner_prefix
        Removed from owner names before comparing (``jupyter-`` on TLJH).
    force
        Replace a previous collection in ``out``.

    Raises
    ------
    InstructorError
        If the exchange has no readable ``inbound/`` folder, ``out`` cannot be used,
        or the roster is bad.
    """
    from coursekit.instructor.roster import read_roster

    exchange, out = Path(exchange), Path(out)
    inbound = inbound_dir(exchange)
    if not inbound.is_dir():
        msg = f"no {INBOUND}/ folder: not an exchange (create one with `coursekit exchange init`)"
        raise InstructorError(msg, path=exchange)
    students_on_roster = [s.student_id for s in read_roster(roster)] if roster is not None else None
    _prepare_out(out, exchange, force=force)

    result = Collection(out=out)
    latest: dict[tuple[str, str], _Found] = {}
    for path in _candidates(inbound):
        found, problem = _read(
            path,
            inbound,
            per_user_folders=per_user_folders,
            check_owner=check_owner,
            owner_prefix=owner_prefix,
        )
        if problem is not None:
            result.flagged.append(problem)
            continue
        assert found is not None
        key = (found.student, found.quiz)
        best = latest.get(key)
        if best is None or (found.received, found.path.name) > (best.received, best.path.name):
            latest[key] = found
        result.older += best is not None

    rows = [["student", "quiz", "received_at", "source"]]
    for (student, quiz), found in sorted(latest.items()):
        result.files.append(write_bytes(out / f"{student}__{quiz}.json", found.data))
        when = datetime.fromtimestamp(found.received, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        rows.append([student, quiz, when, str(found.path.relative_to(exchange))])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([[_safe_cell(c) for c in row] for row in rows])
    write_text(out / MANIFEST, buffer.getvalue())

    result.students = sorted({s for s, _ in latest})
    result.quizzes = sorted({q for _, q in latest})
    everyone = sorted(set(result.students) | set(students_on_roster or []))
    for student in everyone:
        lacking = [q for q in result.quizzes if (student, q) not in latest]
        if student not in result.students:
            result.missing.append(student)
        elif lacking:
            result.incomplete[student] = lacking
    if students_on_roster is not None:
        result.not_on_roster = sorted(set(result.students) - set(students_on_roster))
    else:
        result.missing = []
    return result


def init_exchange(exchange: str | Path, *, owner: str | None = None, group: str | None = None) -> Path:
    """Create (or fix the permissions of) an exchange's ``inbound/`` folder; return it.

    ``inbound/`` gets mode ``3733`` (:data:`coursekit.quiz.exchange.INBOUND_MODE`);
    the exchange folder itself ``0755``, so students can reach ``inbound/``.

    Parameters
    ----------
    owner, group
        Unix user and group that will run ``coursekit collect`` (default: whoever
        runs this). Submissions are readable by ``group``.

    Raises
    ------
    InstructorError
        If a user or group does not exist, or the folders cannot be made.
    """
    exchange = Path(exchange)
    inbound = inbound_dir(exchange)
    try:
        uid = pwd.getpwnam(owner).pw_uid if owner else -1
        gid = grp.getgrnam(group).gr_gid if group else (pwd.getpwnam(owner).pw_gid if owner else -1)
    except KeyError as exc:
        msg = f"no such user or group: {exc.args[0]}"
        raise InstructorError(msg, path=exchange) from None
    try:
        inbound.mkdir(parents=True, exist_ok=True)
        for folder, mode in ((exchange, 0o755), (inbound, INBOUND_MODE)):
            if uid != -1 or gid != -1:
                os.chown(folder, uid, gid)
            folder.chmod(mode)
    except OSError as exc:
        msg = f"cannot set up the exchange: {exc.strerror or exc}"
        raise InstructorError(msg, path=exchange) from None
    return inbound


def format_collection(result: Collection, *, roster_given: bool) -> Sequence[str]:
    """Lines to print for ``coursekit collect``: flagged files, then who is missing."""
    lines = [f"flagged: {line}" for line in result.flagged]
    lines += [f"missing: {s} (nothing handed in)" for s in result.missing]
    lines += [f"incomplete: {s}: no {', '.join(qs)}" for s, qs in sorted(result.incomplete.items())]
    lines += [f"note: {s} is not on the roster (collected anyway)" for s in result.not_on_roster]
    if not roster_given:
        lines.append("note: no --roster given, so students who handed in nothing are not listed")
    return lines
