"""Helpers for driving a real JupyterLab server and Chromium in tests.

The module is deliberately free of pytest fixtures (those live in
``conftest.py``) so the helpers can also be used from a REPL when debugging::

    from tests.browser.jupyter import REPO_ROOT, copy_repo, start_jupyterlab
    server = start_jupyterlab(copy_repo(REPO_ROOT, Path("/tmp/x/repo")))
    ...
    server.stop()

Everything here works offline: the server is bound to 127.0.0.1, news and
update checks are switched off, and JupyterLab's user settings / workspaces
live in a private temporary directory so nothing leaks in from ``~``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The repository root (two levels above ``tests/browser``).
REPO_ROOT = Path(__file__).resolve().parents[2]

#: Directory names never copied into the temporary repo copy when the
#: repository is not a git checkout (in a checkout, ``.gitignore`` decides).
COPY_EXCLUDES = frozenset(
    {
        ".git",
        ".venv",
        "venv",
        "__pycache__",
        ".pytest_cache",
        ".ruff_cache",
        ".hypothesis",
        ".ipynb_checkpoints",
        "build",
        "submissions",
        ".coursekit",
    }
)

#: Chromium as installed by Debian's ``chromium`` package (``$COURSEKIT_CHROMIUM``
#: overrides it, e.g. to test the skip/fail path).
CHROMIUM_PATH = os.environ.get("COURSEKIT_CHROMIUM") or "/usr/bin/chromium"

#: Command-line switches that keep headless Chromium quiet and offline-friendly.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

#: Output areas that JupyterLab renders for stderr *and* for error tracebacks
#: (the output model maps ``error`` outputs onto the stderr mimetype).
STDERR_SELECTOR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'

#: Text fragments that mean "a chart or widget failed to render".
RENDER_FAILURE_TEXTS = (
    "Error loading script",  # altair html/default renderer without CDN access
    "renderer has not been properly enabled",  # altair mimetype fallback text
    "Loading widget...",  # widget manager never delivered the model
    "model not found",  # "Error displaying widget: model not found"
    "Error displaying widget",
    "JavaScript Error:",  # JupyterChart's showError()
)

#: JupyterLab user settings written before the server starts.
#: * ``windowingMode: none`` attaches every cell to the DOM so selectors see
#:   all outputs, not only those in the viewport.
#: * ``fetchNews: false`` avoids the news toast and any request to the web.
#: * ``autosave: false`` (see below).
LAB_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    # No autosave: a test decides when a notebook is saved (a reload must show
    # the notebook as it was opened, not outputs saved behind the test's back).
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


# --------------------------------------------------------------------------
# Repository copy
# --------------------------------------------------------------------------


def _git_files(src: Path) -> list[str] | None:
    """Files a commit of ``src`` would hold (tracked + new, minus ignored); None if no git."""
    try:
        out = subprocess.run(
            ["git", "-C", str(src), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            check=True,
            capture_output=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return [name for name in out.decode().split("\0") if name]


def copy_repo(src: Path, dst: Path, excludes: Iterable[str] = COPY_EXCLUDES) -> Path:
    """Copy the repository ``src`` to ``dst`` as a commit would hold it; return ``dst``.

    In a git checkout the files are those ``git ls-files --cached --others
    --exclude-standard`` lists (so no venv, ``build/``, caches, submissions or
    exports); otherwise the tree minus ``excludes``. Every notebook in the copy
    is then stripped of outputs (:func:`strip_notebook`), so the browser sees
    only what a run produces, whatever the working tree holds.
    """
    src, dst = Path(src), Path(dst)
    files = _git_files(src)
    if files is None:
        names = set(excludes)
        shutil.copytree(
            src, dst, symlinks=True, ignore=lambda _dir, entries: [e for e in entries if e in names]
        )
    else:
        for name in files:
            source = src / name
            if not (source.exists() or source.is_symlink()):
                continue  # deleted in the working tree
            target = dst / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target, follow_symlinks=False)
    for notebook in dst.rglob("*.ipynb"):
        strip_notebook(notebook)
    return dst


def strip_notebook(path: Path) -> bool:
    """Remove outputs, execution counts and saved widget state, as nbstripout does.

    Returns True if the file changed.
    """
    text = path.read_text(encoding="utf-8")
    nb = json.loads(text)
    nb.get("metadata", {}).pop("widgets", None)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    new = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False


# --------------------------------------------------------------------------
# JupyterLab server
# --------------------------------------------------------------------------


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def jupyterlab_command(root_dir: Path, port: int, token: str) -> list[str]:
    """Build the JupyterLab 4.6 command line used by the tests.

    Option names were checked against ``python -m jupyterlab --help-all``:
    ``--ServerApp.token`` is deprecated in favour of ``--IdentityProvider.token``.
    """
    return [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--allow-root",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root_dir}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]


@dataclass
class JupyterServer:
    """A running JupyterLab server started by :func:`start_jupyterlab`."""

    process: subprocess.Popen
    url: str
    token: str
    root_dir: Path
    log_path: Path
    state_dir: Path
    _log_file: Any = field(default=None, repr=False)

    # -- REST API ---------------------------------------------------------
    def api(self, path: str, method: str = "GET", timeout: float = 10) -> Any:
        """Call the Jupyter REST API (``path`` like ``/api/sessions``)."""
        req = urllib.request.Request(
            f"{self.url}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def sessions(self) -> list[dict[str, Any]]:
        """Return ``GET /api/sessions``."""
        return self.api("/api/sessions")

    def lab_url(self, notebook: str | None = None, reset: bool = True) -> str:
        """URL of the Lab UI (optionally opening ``notebook``), with the token.

        ``reset`` adds JupyterLab's ``?reset`` flag so the saved workspace is
        discarded: otherwise tabs of earlier tests are restored (and start
        kernels of their own).
        """
        path = "/lab"
        if notebook:
            path += "/tree/" + urllib.parse.quote(notebook)
        query = f"token={self.token}" + ("&reset" if reset else "")
        return f"{self.url}{path}?{query}"

    def log_tail(self, n: int = 60) -> str:
        """Last ``n`` lines of the server log (for failure messages)."""
        try:
            lines = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return "<no log>"
        return "\n".join(lines[-n:])

    # -- lifecycle --------------------------------------------------------
    def stop(self, timeout: float = 20) -> None:
        """Stop the server and its kernels; safe to call more than once.

        Tries ``POST /api/shutdown`` (which also shuts down kernels), then
        SIGTERM and finally SIGKILL to the server's own process group (it is
        started in a new session, so the group holds only it and its kernels).
        """
        proc = self.process
        # Kernels are launched in their own sessions by jupyter_client, so
        # remember the server's descendants now and reap leftovers at the end.
        descendants = _descendant_pids(proc.pid)
        if proc.poll() is None:
            with contextlib.suppress(Exception):
                self.api("/api/shutdown", method="POST", timeout=5)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=timeout)
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if proc.poll() is not None:
                break
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                continue
        for pid in descendants:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        if self._log_file is not None and not self._log_file.closed:
            self._log_file.close()


def _descendant_pids(root: int) -> list[int]:
    """PIDs of all processes descending from ``root`` (Linux ``/proc``)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            data = stat.read_text()
        except OSError:
            continue
        # Format: "pid (comm) state ppid ..."; comm may contain spaces.
        pid = int(data.split(" ", 1)[0])
        ppid = int(data.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(pid)
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _write_lab_settings(settings_dir: Path) -> None:
    for plugin, values in LAB_SETTINGS.items():
        target = settings_dir / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values, indent=2))


