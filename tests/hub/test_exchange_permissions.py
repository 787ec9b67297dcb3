"""The exchange's permission model, with two real Unix users (needs root, as in CI).

Independent of the hub: each student's hand-in runs as that student, with the system's
Python and a copy of coursekit's (stdlib-only) exchange code, so it works wherever the
checkout itself is private. Proves: a student creates files in ``inbound/`` but cannot
list it, nor read, rename or delete another's submission; the instructor collects both;
a student handing in under the other's name is flagged; both handing in at once lose
nothing.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from coursekit.instructor.collect import collect, init_exchange

from .harness import ROOT, can_use_unix_users

pytestmark = pytest.mark.hub

USERS = ("ckperm-anna", "ckperm-bob")
RUNUSER = shutil.which("runuser") or "runuser"
PYTHON = next(
    (
        str(p)
        for p in (Path("/usr/bin") / f"python3.{sys.version_info.minor}", Path("/usr/bin/python3"))
        if p.is_file()
    ),
    None,
)

HAND_IN = """
import json, sys
sys.path.insert(0, {src!r})
from coursekit.quiz.exchange import deliver
names = []
for i in range({n}):
    doc = {{"format_version": 1, "student": {claim!r}, "quiz_id": "02-roadmaps", "mode": "practice",
           "submitted_at": "2025-01-01T12:00:00Z", "coursekit_version": "0.1.0",
           "answers": {{"roadmap-items": i}}, "attempts": {{"roadmap-items": 1}},
           "timestamps": {{"roadmap-items": []}}}}
    names.append(str(deliver({exchange!r}, {claim!r}, "02-roadmaps", json.dumps(doc))))
print(json.dumps(names))
"""

PROBE = """
import json, os
result = {{}}
for what, action in [
    ("list", lambda: os.listdir({inbound!r})),
    ("read", lambda: open({other!r}, "rb").read()),
    ("rename", lambda: os.rename({other!r}, {other!r} + ".mine")),
    ("delete", lambda: os.unlink({other!r})),
    ("overwrite", lambda: open({other!r}, "wb").write(b"{{}}")),
]:
    try:
        action()
        result[what] = "allowed"
    except PermissionError:
        result[what] = "denied"
print(json.dumps(result))
"""


@pytest.fixture
def two_students():
    if not can_use_unix_users() or PYTHON is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI runs as root with useradd: this test must run there")
        pytest.skip("needs root, useradd/userdel/runuser and a system Python")
    for name in USERS:
        try:
            pwd.getpwnam(name)
            pytest.fail(f"a Unix user {name} already exists; not touching it")
        except KeyError:
            pass
    created = []
    try:
        for name in USERS:
            subprocess.run(["useradd", "--no-create-home", "--shell", "/bin/sh", name], check=True)
            created.append(name)
        yield USERS
    finally:
        for name in created:
            subprocess.run(["userdel", "--force", name], capture_output=True, check=False)


def _as(user: str, code: str) -> str:
    done = subprocess.run(
        [RUNUSER, "-u", user, "--", PYTHON, "-c", code],
        capture_output=True,
        text=True,
        cwd="/",
        env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_students_hand_in_but_cannot_see_each_other(two_students: tuple[str, str]):
    anna, bob = two_students
    work = Path(tempfile.mkdtemp(prefix="coursekit-perm-"))
    try:
        work.chmod(0o755)
        src = work / "src"
        shutil.copytree(ROOT / "src" / "coursekit", src / "coursekit")
        subprocess.run(["chmod", "-R", "a+rX", str(src)], check=True)
        exchange = work / "exchange"
        inbound = init_exchange(exchange)

        def hand_in(user: str, claim: str, n: int = 1) -> list[str]:
            code = HAND_IN.format(src=str(src), n=n, claim=claim, exchange=str(exchange))
            return json.loads(_as(user, code))

        (anna_file,) = hand_in(anna, anna)
        (bob_file,) = hand_in(bob, bob)
        for path, owner in ((anna_file, anna), (bob_file, bob)):
            st = Path(path).stat()
            assert pwd.getpwuid(st.st_uid).pw_name == owner and stat.S_IMODE(st.st_mode) == 0o640
            assert st.st_gid == inbound.stat().st_gid  # the instructor's group (setgid folder)
        for user, other in ((anna, bob_file), (bob, anna_file)):
            probe = json.loads(_as(user, PROBE.format(inbound=str(inbound), other=other)))
            assert probe == dict.fromkeys(("list", "read", "rename", "delete", "overwrite"), "denied"), (
                user,
                probe,
            )

        # both at once, many times: nothing lost
        procs = [
            subprocess.Popen(
                [
                    RUNUSER,
                    "-u",
                    u,
                    "--",
                    PYTHON,
                    "-c",
                    HAND_IN.format(src=str(src), n=25, claim=u, exchange=str(exchange)),
                ],
                stdout=subprocess.PIPE,
                text=True,
                cwd="/",
                env={"PATH": "/usr/bin:/bin"},
            )
            for u in (anna, bob)
        ]
        batches = [json.loads(p.communicate(timeout=120)[0]) for p in procs]
        assert all(p.returncode == 0 for p in procs)
        assert sum(len(b) for b in batches) == 50
        assert len(list(inbound.iterdir())) == 52

        hand_in(bob, anna)  # bob hands in under anna's name
        result = collect(exchange, work / "collected")
        assert result.students == sorted([anna, bob]) and result.older == 50
        assert len(result.flagged) == 1
        assert f"says student '{anna}' but belongs to '{bob}' (by its owner, {bob})" in result.flagged[0]
        for user in (anna, bob):  # the latest of each one's own files, not bob's forgery
            collected = json.loads((work / "collected" / f"{user}__02-roadmaps.json").read_text())
            assert collected["student"] == user and collected["answers"]["roadmap-items"] == 24
    finally:
        shutil.rmtree(work, ignore_errors=True)
