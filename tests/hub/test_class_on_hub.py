"""A class on a real JupyterHub, end to end.

N students (``COURSEKIT_HUB_USERS``, default 10) each get a Unix user and a server; each
opens the link ``coursekit link`` prints, which pulls the course with nbgitpuller from a
local bare repository; each runs notebook 05 on their own server, through the hub, with
their own answers to the final quiz, and hands in with ``submit_all()`` to the exchange.
The instructor then runs ``coursekit collect`` and ``coursekit grade``. The test checks
that every grade is what that student answered, and that no student can list, read,
rename or delete another's submission, nor hand in under another's name.

It prints one line: ``hub: N users pulled the course, N submissions collected, N graded``.
"""

from __future__ import annotations

import asyncio
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from coursekit.instructor.collect import init_exchange
from coursekit.quiz.loader import load_quiz

from .harness import ROOT, Hub, can_use_unix_users, course_reachable_by_others, find_chp, run_async, run_cells

pytestmark = [pytest.mark.hub, pytest.mark.slow]

N_USERS = int(os.environ.get("COURSEKIT_HUB_USERS", "10"))
QUIZ = "05-review"
NOTEBOOK = "05-review.ipynb"
COURSEKIT = str(Path(sys.executable).parent / "coursekit")
PARALLEL_KERNELS = 3  # 2 cores: more only queues


@pytest.fixture(scope="module")
def chp() -> str:
    path = find_chp(install=True)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "configurable-http-proxy is not installed and npm could not install it; CI must run this"
            )
        pytest.skip("configurable-http-proxy not found, and npm could not install it (see .ci/run)")
    return path


def _plan(quiz, user_index: int) -> tuple[dict[str, object], float]:
    """Return (answers to give, expected total): each student right, wrong or silent by chance."""
    rng = random.Random(f"hub-student-{user_index}")
    answers: dict[str, object] = {}
    total = 0.0
    for q in quiz.questions:
        choice = rng.choice(["right", "wrong", "none"])
        if q.type == "essay":  # marked by a person, not by the grader: handed in, 0 points until marked
            if choice != "none":
                answers[q.id] = f"Student {user_index} weighs the sources."
            continue
        value = dict(q.pairs) if q.type == "match" else q.answer[0] if q.type == "text" else q.answer
        if choice == "right":
            answers[q.id] = value
            total += q.points
        elif choice == "wrong" and q.type == "single":
            answers[q.id] = next(c for c in q.choices if c != q.answer)
        elif choice == "wrong" and q.type == "true_false":
            answers[q.id] = not q.answer
    return answers, total


def _answer_cell(answers: dict[str, object]) -> str:
    return (
        "_quiz = _\n"
        "import json as _json\n"
        f"for _qid, _value in _json.loads({json.dumps(answers, ensure_ascii=False)!r}).items():\n"
        "    _qw = _quiz.question(_qid)\n"
        "    _qw.set_response(_value)\n"
        "    _qw.check()\n"
        "print('answered', len(_json.loads(" + repr(json.dumps(answers, ensure_ascii=False)) + ")))\n"
    )


def _probe_cell(other_file: str) -> str:
    return f"""
import json, os
inbound = os.path.join(os.environ["COURSEKIT_EXCHANGE"], "inbound")
other = {other_file!r}
result = {{}}
for what, action in [
    ("list", lambda: os.listdir(inbound)),
    ("read", lambda: open(other, "rb").read()),
    ("rename", lambda: os.rename(other, other + ".mine")),
    ("delete", lambda: os.unlink(other)),
]:
    try:
        action()
        result[what] = "allowed"
    except PermissionError:
        result[what] = "denied"
print(json.dumps(result))
"""


IMPERSONATE = """
import os
from coursekit.quiz import submit
os.environ["JUPYTERHUB_USER"] = {victim!r}  # a student's own kernel can lie about this
print(submit("05-review").name)
"""


def _course_repo(work: Path) -> Path:
    bare = work / "course.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    subprocess.run(["git", "-C", str(ROOT), "push", "--quiet", str(bare), "HEAD:refs/heads/main"], check=True)
    subprocess.run(["chmod", "-R", "a+rX", str(bare)], check=True)
    return bare


