"""Course charts and the quiz in a Voila app, offline: drawn, their code loaded once per page.

Voila runs ``notebooks/01-leaders.ipynb`` (two charts) on 127.0.0.1 with its own
kernel; headless Chromium opens the app with every non-local request aborted.
Both charts must be drawn by the one library the page asked its kernel for,
each labelled with its description, with no error shown. Voila's own template\nlinks Font Awesome and es6-shim from a CDN; offline those fail, the charts do not.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from coursekit import charts
from coursekit.charts.display import library_global
from coursekit.quiz.question import LIBRARY as QUESTIONS
from tests.browser import jupyter as jl

NOTEBOOK = "notebooks/01-leaders.ipynb"
MARKS = ".vega-embed svg.marks, .vega-embed canvas.marks"


@pytest.fixture(scope="module")
def voila_url(lab_repo_copy: Path, tmp_path_factory: pytest.TempPathFactory):
    """A Voila server for notebook 01 of the repository copy; stopped at teardown."""
    pytest.importorskip("voila", reason="voila is in the test extras")
    port = jl.free_port()
    state = tmp_path_factory.mktemp("voila")
    env = {
        **os.environ,
        "COURSEKIT_PROGRESS": str(state / "progress"),
        "COURSEKIT_SUBMISSIONS": str(state / "submissions"),
        "JUPYTER_CONFIG_DIR": str(state / "config"),
        "JUPYTER_RUNTIME_DIR": str(state / "runtime"),
    }
    log = (state / "voila.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "voila",
            NOTEBOOK,
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
            "--Voila.port_retries=0",
        ],
        cwd=lab_repo_copy,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "api", timeout=2)
                break
            except urllib.error.HTTPError:
                break  # answering
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail(f"voila did not start: {(state / 'voila.log').read_text()[-2000:]}")
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.mark.browser
def test_voila_draws_charts_offline_with_vega_once(lab_page, voila_url):
    page = lab_page
    page.goto(voila_url, timeout=300_000)
    marks = page.locator(MARKS)
    marks.nth(1).wait_for(timeout=300_000)
    assert marks.count() == 2
    # Voila ran the cells before the page connected: the page asks once, imports once.
    counters = [
        f"globalThis[{json.dumps(library_global() + ':' + name)}]" for name in ("requests", "imports")
    ]
    assert page.evaluate(f"() => [{', '.join(counters)}]") == [1, 1]
    labels = page.evaluate(
        "() => [...document.querySelectorAll('.vega-embed')].map(el => "
        "[el.getAttribute('role'), el.querySelector('svg.marks, canvas.marks').getAttribute('aria-label')])"
    )
    expected = sorted([charts.tenures().description, charts.mentions_chart(by="alias").description])
    assert sorted(name for _, name in labels) == expected
    assert {role for role, _ in labels} == {"figure"}
    assert jl.render_failures(page) == []
    # Voila's own template links Font Awesome and es6-shim from jsdelivr (aborted here,
    # the page works without them); nothing the charts need comes from the web.
    print(f"[browser-tests] voila's blocked requests: {page.external_requests}")
    assert [u for u in page.external_requests if "vega" in u or "esm.sh" in u or "altair" in u] == []
    jl.screenshot(page.locator(".vega-embed").nth(1), "voila_01_leaders_second_chart")


@pytest.mark.browser
def test_voila_draws_the_quiz_with_its_code_imported_once(lab_page, voila_url):
    """The saved questions carry a loader only: the page asks Voila's kernel once for their code."""
    page = lab_page
    page.goto(voila_url, timeout=300_000)
    questions = page.locator(".coursekit-question")
    questions.first.wait_for(timeout=300_000)
    name = json.dumps(QUESTIONS.global_name)
    page.wait_for_function(f"() => globalThis[{name} + ':imports'] === 1", timeout=60_000)
    counters = page.evaluate(f"() => [globalThis[{name} + ':requests'], globalThis[{name} + ':imports']]")
    assert counters == [1, 1]
    assert questions.count() >= 5
    assert page.locator("style#coursekit-question-style").count() == 1
    block = questions.first
    block.get_by_role("radio").first.check()
    block.get_by_role("button", name="Check").click()
    block.get_by_role("status").filter(has_text=re.compile("Correct|Not right")).wait_for(timeout=60_000)
    assert jl.render_failures(page) == []
    jl.screenshot(block, "voila_01_leaders_first_question")
