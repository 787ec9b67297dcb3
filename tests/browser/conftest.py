"""Pytest fixtures for browser tests: a JupyterLab server and headless Chromium.

Fixtures
--------
``lab_server`` (session)
    Copies the repository (minus ``.git``, ``.venv``, caches, ``build``) into
    a temporary directory, starts JupyterLab on 127.0.0.1 with a random port
    and token, and always stops it (and its kernels) at teardown.
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

import importlib.util
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

#: Module name under which ``tests/browser/jupyter.py`` is imported. A plain
#: ``import jupyter`` would be ambiguous: jupyter_core ships a top-level
#: ``jupyter.py`` in site-packages.
HELPERS_MODULE = "coursekit_browser_jupyter"


def load_helpers():
    """Import ``tests/browser/jupyter.py`` as :data:`HELPERS_MODULE` (cached)."""
    if HELPERS_MODULE in sys.modules:
        return sys.modules[HELPERS_MODULE]
    spec = importlib.util.spec_from_file_location(
        HELPERS_MODULE, Path(__file__).with_name("jupyter.py")
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[HELPERS_MODULE] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


jupyter = load_helpers()


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``browser`` marker."""
    config.addinivalue_line(
        "markers", "browser: drives JupyterLab in headless Chromium (slow, needs /usr/bin/chromium)"
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
def lab_server(lab_repo_copy: Path):
    """A running JupyterLab serving :func:`lab_repo_copy`; stopped at teardown."""
    server = jupyter.start_jupyterlab(lab_repo_copy, state_dir=lab_repo_copy.parent / "state")
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

    def _route(route):
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("http://", "https://", "ws://", "wss://")) and host not in (
            "127.0.0.1",
            "localhost",
        ):
            external.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", _route)
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
