"""How fast does ``coursekit grade`` score a large class, against a plain Python loop?

Goal (issue 6): 10,000 submissions x 40 questions graded in <= 2 s by the
vectorised grader. Both graders are measured in this same run, on the same
synthetic class (seeded): 40 questions of all seven types, 10,000 students whose
chance of a right answer depends on their ability, with some blanks.

Measured, each the best of ``--repeat`` runs:

* ``vectorised``: :func:`coursekit.instructor.grade.grade_submissions` on the
  submissions in memory (long table, each unique response scored once, merged back);
* ``loop``: for each submission, for each question, ``score(question, answer)``
  (the same scoring function), summed per submission;
* ``read``: :func:`coursekit.quiz.submission.load_submission` of the 10,000 JSON
  files written to a temporary folder, which both graders need first;
* ``grade_folder``: the whole command's work, reading included;
* ``reading floor``: open, read and ``json.loads`` every file, nothing else; the line
  ``end to end / reading floor X`` is ``grade_folder`` over it (goal: X <= 2.0).
  ``grade_folder`` pauses Python's cyclic garbage collector while it works
  (:func:`coursekit.instructor._common.collector_paused`), which the floor does not; so
  the floor is also timed with the collector paused, and ``grade_folder`` over that is
  printed for reference: what coursekit's own work costs beyond reading the bytes.

Prints the times and ratios. With ``--check`` it exits 1 if the vectorised grade misses
the goal; without it, it always exits 0 (a busy machine must not fail a test run).

    python benchmarks/grade_time.py [--students 10000] [--questions 40] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from coursekit.instructor._common import collector_paused
from coursekit.instructor.grade import grade_folder, grade_submissions
from coursekit.quiz.model import Quiz
from coursekit.quiz.scoring import score
from coursekit.quiz.submission import Submission, load_submission

GOAL_SECONDS = 2.0
FLOOR_GOAL = 2.0
"""Issue 17: ``coursekit grade``'s own path, end to end, within 2x the file-reading floor."""
TYPES = ("single", "multiple", "true_false", "numeric", "order", "match", "text")
SOURCE = {"doc_id": "unified-parliament", "quote": "31-item"}


def make_quiz(n: int) -> Quiz:
    """A practice quiz of ``n`` questions cycling through the seven types."""
    questions: list[dict[str, Any]] = []
    for i in range(n):
        kind = TYPES[i % len(TYPES)]
        q: dict[str, Any] = {
            "id": f"q{i:02d}",
            "type": kind,
            "prompt": f"Question {i}?",
            "explanation": "e",
            "source": SOURCE,
        }
        if kind == "single":
            q |= {"choices": ["a", "b", "c", "d"], "answer": "c"}
        elif kind == "multiple":
            q |= {"choices": ["a", "b", "c", "d", "e"], "answer": ["a", "c"], "points": 2}
        elif kind == "true_false":
            q |= {"answer": i % 2 == 0}
        elif kind == "numeric":
            q |= {"answer": 31, "tolerance": 0.5}
        elif kind == "order":
            q |= {"items": ["w", "x", "y", "z"], "answer": ["x", "w", "z", "y"]}
        elif kind == "match":
            q |= {"pairs": {"p": "1", "q": "2", "r": "3"}, "distractors": ["4"]}
        else:
            q |= {"answer": ["Semashko", "Vladimir Semashko"]}
        questions.append(q)
    return Quiz.model_validate({"id": "bench", "title": "Benchmark", "questions": questions})


def respond(q: Any, right: bool, rng: random.Random) -> Any:
    """A response a widget could produce: right, or a plausible wrong one."""
    kind = q.type
    if kind == "single":
        return q.answer if right else rng.choice([c for c in q.choices if c != q.answer])
    if kind == "multiple":
        return list(q.answer) if right else rng.sample(q.choices, rng.randint(1, 3))
    if kind == "true_false":
        return q.answer if right else not q.answer
    if kind == "numeric":
        return float(q.answer) if right else float(rng.choice([11, 28, 400, 30]))
    if kind == "order":
        return list(q.answer) if right else rng.sample(q.items, len(q.items))
    if kind == "match":
        rights = [*q.pairs.values(), *q.distractors]
        return dict(q.pairs) if right else {left: rng.choice(rights) for left in q.pairs}
    return (
        rng.choice(["Semashko", "semashko ", "Vladimir  Semashko"])
        if right
        else rng.choice(["Peskov", "Mishustin", "Lukashenko", "Semashk"])
    )


