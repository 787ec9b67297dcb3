"""The course notebooks: committed clean, structured for learners, grounded in the corpus.

nbval executes every notebook as part of the test run (see ``pyproject.toml``); these
tests check what execution cannot see: how the files are committed and written.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coursekit import corpus
from coursekit.quiz import load_quizzes
from tests import notebook_outputs

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
NAME = re.compile(r"\d\d-[a-z0-9]+(?:-[a-z0-9]+)*\.ipynb")
TEXT_OUTPUT_LIMIT = 4_000  # bytes of checked output per cell: a small table or a count, no charts
REGENERATE_OUTPUTS = (
    "`python -m pytest tests/test_notebooks.py --update-goldens` (or `python -m tests.notebook_outputs`)"
)


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _src(cell: dict) -> str:
    return "".join(cell["source"])


def _ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


@pytest.fixture(scope="module")
def quizzes():
    return load_quizzes(check_sources=False)


def test_the_course_is_a_numbered_sequence_of_at_least_six_notebooks():
    names = [p.name for p in NOTEBOOKS]
    assert len(names) >= 6, names
    bad = [n for n in names if not NAME.fullmatch(n)]
    assert not bad, f"notebooks must be named NN-slug.ipynb: {bad}"
    assert [n[:2] for n in names] == [f"{i:02d}" for i in range(len(names))]
    assert names[0] == "00-start-here.ipynb"  # README's start command opens it


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_is_committed_as_nbstripout_leaves_it(path, tmp_path):
    """The pre-commit hook would change nothing: no outputs, no execution counts."""
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    subprocess.run([sys.executable, "-m", "nbstripout", str(copy)], check=True)
    assert _load(copy) == _load(path), f"run `nbstripout {path.relative_to(ROOT)}` before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_has_no_outputs_and_its_checked_cells_have_expected_ones(path):
    """Outputs nbval compares live in tests/notebook_outputs.json, never in the notebook."""
    nb = _load(path)
    for n, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert not cell["outputs"] and cell["execution_count"] is None, f"{path.name} cell {n}"
    checked = notebook_outputs.checked_cells(nb)
    assert len(checked) >= 2, "tag deterministic cells (counts, small tables) nbval-check-output"
    expected = notebook_outputs.load_expected().get(path.name, {})
    sources = [notebook_outputs.source(c) for c in checked]
    missing = [s for s in sources if s not in expected]
    assert not missing, f"no expected output for {missing}: run {REGENERATE_OUTPUTS}"
    assert set(expected) <= set(sources), f"stale expected outputs: run {REGENERATE_OUTPUTS}"
    for src in sources:
        for out in expected[src]:
            kinds = set(out.get("data", {})) or {out["output_type"]}
            # rich HTML only as a course table or prose (ck.table, ck.prose: deterministic,
            # with their text beside them)
            shown = out.get("data", {}).get("text/html", "")
            ours = 'class="coursekit-table"' in shown or shown.startswith('<div class="coursekit-prose">')
            allowed = {"text/plain", "stream"} | ({"text/html"} if ours else set())
            assert kinds <= allowed, f"{path.name}: checked output {kinds}"
            assert "text/html" not in kinds or "text/plain" in kinds, f"{path.name}: a table without text"
            text = {**out, "data": {k: v for k, v in out.get("data", {}).items() if k != "text/html"}}
            assert len(json.dumps(text)) < TEXT_OUTPUT_LIMIT, f"{path.name}: checked output too big"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_opens_with_a_python3_kernel(path):
    spec = _load(path)["metadata"].get("kernelspec", {})
    assert spec.get("name") == "python3", "without kernelspec JupyterLab asks to select a kernel"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_opens_with_title_objectives_and_time(path):
    first = _src(_load(path)["cells"][0])
    assert first.startswith("# "), "the first cell is the H1 title"
    assert "In this notebook you will" in first
    assert re.search(r"Estimated time: \d+ minutes", first)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_code_cells_are_short_and_introduced_by_a_sentence(path):
    cells = _load(path)["cells"]
    for n, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        lines = [ln for ln in _src(cell).splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
        assert 1 <= len(lines) <= 5, f"{path.name} cell {n}: {len(lines)} lines of code"
        ast.parse(_src(cell))  # no magics or shell escapes: plain Python a reader can follow
        assert n > 0 and cells[n - 1]["cell_type"] == "markdown", (
            f"{path.name} cell {n}: introduce each code cell with a sentence"
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_the_first_code_cell_sets_the_notebook_up(path):
    """Offline charts (and a frozen import heap) before anything else runs."""
    first = next(_src(c) for c in _load(path)["cells"] if c["cell_type"] == "code")
    assert "ck.setup_notebook()" in first, f"{path.name}: call ck.setup_notebook() in the first code cell"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_has_a_historical_thinking_exercise(path):
    headings = [
        ln
        for c in _load(path)["cells"]
        if c["cell_type"] == "markdown"
        for ln in _src(c).splitlines()
        if ln.startswith("#")
    ]
    assert any("Historical thinking" in h for h in headings), headings


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_shows_its_quizzes_of_five_or_more_questions(path, quizzes):
    code = "\n".join(_src(c) for c in _load(path)["cells"] if c["cell_type"] == "code")
    shown = re.findall(r"quiz\.show\(\"([^\"]+)\"", code)
    assert shown, "every notebook has a quiz"
    for quiz_id in shown:
        assert quiz_id in quizzes, f"{path.name} shows an unknown quiz {quiz_id!r}"
        assert quizzes[quiz_id].notebook == path.name, f"{quiz_id}.yaml names another notebook"
        assert len(quizzes[quiz_id].questions) >= 5


def test_every_quiz_is_shown_in_the_notebook_it_names(quizzes):
    by_name = {p.name: "\n".join(_src(c) for c in _load(p)["cells"]) for p in NOTEBOOKS}
    for quiz_id, quiz in quizzes.items():
        assert quiz.notebook in by_name, f"{quiz_id}: no notebook {quiz.notebook}"
        assert f'quiz.show("{quiz_id}")' in by_name[quiz.notebook]


def test_the_course_asks_45_questions_of_all_eight_types(quizzes):
    questions = [q for quiz in quizzes.values() for q in quiz.questions]
    assert len(questions) >= 45
    assert {q.type for q in questions} == {
        "essay",
        "single",
        "multiple",
        "true_false",
        "numeric",
        "order",
        "match",
        "text",
    }


def _markdown_cells():
    for path in NOTEBOOKS:
        for n, cell in enumerate(_load(path)["cells"]):
            if cell["cell_type"] == "markdown":
                yield path.name, n, _src(cell)


def _is_outside_context(text: str) -> bool:
    return "Outside context" in text


def test_quotations_in_the_narrative_are_verbatim_from_the_corpus():
    """Text in curly quotes (“…”) in a notebook's prose is a corpus quotation, word for word."""
    texts = {doc_id: corpus.document_text(doc_id) for doc_id in corpus.load_documents().index}
    checked = 0
    for name, n, text in _markdown_cells():
        if _is_outside_context(text):
            continue
        for quote in re.findall(r"“([^”]+)”", text):
            found = [d for d, t in texts.items() if quote in t]
            assert found, f"{name} cell {n}: “{quote}” is not verbatim in any article"
            checked += 1
    assert checked >= 6 * len(NOTEBOOKS) // 2, f"only {checked} quotations in the narrative"