def start_jupyterlab(
    root_dir: Path,
    state_dir: Path | None = None,
    ready_timeout: float = 120,
    attempts: int = 3,
    extra_env: dict[str, str | None] | None = None,
) -> JupyterServer:
    """Start JupyterLab serving ``root_dir`` and wait until it answers.

    ``state_dir`` receives the server log, Jupyter config/runtime dirs and
    JupyterLab user settings/workspaces (defaults to ``root_dir/../jupyter-state``).
    ``extra_env`` is merged into the server's environment, which its kernels
    inherit (a ``None`` value removes the variable). The server runs with
    :data:`sys.executable`, i.e. the test interpreter's environment. Raises
    ``RuntimeError`` (after stopping the process) if the server does not become
    ready.
    """
    root_dir = Path(root_dir).resolve()
    state_dir = Path(state_dir or root_dir.parent / "jupyter-state").resolve()
    env = dict(os.environ)
    dirs = {
        "JUPYTER_CONFIG_DIR": state_dir / "config",
        "JUPYTER_RUNTIME_DIR": state_dir / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": state_dir / "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": state_dir / "lab-workspaces",
        "IPYTHONDIR": state_dir / "ipython",
    }
    for key, path in dirs.items():
        path.mkdir(parents=True, exist_ok=True)
        env[key] = str(path)
    env.pop("JUPYTER_TOKEN", None)
    env["PYTHONUNBUFFERED"] = "1"
    for key, value in (extra_env or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    _write_lab_settings(dirs["JUPYTERLAB_SETTINGS_DIR"])

    last_error = ""
    for attempt in range(1, attempts + 1):
        port = free_port()
        token = secrets.token_hex(24)
        log_path = state_dir / f"jupyterlab-{attempt}.log"
        log_file = open(log_path, "wb")  # noqa: PTH123, SIM115 (the server writes to it until stop() closes it)
        proc = subprocess.Popen(
            jupyterlab_command(root_dir, port, token),
            cwd=root_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        server = JupyterServer(
            process=proc,
            url=f"http://127.0.0.1:{port}",
            token=token,
            root_dir=root_dir,
            log_path=log_path,
            state_dir=state_dir,
            _log_file=log_file,
        )
        try:
            _wait_until_ready(server, ready_timeout)
            return server
        except Exception as exc:
            last_error = f"{exc}\n--- server log ---\n{server.log_tail()}"
            server.stop()
    msg = f"JupyterLab did not start after {attempts} attempts: {last_error}"
    raise RuntimeError(msg)


def _wait_until_ready(server: JupyterServer, timeout: float) -> None:
    """Poll ``/api/status`` and the Lab page until both answer 200."""
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            msg = f"server exited with code {server.process.returncode}"
            raise RuntimeError(msg)
        try:
            server.api("/api/status", timeout=5)
            with urllib.request.urlopen(server.lab_url(reset=False), timeout=10) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError) as exc:
            last = repr(exc)
        time.sleep(0.25)
    msg = f"server not ready after {timeout}s ({last})"
    raise TimeoutError(msg)


# --------------------------------------------------------------------------
# Kernel state via the REST API
# --------------------------------------------------------------------------


def find_session(server: JupyterServer, notebook: str) -> dict[str, Any] | None:
    """Return the ``/api/sessions`` entry for ``notebook`` (a root-relative path)."""
    for session in server.sessions():
        if session.get("path") == notebook or session.get("notebook", {}).get("path") == notebook:
            return session
    return None


def wait_for_kernel_idle(
    server: JupyterServer, notebook: str, timeout: float = 120, settle: int = 2
) -> dict[str, Any]:
    """Wait until ``notebook``'s kernel is connected and idle.

    "Connected" means ``kernel.connections >= 1`` (the browser's websocket is
    attached); the state must be ``idle`` for ``settle`` consecutive polls.
    Returns the session dict.
    """
    deadline = time.monotonic() + timeout
    streak, last = 0, None
    while time.monotonic() < deadline:
        last = find_session(server, notebook)
        kernel = (last or {}).get("kernel") or {}
        if kernel.get("execution_state") == "idle" and kernel.get("connections", 0) >= 1:
            streak += 1
            if streak >= settle:
                return last
        else:
            streak = 0
        time.sleep(0.5)
    msg = (
        f"kernel for {notebook} not idle+connected after {timeout}s; last session: {last}\n"
        f"--- server log ---\n{server.log_tail()}"
    )
    raise TimeoutError(msg)


def shutdown_session(server: JupyterServer, notebook: str) -> bool:
    """Delete ``notebook``'s session (stops its kernel); ``False`` if none."""
    session = find_session(server, notebook)
    if not session:
        return False
    server.api(f"/api/sessions/{session['id']}", method="DELETE")
    return True


# --------------------------------------------------------------------------
# Browser-side helpers (Playwright sync API ``Page``)
# --------------------------------------------------------------------------


def open_notebook(page, server: JupyterServer, notebook: str, timeout: float = 120) -> None:
    """Open ``notebook`` (root-relative path) in Lab and wait for its kernel.

    Fails early if the "Select Kernel" dialog appears (notebook without
    kernelspec metadata).
    """
    page.goto(server.lab_url(notebook), timeout=timeout * 1000)
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    panel.locator(".jp-Cell").first.wait_for(state="attached", timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.locator(".jp-Dialog").count():
            title = page.locator(".jp-Dialog-header").first.inner_text()
            msg = f"unexpected dialog while opening {notebook}: {title!r} (missing kernelspec metadata?)"
            raise AssertionError(msg)
        session = find_session(server, notebook)
        kernel = (session or {}).get("kernel") or {}
        if kernel.get("connections", 0) >= 1:
            break
        time.sleep(0.5)
    wait_for_kernel_idle(server, notebook, timeout=max(1.0, deadline - time.monotonic()))


def code_cell_prompts(page) -> list[str]:
    """Prompt texts (``[1]:``, ``[*]:``, ``[ ]:``) of non-empty code cells."""
    return page.evaluate(
        """() => Array.from(
              document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell'))
            .filter(c => (c.querySelector('.cm-content')?.textContent || '').trim() !== '')
            .map(c => (c.querySelector('.jp-InputPrompt')?.textContent || '').trim())"""
    )


def _menu_run_all(page) -> None:
    """Click *Run > Run All Cells* in the main menu bar."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).first.click()
    # JupyterLab 4.6 wires this entry to ``runmenu:run-all``; match the label
    # so the helper survives command-id changes.
    item = page.locator(
        ".lm-Menu-item", has=page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$"))
    ).first
    item.wait_for(state="visible", timeout=10_000)
    item.click()


def _palette_run_all(page) -> None:
    """Run *Run All Cells* through the command palette (fallback)."""
    page.keyboard.press("Escape")
    page.keyboard.press("Control+Shift+C")
    field_ = page.locator(".lm-CommandPalette-input")
    field_.wait_for(state="visible", timeout=10_000)
    field_.fill("Run All Cells")
    page.locator(
        ".lm-CommandPalette-item",
        has=page.locator(".lm-CommandPalette-itemLabel", has_text=re.compile(r"^Run All Cells$")),
    ).first.click()


def run_all_cells(page, server: JupyterServer, notebook: str, start_timeout: float = 20) -> None:
    """Trigger *Run All Cells* and make sure execution actually started.

    Waits for the kernel to be idle+connected first (Run All on a kernel that
    is still starting is sometimes silently dropped). If no prompt changed
    from ``[ ]:`` within ``start_timeout`` seconds, retries via the command
    palette once.
    """
    wait_for_kernel_idle(server, notebook)
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").first.click(position={"x": 5, "y": 5})
    for trigger in (_menu_run_all, _palette_run_all):
        trigger(page)
        deadline = time.monotonic() + start_timeout
        while time.monotonic() < deadline:
            prompts = code_cell_prompts(page)
            if any(p != "[ ]:" for p in prompts):
                return
            time.sleep(0.25)
        print(f"[browser-tests] Run All via {trigger.__name__} did not start; retrying")
    msg = f"Run All Cells did not start executing {notebook}"
    raise AssertionError(msg)


def wait_for_all_cells(page, server: JupyterServer, notebook: str, timeout: float = 120) -> list[str]:
    """Wait until every non-empty code cell has a number prompt and the kernel is idle.

    Returns the final prompt texts.
    """
    deadline = time.monotonic() + timeout
    prompts: list[str] = []
    streak = 0
    while time.monotonic() < deadline:
        prompts = code_cell_prompts(page)
        numbered = prompts and all(re.fullmatch(r"\[\d+\]:", p) for p in prompts)
        kernel = (find_session(server, notebook) or {}).get("kernel") or {}
        if numbered and kernel.get("execution_state") == "idle":
            streak += 1
            if streak >= 2:
                return prompts
        else:
            streak = 0
        time.sleep(0.5)
    msg = f"{notebook}: cells not finished after {timeout}s, prompts={prompts}"
    raise TimeoutError(msg)


def error_outputs(page) -> list[str]:
    """Texts of stderr / traceback outputs in the visible notebook."""
    return [
        t.strip()
        for t in page.locator(f".jp-NotebookPanel:not(.lm-mod-hidden) {STDERR_SELECTOR}").all_inner_texts()
    ]


def render_failures(page) -> list[str]:
    """Known render-failure phrases (see :data:`RENDER_FAILURE_TEXTS`) in outputs."""
    text = "\n".join(page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea").all_inner_texts())
    return [phrase for phrase in RENDER_FAILURE_TEXTS if phrase in text]


def screenshot_dir() -> Path:
    """``$COURSEKIT_SCREENSHOTS`` or ``<repo>/build/screenshots`` (created)."""
    path = Path(os.environ.get("COURSEKIT_SCREENSHOTS") or REPO_ROOT / "build" / "screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def screenshot(page_or_locator, name: str) -> Path:
    """Save a PNG named ``name`` to :func:`screenshot_dir` and print its path."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
    path = screenshot_dir() / (safe if safe.endswith(".png") else f"{safe}.png")
    page_or_locator.screenshot(path=str(path))
    print(f"[browser-tests] screenshot: {path}")
    return path


def run_notebook_in_lab(page, server: JupyterServer, notebook: str, timeout: float = 120) -> list[str]:
    """Open ``notebook``, Run All, wait for completion; return the prompts."""
    open_notebook(page, server, notebook, timeout=timeout)
    run_all_cells(page, server, notebook)
    return wait_for_all_cells(page, server, notebook, timeout=timeout)


# --------------------------------------------------------------------------
# Menus, saving, restarting, screenshots of the whole notebook
# --------------------------------------------------------------------------


def click_menu(page, menu: str, item: re.Pattern[str] | str, timeout: float = 60) -> None:
    """Click ``menu`` in the main menu bar, then the entry whose label matches ``item``.

    An entry can be disabled for a moment (e.g. *Restart Kernel…* while the
    notebook reconnects to its kernel): the menu is then closed and reopened
    until the entry is enabled or ``timeout`` seconds have passed.
    """
    label = item if isinstance(item, re.Pattern) else re.compile(rf"^{re.escape(item)}$")
    entries = page.locator(".lm-Menu-item", has=page.locator(".lm-Menu-itemLabel", has_text=label))
    deadline = time.monotonic() + timeout
    while True:
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(rf"^{re.escape(menu)}$")).first.click()
        entries.first.wait_for(state="visible", timeout=10_000)
        enabled = page.locator(
            ".lm-Menu-item:not(.lm-mod-disabled)", has=page.locator(".lm-Menu-itemLabel", has_text=label)
        )
        if enabled.count():
            enabled.first.click()
            return
        page.keyboard.press("Escape")
        if time.monotonic() > deadline:
            msg = f"menu entry {menu} > {label.pattern} stayed disabled for {timeout}s"
            raise AssertionError(msg)
        page.wait_for_timeout(500)


def save_notebook(page, server: JupyterServer, notebook: str, timeout: float = 60) -> dict[str, Any]:
    """Save the visible notebook (*File > Save Notebook*) and return the saved JSON.

    Waits until the file on disk has been rewritten and the tab is no longer
    marked dirty, so the outputs the browser shows are the ones returned.
    """
    path = server.root_dir / notebook
    before = path.stat().st_mtime_ns
    click_menu(page, "File", re.compile(r"^Save( Notebook)?$"))
    dirty = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current.jp-mod-dirty")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        clean = dirty.count() == 0  # a Playwright call each round keeps the page's events flowing
        if clean and path.stat().st_mtime_ns != before:
            try:
                return json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                pass  # caught mid-write; the contents API writes atomically, but be safe
        page.wait_for_timeout(250)
    msg = f"{notebook} was not saved within {timeout}s"
    raise TimeoutError(msg)


def restart_kernel(page, server: JupyterServer, notebook: str, timeout: float = 120) -> None:
    """*Kernel > Restart Kernel…*, confirm the dialog, wait until the kernel is idle again.

    Raises if no confirmation dialog appears, so the restart really went
    through the UI.
    """
    session = find_session(server, notebook)
    assert session, f"no session for {notebook}"
    click_menu(page, "Kernel", re.compile(r"^Restart Kernel…?(\.\.\.)?$"))
    dialog = page.get_by_role("dialog", name=re.compile(r"^Restart Kernel"))
    dialog.wait_for(state="visible", timeout=15_000)
    # JupyterLab 4.6 names the button "Confirm Kernel Restart"; its text is "Restart".
    dialog.get_by_role("button", name=re.compile(r"^(Confirm Kernel )?Restart$")).click()
    dialog.wait_for(state="hidden", timeout=15_000)
    wait_for_kernel_idle(server, notebook, timeout=timeout)


def notebook_screenshot(page, name: str, max_height: int = 16_000) -> Path:
    """Screenshot the whole visible notebook, not just the viewport.

    JupyterLab scrolls the notebook inside its own panel, so a Playwright
    ``full_page`` screenshot would show one screen only. The viewport is grown
    to the notebook's height (at most ``max_height`` px), captured, and restored.
    """
    outer = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer").first
    scroll, client = outer.evaluate("e => { e.scrollTop = 0; return [e.scrollHeight, e.clientHeight]; }")
    viewport = page.viewport_size
    height = min(max_height, viewport["height"] + max(0, scroll - client))
    if height == max_height:
        print(f"[browser-tests] {name}: notebook taller than {max_height}px; screenshot cut there")
    page.set_viewport_size({"width": viewport["width"], "height": height})
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            scroll, client = outer.evaluate("e => [e.scrollHeight, e.clientHeight]")
            if client >= min(scroll, height - 200):
                break
            time.sleep(0.1)
        return screenshot(page, name)
    finally:
        page.set_viewport_size(viewport)


# --------------------------------------------------------------------------
# What a saved notebook's outputs contain
# --------------------------------------------------------------------------

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

#: The text/plain of a widget output names its class: ``CourseChart(…``, ``JupyterChart(…``
#: or ``<….CourseChart object at …>`` (a renderer).
CHART_REPR = re.compile(
    r"^((Course|Jupyter)Chart\(|<(altair\.jupyter\.jupyter_chart\.Jupyter|coursekit\.charts\.display\.Course)Chart object)"
)
QUIZ_REPR = re.compile(r"^(QuizWidget\(|<coursekit\.quiz\.widgets\.QuizWidget object)")


@dataclass
class CellOutputs:
    """What one code cell printed or displayed, read from the saved notebook."""

    index: int
    """The cell's position among *all* cells (as in the DOM)."""
    source: str
    errors: list[str] = field(default_factory=list)
    """``ename: evalue`` of each error output."""
    stderr: list[str] = field(default_factory=list)
    charts: int = 0
    """``alt.JupyterChart`` widget outputs (see :data:`CHART_REPR`)."""
    quizzes: int = 0
    """``coursekit.quiz`` widget outputs (see :data:`QUIZ_REPR`)."""
    widgets: int = 0
    """All widget-view outputs, charts and quizzes included."""
    images: int = 0
    """Static ``image/svg+xml`` / ``image/png`` outputs."""


def cell_outputs(nb: dict[str, Any]) -> list[CellOutputs]:
    """Summarise the outputs of every code cell of a saved notebook (JSON dict)."""
    found = []
    for index, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        info = CellOutputs(index=index, source="".join(source) if isinstance(source, list) else source)
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "error":
                info.errors.append(f"{out.get('ename')}: {out.get('evalue')}")
            elif kind == "stream" and out.get("name") == "stderr":
                text = out.get("text", "")
                info.stderr.append("".join(text) if isinstance(text, list) else text)
            elif kind in ("display_data", "execute_result"):
                data = out.get("data", {})
                plain = data.get("text/plain", "")
                plain = "".join(plain) if isinstance(plain, list) else plain
                if WIDGET_MIME in data:
                    info.widgets += 1
                    info.charts += bool(CHART_REPR.match(plain))
                    info.quizzes += bool(QUIZ_REPR.match(plain))
                elif "image/svg+xml" in data or "image/png" in data:
                    info.images += 1
        found.append(info)
    return found


#: Installed in the page just before *Restart Kernel and Run All Cells*: records,
#: in the page's own clock, when the first chart is drawn and when every code
#: cell first has a number (the last cell done). Nothing here waits on Python's polling.
_TIMING_JS = """([panelSelector, marks]) => {
    const timing = { start: null, chart: null, done: null };
    const numbered = () => {
        const cells = [...document.querySelectorAll(panelSelector + ' .jp-CodeCell')]
            .filter(c => (c.querySelector('.cm-content')?.textContent || '').trim() !== '');
        return cells.length > 0 && cells.every(
            c => /^\\[\\d+\\]:$/.test((c.querySelector('.jp-InputPrompt')?.textContent || '').trim()));
    };
    const observer = new MutationObserver(() => {
        if (timing.start === null) return;
        const now = performance.now();
        const panel = document.querySelector(panelSelector);
        if (timing.chart === null && panel && panel.querySelector(marks)) timing.chart = now;
        // A restart first clears the numbers: done counts once some prompt has been [*].
        if (timing.busy && timing.done === null && numbered()) timing.done = now;
        if (!timing.busy && panel && [...panel.querySelectorAll('.jp-InputPrompt')]
            .some(p => p.textContent.includes('*'))) timing.busy = true;
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    window.__coursekitTiming = timing;
}"""


def timed_restart_and_run_all(
    page, server: JupyterServer, notebook: str, marks: str, timeout: float = 300
) -> dict[str, float | None]:
    """*Kernel > Restart Kernel and Run All Cells…*, timed in the page; return seconds.

    The clock starts when the restart is confirmed, so it counts a kernel's start
    and its imports, as a student's *Run All* on a fresh kernel does. Returns
    ``{"first_chart": s or None, "last_cell": s}``; waits for the kernel to be idle.
    """
    panel = ".jp-NotebookPanel:not(.lm-mod-hidden)"
    page.evaluate(_TIMING_JS, [panel, marks])
    click_menu(page, "Kernel", re.compile(r"^Restart Kernel and Run All Cells…?(\.\.\.)?$"))
    dialog = page.get_by_role("dialog", name=re.compile(r"^Restart Kernel"))
    dialog.wait_for(state="visible", timeout=15_000)
    button = dialog.get_by_role("button", name=re.compile(r"^(Confirm Kernel )?Restart$"))
    button.evaluate("b => { window.__coursekitTiming.start = performance.now(); b.click(); }")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        timing = page.evaluate("() => window.__coursekitTiming")
        if timing["done"] is not None:
            break
        page.wait_for_timeout(250)
    else:
        msg = f"{notebook}: Restart and Run All not done after {timeout}s"
        raise TimeoutError(msg)
    wait_for_kernel_idle(server, notebook, timeout=timeout)
    start = timing["start"]
    return {
        "first_chart": None if timing["chart"] is None else (timing["chart"] - start) / 1000,
        "last_cell": (timing["done"] - start) / 1000,
    }
