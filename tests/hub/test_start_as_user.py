"""The README's start command serves the first notebook when a normal user runs it, not only root.

As root (CI runs as root), the test makes a throw-away Unix user, copies the
repository into that user's home (as a commit holds it, owned by the user) and
runs the server part of README.md's start command there, word for word, as that
user: ``.venv/bin/jupyter lab --allow-root ... notebooks/00-start-here.ipynb``.
The copy's ``.venv`` is this test environment seen through a small bridge
(:func:`tests.hub.harness.course_runtime`: installing it again would only test pip);
the course code is the copy's own ``src``. Only a port and a token are added, and
``$BROWSER`` is a script that writes down the address JupyterLab opens.

It checks that the server answers, that the address it opens is the first notebook
and serves it, and that the notebook is readable through the contents API; then it
stops the server and deletes the user. Not root: skipped (failed under ``CI=true``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.browser.jupyter import copy_repo, free_port
from tests.hub.harness import ROOT, can_use_unix_users, course_reachable_by_others, course_runtime

FIRST_NOTEBOOK = "notebooks/00-start-here.ipynb"


def readme_start_command() -> str:
    """The command after ``<!-- start-command -->`` in README.md (as ``.ci/run`` reads it)."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    at = lines.index("<!-- start-command -->")
    assert lines[at + 1].startswith("```"), "the start command must follow its marker in a code block"
    return lines[at + 2]


def server_part(command: str) -> list[str]:
    """The ``.venv/bin/jupyter lab ...`` step of the start command, as arguments."""
    steps = [shlex.split(step) for step in command.split(" && ")]
    server = [s for s in steps if s[:2] == [".venv/bin/jupyter", "lab"]]
    assert len(server) == 1 and steps[-1] == server[0], (
        f"no final '.venv/bin/jupyter lab' step in {command!r}"
    )
    return server[0]


def test_the_start_command_ends_with_the_server_on_the_first_notebook():
    args = server_part(readme_start_command())
    assert args[-1] == FIRST_NOTEBOOK and (ROOT / FIRST_NOTEBOOK).is_file()


def _get(url: str, timeout: float = 10) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def _bridge_venv(copy: Path, work: Path) -> dict[str, str]:
    """Give ``copy`` a ``.venv/bin/jupyter`` running this environment; return the server's env."""
    python, env = course_runtime(work)
    bindir = copy / ".venv" / "bin"
    bindir.mkdir(parents=True)
    jupyter = bindir / "jupyter"
    jupyter.write_text(
        f"#!{python}\nimport sys\nfrom jupyter_core.command import main\nsys.exit(main())\n", encoding="utf-8"
    )
    jupyter.chmod(0o755)
    # ``jupyter lab`` finds its sibling ``jupyter-lab`` next to itself (or on PATH)
    shutil.copy(Path(sys.prefix) / "bin" / "jupyter-lab", bindir / "jupyter-lab")
    lab = bindir / "jupyter-lab"
    lab.write_text(re.sub(r"\A#![^\n]*", f"#!{python}", lab.read_text(encoding="utf-8")), encoding="utf-8")
    lab.chmod(0o755)
    env["PATH"] = f"{bindir}:{env['PATH']}"
    env["JUPYTERLAB_DIR"] = str(Path(sys.prefix) / "share" / "jupyter" / "lab")
    env["PYTHONPATH"] = str(copy / "src")  # the user's checkout, not this one
    return env


def test_the_readme_start_command_serves_the_first_notebook_to_a_normal_user():
    if not can_use_unix_users():
        if os.environ.get("CI") == "true":
            pytest.fail("CI runs as root: this test must start JupyterLab as a real normal user there")
        pytest.skip("needs root with useradd/runuser to run the start command as a normal user (CI does)")
    unreachable = course_reachable_by_others()
    if unreachable:
        if os.environ.get("CI") == "true":
            pytest.fail(f"a normal user cannot run this environment: {unreachable}")
        pytest.skip(f"a normal user cannot run this environment: {unreachable}")

    work = Path(tempfile.mkdtemp(prefix="coursekit-start-"))
    work.chmod(0o755)
    user = f"ckstart{secrets.token_hex(3)}"
    home = work / "home" / user
    home.parent.mkdir()
    subprocess.run(
        ["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/sh", user],
        check=True,
        capture_output=True,
    )
    process = None
    log_path = work / "server.log"
    try:
        copy = copy_repo(ROOT, home / "coursekit")
        env = _bridge_venv(copy, work)
        opened = home / "opened.txt"
        browser = home / "browser"
        browser.write_text(f'#!/bin/sh\nprintf "%s" "$1" > {opened}\n', encoding="utf-8")
        browser.chmod(0o755)
        subprocess.run(["chown", "-R", f"{user}:{user}", str(home)], check=True)

        port, token = free_port(), secrets.token_hex(16)
        args = server_part(readme_start_command())
        args += [
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
        ]
        env |= {
            "HOME": str(home),
            "USER": user,
            "LOGNAME": user,
            "BROWSER": f"{browser} %s",
            "LANG": "C.UTF-8",
        }
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [shutil.which("runuser") or "runuser", "-u", user, "--", *args],
                cwd=copy,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while not opened.is_file() or not opened.read_text(encoding="utf-8"):
            assert process.poll() is None, (
                f"the server exited:\n{log_path.read_text(errors='replace')[-3000:]}"
            )
            assert time.monotonic() < deadline, f"nothing opened in 120 s:\n{log_path.read_text()[-3000:]}"
            time.sleep(0.5)

        status, body = _get(f"{base}/api/status?token={token}")
        assert status == 200, status
        servers = subprocess.run(["pgrep", "-u", user, "-f", "jupyter-lab"], capture_output=True, text=True)
        assert servers.stdout.split(), "no jupyter-lab process runs as the normal user"

        # The address it opens (through JupyterLab's redirect file) is the first notebook.
        address = opened.read_text(encoding="utf-8")
        if address.startswith("file://"):
            page = Path(address.removeprefix("file://")).read_text(encoding="utf-8")
            address = re.search(r'url=([^"]+)"', page).group(1)
        assert "/lab/tree/" in address and address.split("?")[0].endswith("00-start-here.ipynb"), address
        target = re.sub(r"^http://[^/]+", base, address)
        status, body = _get(target)
        assert status == 200 and b"JupyterLab" in body, (status, body[:300])
        rel = address.split("/lab/tree/", 1)[1].split("?")[0]
        status, body = _get(f"{base}/api/contents/{rel}?token={token}")
        notebook = json.loads(body)
        assert status == 200 and notebook["type"] == "notebook" and notebook["writable"], status
        assert notebook["content"]["cells"][0]["source"].startswith("# Start here")
    finally:
        if process is not None:
            with contextlib.suppress(OSError):
                shutdown = urllib.request.Request(f"{base}/api/shutdown?token={token}", method="POST")
                urllib.request.urlopen(shutdown, timeout=5).close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=20)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # runuser and the server: one group, started here
            process.wait(timeout=10)
        subprocess.run(["userdel", "--force", user], capture_output=True, check=False)
        print(f"[start-as-user] log: {log_path}")