def _pull(hub: Hub, name: str, link: str) -> bool:
    """Open the class link as ``name`` would in a browser: sign in, follow the hub's
    redirect to their own server's nbgitpuller page, then let it pull (the page's script
    calls nbgitpuller's API); True once the notebook is in their home."""
    browser = hub.browser(name)
    with browser.open(link, timeout=120) as resp:
        landed, page = urlsplit(resp.geturl()), resp.read()
    query = urlsplit(link).query
    assert landed.path == f"/user/{name}/git-pull" and landed.query == query, resp.geturl()
    assert b"nbgitpuller" in page.lower()
    with browser.open(f"{hub.url}/user/{name}/git-pull/api?{query}", timeout=300) as resp:
        events = resp.read().decode()
    phases = [json.loads(line[5:]).get("phase") for line in events.splitlines() if line.startswith("data:")]
    assert phases and phases[-1] == "finished", events[-800:]
    status, _, _ = hub.request("GET", f"/user/{name}/api/contents/course/notebooks/{NOTEBOOK}")
    return status == 200


def _reading_mode(hub: Hub, name: str, repo: Path) -> None:
    """The --voila link's page: notebook 00 rendered by Voila on the student's server."""
    link = subprocess.run(
        [COURSEKIT, "link", "--hub", hub.url, "--repo", f"file://{repo}", "--voila"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    urlpath = parse_qs(urlsplit(link).query)["urlpath"][0]
    assert urlpath == "voila/render/course/notebooks/00-start-here.ipynb"
    with hub.browser(name).open(f"{hub.url}/user/{name}/{urlpath}", timeout=300) as resp:
        page = resp.read().decode("utf-8", "replace")
    assert resp.status == 200 and "Start here: five articles and how we know them" in page
    assert "There was an error when executing cell" not in page


def _notebook_cells(hub: Hub, name: str, answers: dict[str, object]) -> list[str]:
    """The code cells of the notebook in the student's home, with their answers after the quiz."""
    status, _, data = hub.request("GET", f"/user/{name}/api/contents/course/notebooks/{NOTEBOOK}")
    assert status == 200, data[:300]
    cells: list[str] = []
    for cell in json.loads(data)["content"]["cells"]:
        if cell["cell_type"] != "code":
            continue
        cells.append(cell["source"])
        if f'quiz.show("{QUIZ}")' in cell["source"]:
            cells.append(_answer_cell(answers))
    assert any("submit_all()" in c for c in cells), "notebook 05 no longer hands in"
    return cells


async def _run_students(hub: Hub, names: list[str], plans: dict[str, tuple[dict, float]]) -> dict[str, str]:
    limit = asyncio.Semaphore(PARALLEL_KERNELS)

    async def one(name: str) -> str:
        async with limit:
            kernel = await asyncio.to_thread(hub.start_kernel, name, "course/notebooks")
            try:
                cells = await asyncio.to_thread(_notebook_cells, hub, name, plans[name][0])
                return "\n".join(await run_cells(hub, name, kernel, cells))
            finally:  # a class's worth of idle kernels would only hold memory
                await asyncio.to_thread(hub.stop_kernel, name, kernel)

    results = await asyncio.gather(*(one(n) for n in names))
    return dict(zip(names, results, strict=True))


async def _probe(hub: Hub, name: str, cells: list[str]) -> list[str]:
    kernel = await asyncio.to_thread(hub.start_kernel, name)
    try:
        return await run_cells(hub, name, kernel, cells)
    finally:
        await asyncio.to_thread(hub.stop_kernel, name, kernel)


def test_a_class_on_jupyterhub(chp: str):
    unreachable = course_reachable_by_others()
    unix = can_use_unix_users() and unreachable is None
    if not can_use_unix_users() and os.environ.get("CI") == "true":
        pytest.fail("CI runs as root: the hub test must use real Unix users there")
    work = Path(tempfile.mkdtemp(prefix="coursekit-hub-"))
    names = [f"ckhub{i:02d}" for i in range(1, N_USERS + 1)]
    quiz = load_quiz(QUIZ, check_sources=False)
    plans = {name: _plan(quiz, i) for i, name in enumerate(names)}
    assert len({json.dumps(p[0], sort_keys=True) for p in plans.values()}) > 1, "answers must vary"
    exchange = work / "exchange"
    work.chmod(0o755)
    init_exchange(exchange)
    hub = Hub(work, chp, mode="unix" if unix else "simple", exchange=exchange)
    try:
        repo = _course_repo(work)
        hub.start()
        hub.add_users(names)
        for name in hub.created_unix_users:  # the bare repository is root's: git must be told it is safe
            gitconfig = work / "home" / name / ".gitconfig"
            gitconfig.write_text(f"[safe]\n\tdirectory = {repo}\n")
            shutil.chown(gitconfig, name, name)
        hub.start_servers(names)

        link = subprocess.run(
            [COURSEKIT, "link", "--hub", hub.url, "--repo", f"file://{repo}", "--branch", "main"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        with ThreadPoolExecutor(4) as pool:
            pulled = sum(pool.map(lambda n: _pull(hub, n, link), names))

        _reading_mode(hub, names[0], repo)
        outputs = run_async(_run_students(hub, names, plans))
        for name, text in outputs.items():
            assert f"\n{name}\n" in f"\n{text}\n", f"{name}: get_student() did not print the hub user"
            # only quiz 05 was answered: submit_all hands in that one and names the others it skipped
            assert f"1 file written for {name!r} in {exchange / 'inbound'}" in text, text[-500:]

        inbound = sorted((exchange / "inbound").iterdir())
        by_student = {n: [p for p in inbound if p.name.startswith(f"{n}+{QUIZ}+")] for n in names}
        assert all(len(v) == 1 for v in by_student.values()), by_student
        flagged_expected = 0
        if unix:
            for i, name in enumerate(names):  # every student tries the next one's file
                other = by_student[names[(i + 1) % len(names)]][0]
                (result,) = run_async(_probe(hub, name, [_probe_cell(str(other))]))
                assert json.loads(result) == dict.fromkeys(("list", "read", "rename", "delete"), "denied"), (
                    name,
                    result,
                )
            (fake,) = run_async(_probe(hub, names[0], [IMPERSONATE.format(victim=names[1])]))
            assert fake.strip().startswith(f"{names[1]}+{QUIZ}+")
            flagged_expected = 1

        roster = work / "roster.csv"
        roster.write_text("student_id\n" + "".join(f"{n}\n" for n in [*names, "ckhub-absent"]))
        collect_cmd = [
            COURSEKIT,
            "collect",
            str(exchange),
            "--out",
            str(work / "collected"),
            "--roster",
            str(roster),
        ]
        if not unix:
            collect_cmd.append("--no-owner-check")  # every server runs as one Unix user here
        collected = subprocess.run(collect_cmd, capture_output=True, text=True, check=False)
        lines = collected.stdout.splitlines()
        assert collected.returncode == 1, collected  # one missing student (and the impersonation)
        assert "missing: ckhub-absent (nothing handed in)" in lines
        flagged = [line for line in lines if line.startswith("flagged: ")]
        assert len(flagged) == flagged_expected, lines
        if flagged:
            assert f"says student '{names[1]}' but belongs to '{names[0]}'" in flagged[0]
        n_collected = sum((work / "collected" / f"{n}__{QUIZ}.json").is_file() for n in names)

        graded = subprocess.run(
            [COURSEKIT, "grade", str(work / "collected"), "--out", str(work / "gradebook.csv")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert graded.returncode == 0, graded
        rows = list(csv.DictReader((work / "gradebook.csv").open(encoding="utf-8")))
        assert len(rows) == len(names)  # quiz 05 from every student (the others were not answered)
        review = {r["student"]: r for r in rows if r["quiz"] == QUIZ}
        mismatches = {n: (review.get(n, {}).get("total"), plans[n][1]) for n in names}
        n_graded = sum(1 for n, (got, want) in mismatches.items() if got is not None and float(got) == want)
        print(
            f"\nhub: {pulled} users pulled the course, {n_collected} submissions collected, {n_graded} graded"
        )
        assert pulled == n_collected == n_graded == len(names), mismatches
        if not unix:
            why = unreachable or "not root"
            print(f"hub: simple spawner ({why}): permissions are proven by test_exchange_permissions.py only")
    except BaseException:
        print(hub.log_tail(60))
        raise
    finally:
        hub.stop()
        shutil.rmtree(work, ignore_errors=True)