def make_class(quiz: Quiz, students: int, seed: int = 6) -> list[Submission]:
    rng = random.Random(seed)
    subs = []
    for s in range(students):
        ability = rng.random()
        answers = {
            q.id: None if rng.random() < 0.05 else respond(q, rng.random() < ability, rng)
            for q in quiz.questions
        }
        subs.append(
            Submission(
                student=f"s{s:05d}",
                quiz_id=quiz.id,
                answers=answers,
                attempts={q.id: 1 for q in quiz.questions},
                timestamps={q.id: ["2025-01-01T10:00:00.000000Z"] for q in quiz.questions},
                submitted_at="2025-01-01T10:30:00.000000Z",
                coursekit_version="0.1.0",
                mode="exam",
            )
        )
    return subs


def loop_grade(subs: list[Submission], quiz: Quiz) -> dict[str, float]:
    """The plain per-submission loop: score every answer, sum per student."""
    totals = {}
    for sub in subs:
        totals[sub.student] = sum(score(q, sub.answers.get(q.id)).points for q in quiz.questions)
    return totals


def read_floor(files: list[Path]) -> list[Any]:
    """The reading floor: open, read and ``json.loads`` every file, nothing else."""
    out = []
    for path in files:
        with path.open("rb") as fh:
            out.append(json.loads(fh.read()))
    return out


def best(fn: Any, repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="exit 1 if the goal is missed")
    args = parser.parse_args()

    quiz = make_quiz(args.questions)
    key = {quiz.id: quiz}
    subs = make_class(quiz, args.students)
    with tempfile.TemporaryDirectory(prefix="coursekit-bench-") as tmp:
        folder = Path(tmp)
        for sub in subs:
            (folder / f"{sub.student}__{quiz.id}.json").write_text(
                json.dumps(sub.to_json(), indent=2), encoding="utf-8"
            )
        files = sorted(folder.glob("*.json"))

        t_vec, book = best(lambda: grade_submissions(subs, key), args.repeat)
        t_loop, totals = best(lambda: loop_grade(subs, quiz), args.repeat)
        t_read, _ = best(lambda: [load_submission(f) for f in files], args.repeat)
        t_folder, _ = best(lambda: grade_folder(folder, key, progress=False), args.repeat)
        t_floor, _ = best(lambda: read_floor(files), args.repeat)
        t_paused, _ = best(lambda: collector_paused()(read_floor)(files), args.repeat)

    # Both graders must agree, or the timing means nothing.
    vec = dict(zip(book.table["student"], book.table["total"], strict=True))
    assert all(abs(vec[s] - round(t, 6)) < 1e-9 for s, t in totals.items()), "graders disagree"

    n = f"{args.students:,} submissions x {args.questions} questions"
    print(f"grading {n} (best of {args.repeat})")
    print(f"  vectorised (in memory)       {t_vec:7.3f} s")
    print(f"  per-submission loop          {t_loop:7.3f} s   ({t_loop / t_vec:.1f}x the vectorised time)")
    print(f"  reading the JSON files       {t_read:7.3f} s   (load_submission, needed by both)")
    print(
        f"  grade_folder (read + grade)  {t_folder:7.3f} s   vs read + loop {t_read + t_loop:.3f} s "
        f"({(t_read + t_loop) / t_folder:.1f}x)"
    )
    print(f"  reading floor (open + read + json.loads) {t_floor:7.3f} s")
    ratio = t_folder / t_floor
    print(f"end to end / reading floor {ratio:.2f} (goal <= {FLOOR_GOAL:g}; grade_folder, reading included)")
    print(
        f"for reference: reading floor with the collector paused, as grade_folder pauses it, "
        f"{t_paused:.3f} s; end to end over it {t_folder / t_paused:.2f}"
    )
    ok = t_vec <= GOAL_SECONDS
    print(
        f"\nvectorised grade: {t_vec:.2f} s (goal <= {GOAL_SECONDS:g} s, not counting reading: "
        f"{'met' if ok else 'MISSED'}); with reading the files: {t_folder:.2f} s"
    )
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    raise SystemExit(main())
