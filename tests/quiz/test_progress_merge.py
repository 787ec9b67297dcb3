"""Two notebooks with the same student's quiz open: no answer is lost.

Regression: the last save won the whole file, so the answers given in the other
kernel vanished from the progress and from the submission.
"""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

from coursekit.quiz import show
from coursekit.quiz.progress import load_progress


def test_each_question_keeps_its_latest_answer_across_two_kernels(quiz_folder: Path):
    left = show("roadmaps", student="anna")  # two widgets: as if two kernels had the quiz open
    right = show("roadmaps", student="anna")
    left.question("open-items").set_response(31)
    right.question("ambassador").set_response("Semashko")  # saved later, by the other copy
    saved = load_progress("anna", "roadmaps").questions
    assert saved["open-items"].response == 31 and saved["ambassador"].response == "Semashko"
    left.question("ambassador").set_response("Peskov")  # a change here is the newest again
    assert load_progress("anna", "roadmaps").questions["ambassador"].response == "Peskov"


def test_a_newer_answer_from_elsewhere_is_kept_and_the_student_told(quiz_folder: Path):
    left = show("roadmaps", student="anna")
    right = show("roadmaps", student="anna")
    left.question("open-items").set_response(28)
    right.question("open-items").set_response(31)  # newer, in the other window
    left.question("ambassador").set_response("Semashko")  # left saves again, with its older 28
    assert load_progress("anna", "roadmaps").questions["open-items"].response == 31
    assert any("newer answer to question(s) 4" in w for w in left.warnings)


def _hammer(args: tuple[str, str, int]) -> None:
    folder, question, n = args
    import os

    os.environ["COURSEKIT_QUIZZES"] = folder
    from coursekit.quiz import show as show_quiz

    qz = show_quiz("roadmaps", student="anna")
    for i in range(n):
        qz.question(question).set_response(f"answer {i}" if question == "ambassador" else i)


@pytest.mark.slow
def test_concurrent_saves_from_processes_lose_nothing(quiz_folder: Path, private_progress: Path):
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        pool.map(_hammer, [(str(quiz_folder), "ambassador", 40), (str(quiz_folder), "open-items", 40)])
    doc = json.loads((private_progress / "anna" / "roadmaps.json").read_text(encoding="utf-8"))
    answers = {qid: q["response"] for qid, q in doc["questions"].items()}
    assert answers == {"ambassador": "answer 39", "open-items": 39}
