"""The question loader in a bare page: several questions, one import of their code, one stylesheet.

An exported page (``--to coursekit_html``) has no kernel: its questions' loaders find
the code the exporter wrote into the page once. This page is built the same way
(:meth:`~coursekit.page_library.PageLibrary.script_html`) and drives each question's
saved module (``_esm``) through anywidget's calls (``initialize``, ``render``) with a
plain model object, in headless Chromium, offline, from ``file://``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coursekit.quiz import question, show
from tests.browser.conftest import EXTERNAL_URL

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>questions</title></head><body>
%(library)s
<main id="questions"></main>
<script type="module">
const esm = %(esm)s;
const specs = %(specs)s;
function model(spec) {
  const state = { spec, answer: null, disabled: false, feedback_html: "", focus_count: 0 };
  const listeners = {};
  return {
    sent: [],
    get: (key) => state[key],
    set: (key, value) => { state[key] = value; },
    save_changes() {},
    on: (name, fn) => { (listeners[name] ||= []).push(fn); },
    off: (name, fn) => { listeners[name] = (listeners[name] || []).filter((f) => f !== fn); },
    send(content) { this.sent.push(content); },
  };
}
const url = URL.createObjectURL(new Blob([esm], { type: "text/javascript" }));
const widget = (await import(url)).default;
const models = specs.map(model);
await Promise.all(models.map(async (m) => {
  widget.initialize({ model: m });
  const el = document.createElement("div");
  document.getElementById("questions").append(el);
  await widget.render({ model: m, el });
}));
window.sentToKernel = models.flatMap((m) => m.sent);
window.done = true;
</script></body></html>
"""


FIXTURE = Path(__file__).resolve().parents[1] / "quiz" / "fixtures" / "good" / "roadmaps.yaml"


@pytest.fixture
def question_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COURSEKIT_PROGRESS", str(tmp_path / "progress"))
    quiz = show(str(FIXTURE), student="anna")
    page = tmp_path / "questions.html"
    esm = quiz.questions[0].get_state()["_esm"]
    page.write_text(
        PAGE
        % {
            "library": question.LIBRARY.script_html(),
            "esm": json.dumps(esm).replace("<", "\\u003c"),
            "specs": json.dumps([qw.spec for qw in quiz.questions]).replace("<", "\\u003c"),
        },
        encoding="utf-8",
    )
    return page


@pytest.mark.browser
def test_a_page_of_questions_imports_their_code_once(chromium, question_page):
    context = chromium.new_context()
    blocked: list[str] = []
    context.route(EXTERNAL_URL, lambda route: (blocked.append(route.request.url), route.abort()))
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        _check_page(page, question_page)
    finally:
        context.close()
    assert errors == [] and blocked == []


def _check_page(page, question_page: Path) -> None:
    page.goto(question_page.as_uri())
    page.wait_for_function("() => window.done === true", timeout=30_000)
    name = json.dumps(question.LIBRARY.global_name)
    counts = page.evaluate(
        f"""() => ({{imports: globalThis[{name} + ":imports"], requests: globalThis[{name} + ":requests"] ?? null,
                    styles: document.querySelectorAll("style#coursekit-question-style").length,
                    questions: document.querySelectorAll(".coursekit-question[role=group]").length,
                    checks: document.querySelectorAll("button.coursekit-check").length}})"""
    )
    assert counts == {"imports": 1, "requests": None, "styles": 1, "questions": 7, "checks": 7}
    assert page.evaluate("() => window.sentToKernel") == []  # nothing asked of a kernel
    # The stylesheet applies: the Check button is drawn as question.css says.
    colour = page.locator("button.coursekit-check").first.evaluate("b => getComputedStyle(b).backgroundColor")
    assert colour == "rgb(21, 101, 192)"
    page.get_by_role("radio").first.check()