def test_outside_context_is_labelled_ungraded_and_cites_a_public_source():
    for name, n, text in _markdown_cells():
        if _is_outside_context(text):
            assert "**Outside context (not graded)" in text, f"{name} cell {n}: label it"
            assert re.search(r"\]\(https://[^)\s]+\)", text), f"{name} cell {n}: cite a public source"


def test_every_cited_passage_in_the_notebooks_is_verbatim():
    calls = 0
    for path in NOTEBOOKS:
        for cell in _load(path)["cells"]:
            if cell["cell_type"] != "code":
                continue
            for node in ast.walk(ast.parse(_src(cell))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "cite"
                ):
                    doc_id, quote = (ast.literal_eval(a) for a in node.args[:2])
                    assert corpus.verify_quote(doc_id, quote), f"{path.name}: {quote!r}"
                    calls += 1
    assert calls >= len(NOTEBOOKS)


def test_the_course_shows_every_chart():
    from coursekit import charts

    code = "\n".join(_src(c) for p in NOTEBOOKS for c in _load(p)["cells"] if c["cell_type"] == "code")
    missing = [
        name
        for name in ("timeline", "tenures", "mentions_chart", "framing_terms", "key_numbers")
        if f"charts.{name}(" not in code
    ]
    assert not missing, f"charts no notebook shows: {missing}"
    assert "charts.save(" in code, "show learners how to export a chart for slides or print"
    assert callable(charts.save)


