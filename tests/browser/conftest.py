"""Pytest fixtures for browser tests: a JupyterLab server and headless Chromium.

Fixtures
--------
``lab_repo_copy`` (session)
    The repository as a commit would hold it (``git ls-files``: no ``.git``,
    venv, caches, ``build``), in a temporary directory, every notebook stripped
    of outputs.
``lab_server`` (session)
    JupyterLab serving that copy on 127.0.0.1 with a random port and token,
    its kernels' ``COURSEKIT_PROGRESS``/``COURSEKIT_SUBMISSIONS`` in fresh
    temporary folders (``lab_coursekit_dirs``); always stopped (with its
    kernels) at teardown. One server for the whole session: each test shuts
    down the kernels it started.
``chromium`` (session)
    Playwright's sync API driving Debian's ``/usr/bin/chromium``. If that
    binary is missing the test is skipped locally but *fails* when ``CI=true``.
``lab_page`` (function)
    A fresh browser context + page. Requests to hosts other than 127.0.0.1
    are aborted and recorded in ``page.external_requests`` so tests can
    assert that nothing needed a CDN. Console errors go to
    ``page.console_errors``.

Run with ``python -m pytest tests/browser -v``; tests carry the ``browser``
marker (``-m "not browser"`` deselects them).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

# ``tests/browser`` is a package, so the helpers import as ``tests.browser.jupyter``
# and never shadow jupyter_core's top-level ``jupyter`` module; doctest collection
# (``--doctest-modules``) imports the very same module object.
from tests.browser import jupyter


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``browser`` marker."""
    config.addinivalue_line(
        "markers", "browser: drives JupyterLab in headless Chromium (slow, needs /usr/bin/chromium)"
    )


#: URLs of any host but the local JupyterLab (http(s) and websockets).
EXTERNAL_URL = re.compile(
    r"^(?!(https?|wss?)://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(/|$))(https?|wss?)://"
)


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Remember each phase's report on the item (used for failure screenshots)."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def lab_repo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throw-away copy of the repository that JupyterLab serves."""
    base = tmp_path_factory.mktemp("lab")
    return jupyter.copy_repo(jupyter.REPO_ROOT, base / "repo")


@pytest.fixture(scope="session")
def lab_coursekit_dirs(lab_repo_copy: Path) -> dict[str, Path]:
    """Fresh folders for the kernels' saved answers and submissions.

    The server's environment (so every kernel's) points ``COURSEKIT_PROGRESS``
    and ``COURSEKIT_SUBMISSIONS`` here: no test touches ``~/.coursekit`` or the
    repository's ``submissions/``.
    """
    base = lab_repo_copy.parent
    return {"progress": base / "progress", "submissions": base / "submissions"}


@pytest.fixture(scope="session")
def lab_server(lab_repo_copy: Path, lab_coursekit_dirs: dict[str, Path]):
    """A running JupyterLab serving :func:`lab_repo_copy`; stopped at teardown."""
    env = {
        "COURSEKIT_PROGRESS": str(lab_coursekit_dirs["progress"]),
        "COURSEKIT_SUBMISSIONS": str(lab_coursekit_dirs["submissions"]),
        # Run the course as a student would: no developer overrides.
        "COURSEKIT_STUDENT": None,
        "COURSEKIT_DATA": None,
        "COURSEKIT_QUIZZES": None,
    }
    server = jupyter.start_jupyterlab(lab_repo_copy, state_dir=lab_repo_copy.parent / "state", extra_env=env)
    print(f"[browser-tests] JupyterLab at {server.url} serving {server.root_dir}")
    try:
        yield server
    finally:
        server.stop()
        print(f"[browser-tests] JupyterLab stopped; log: {server.log_path}")


@pytest.fixture(scope="session")
def chromium():
    """A headless Chromium ``Browser`` from Playwright (sync API)."""
    if not Path(jupyter.CHROMIUM_PATH).exists():
        msg = (
            f"{jupyter.CHROMIUM_PATH} not found; install it with "
            "`apt-get update && apt-get install -y chromium`"
        )
        if _in_ci():
            pytest.fail(msg)
        pytest.skip(msg)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=jupyter.CHROMIUM_PATH,
            headless=True,
            args=jupyter.CHROMIUM_ARGS,
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def lab_page(request: pytest.FixtureRequest, chromium, lab_server):
    """A new page (1400x1000) whose non-local requests are blocked and recorded."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(60_000)
    external: list[str] = []

    def _block(route):
        external.append(route.request.url)
        route.abort()

    # Only requests to other hosts are intercepted. The pattern is a regex, so
    # Playwright filters in the browser: local requests never wait for this
    # (synchronous, single-threaded) Python side to pump its event loop, which
    # otherwise stalls e.g. a notebook save while the test sleeps.
    context.route(EXTERNAL_URL, _block)
    page = context.new_page()
    page.external_requests = external
    page.console_errors = []
    page.on(
        "console",
        lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: page.console_errors.append(f"pageerror: {exc}"))
    try:
        yield page
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            jupyter.screenshot(page, f"FAILED-{request.node.name}")
            print(f"[browser-tests] console errors: {page.console_errors}")
            print(f"[browser-tests] external requests: {external}")
    finally:
        context.close()