def _benchmark(script: str) -> str:
    """What ``benchmarks/<script> --repeat 1`` prints; it must succeed."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), "--repeat", "1"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


@pytest.mark.slow  # about 45 s: runs every notebook three times; still part of the default run and CI
def test_the_speed_benchmark_runs_every_notebook_and_prints_its_ratios():
    """``benchmarks/notebooks_time.py`` (issue 4's figure) still runs: one pass of each suite."""
    out = _benchmark("notebooks_time.py")
    figures = dict(
        re.findall(
            r"^(notebooks|ratio course/floor|median paired ratio):\s+([\d.]+)",
            out,
            flags=re.MULTILINE,
        )
    )
    assert figures.get("notebooks") == str(len(NOTEBOOKS)), out
    assert float(figures["ratio course/floor"]) > 0 and float(figures["median paired ratio"]) > 0
    assert re.search(r"course/frozen floor \d+\.\d\d", out), out
    # where the time goes: each notebook's one quiz cell, its chart cells, and the kernel's
    # start and shutdown, read from the executed notebooks
    cells = dict(re.findall(r"^  (first|quiz|chart|other)\s+(\d+) cells", out, flags=re.MULTILINE))
    assert cells.get("first") == cells.get("quiz") == str(len(NOTEBOOKS)), out
    assert int(cells["chart"]) >= len(NOTEBOOKS), out
    assert re.search(r"^kernel start \d+\.\d\d s, shutdown \d+\.\d\d s in all: course$", out, re.M)
    # the course with its quiz and chart cells emptied ran (a cell that used an emptied
    # chart would have failed the run) and its bound is printed
    assert re.search(
        r"^course without its quiz and chart cells \(emptied\): \d+\.\d\d s .*over the frozen floor \d+\.\d\d,",
        out,
        re.M,
    ), out


@pytest.mark.slow  # about 15 s: five fresh kernels
def test_the_parts_benchmark_times_each_building_block_against_the_floor_cell():
    """``benchmarks/notebook_parts.py`` runs and prints each part against the frozen floor's cell."""
    out = _benchmark("notebook_parts.py")
    parts = re.findall(r"^(.+?)\s+\d+\.\d ms\s+\((\d+\.\d+) of the floor cell\)$", out, flags=re.M)
    assert [name for name, _ in parts] == [
        "import yaml",
        "import pydantic (BaseModel)",
        "Altair to_dict, two-row bar chart",
        "a bare anywidget, made and displayed",
    ], out
    assert all(float(share) > 0 for _, share in parts), out
    counted = rf"^{len(NOTEBOOKS)} notebooks' imports and \d+ charts' .*: \d+\.\d\d s \(\d\.\d+ of {len(NOTEBOOKS)} floor cells\)$"
    assert re.search(counted, out, re.M), out
