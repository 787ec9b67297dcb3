"""A real JupyterHub on 127.0.0.1 for tests and benchmarks: users, servers, kernels.

What runs is what docs/jupyterhub.md tells a hub administrator to run: JupyterHub with
configurable-http-proxy, one single-user server per student started from the course
environment, nbgitpuller and Voila enabled in it, ``COURSEKIT_EXCHANGE`` set for every
server in ``c.Spawner.environment``. Differences from a production hub: the
``DummyAuthenticator`` (any password), loopback only, no TLS.

Two modes:

* ``unix`` (as root, with ``useradd``): one real Unix user per student and JupyterHub's
  default ``LocalProcessSpawner``, which starts each server *as that user*, as The
  Littlest JupyterHub does. File permissions are then real: the test can prove that
  no student reads another's submission.
* ``simple``: ``SimpleLocalProcessSpawner``, every server runs as the current user
  (JupyterHub's own test spawner). Identity and the exchange's permissions cannot be
  checked; everything else can.

The course environment is this checkout's virtual environment. Its Python may live
where other users cannot reach it (pyenv under ``/root``): then a bridge environment is
made from the system's Python of the same version, which adds the venv's
site-packages, and the servers get the venv's Jupyter data and config paths.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHP_ENV = "COURSEKIT_CHP"
"""Path of the configurable-http-proxy executable, if not in :data:`CHP_CACHE` or on PATH."""
CHP_CACHE = ROOT / "build" / "npm"
"""Where ``.ci/run`` (and the test, when npm is there) installs configurable-http-proxy."""
CHP_VERSION = "5"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_chp(*, install: bool) -> str | None:
    """Return the configurable-http-proxy executable, installing it with npm if asked."""
    env = os.environ.get(CHP_ENV)
    if env and Path(env).is_file():
        return env
    cached = CHP_CACHE / "node_modules" / ".bin" / "configurable-http-proxy"
    if cached.is_file():
        return str(cached)
    on_path = shutil.which("configurable-http-proxy")
    if on_path:
        return on_path
    npm = shutil.which("npm")
    if not install or not npm:
        return None
    CHP_CACHE.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [
            npm,
            "install",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            f"configurable-http-proxy@{CHP_VERSION}",
        ],
        cwd=CHP_CACHE,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return str(cached) if done.returncode == 0 and cached.is_file() else None


def can_use_unix_users() -> bool:
    """True if this process may create Unix users and start servers as them."""
    return os.geteuid() == 0 and all(shutil.which(t) for t in ("useradd", "userdel", "runuser"))


def course_reachable_by_others() -> str | None:
    """None if other Unix users can run the course from this checkout, else why not."""
    site = Path(sysconfig.get_paths()["purelib"])
    for path in (ROOT / "src", ROOT / "data", ROOT / "quizzes", site):
        if not _reachable_by_others(path):
            return f"{path} is not readable by other users (a folder above it is private)"
    return None


def _reachable_by_others(path: Path) -> bool:
    """True if every folder above ``path`` can be traversed by any user."""
    path = path.resolve()
    return all(p.stat().st_mode & 0o001 for p in [*reversed(path.parents)][1:]) and bool(
        path.stat().st_mode & 0o004
    )


def course_runtime(work: Path) -> tuple[Path, dict[str, str]]:
    """Return (python, extra environment) that other Unix users can run the course with."""
    venv = Path(sys.prefix)
    env = {
        "JUPYTER_PATH": str(venv / "share" / "jupyter"),
        "JUPYTER_CONFIG_PATH": str(venv / "etc" / "jupyter"),
    }
    python = Path(sys.executable)
    if _reachable_by_others(python) and _reachable_by_others(Path(sys.base_prefix) / "lib"):
        env["PATH"] = f"{python.parent}:/usr/bin:/bin"
        return python, env
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    system = next(
        (p for p in (Path("/usr/bin") / version, Path("/usr/local/bin") / version) if p.is_file()), None
    )
    if system is None or not _reachable_by_others(system):
        msg = f"no {version} that other users can run (this one is {python})"
        raise RuntimeError(msg)
    bridge = work / "course-env"
    subprocess.run([str(system), "-m", "venv", "--without-pip", str(bridge)], check=True)
    site = Path(sysconfig.get_paths()["purelib"])
    inner = bridge / "lib" / version / "site-packages"
    (inner / "coursekit-course-env.pth").write_text(f"import site; site.addsitedir({str(site)!r})\n")
    env["PATH"] = f"{bridge / 'bin'}:/usr/bin:/bin"
    return bridge / "bin" / "python", env


@dataclass
class Hub:
    """A running JupyterHub; use :meth:`start` and :meth:`stop` (or ``with``)."""

    work: Path
    chp: str
    mode: str = "unix"
    exchange: Path | None = None
    port: int = field(default_factory=_free_port)
    token: str = field(default_factory=lambda: secrets.token_hex(32))
    process: subprocess.Popen | None = None
    users: list[str] = field(default_factory=list)
    created_unix_users: list[str] = field(default_factory=list)
    server_pids: dict[str, int] = field(default_factory=dict)
    extra_env: dict[str, str] = field(default_factory=dict)
    """More environment for every server (as ``c.Spawner.environment``)."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # ------------------------------------------------------------------ lifecycle
    def config(self, python: Path, env: dict[str, str]) -> str:
        environment = {**env, **self.extra_env}
        if self.exchange is not None:
            environment["COURSEKIT_EXCHANGE"] = str(self.exchange)
        spawner = "simple" if self.mode == "simple" else "localprocess"
        lines = [
            f"c.JupyterHub.bind_url = {self.url!r}",
            f"c.JupyterHub.hub_bind_url = 'http://127.0.0.1:{_free_port()}'",
            f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{_free_port()}'",
            f"c.ConfigurableHTTPProxy.command = [{self.chp!r}]",
            f"c.ConfigurableHTTPProxy.pid_file = {str(self.work / 'proxy.pid')!r}",
            f"c.JupyterHub.db_url = 'sqlite:///{self.work / 'hub.sqlite'}'",
            f"c.JupyterHub.cookie_secret_file = {str(self.work / 'cookie_secret')!r}",
            "c.JupyterHub.authenticator_class = 'dummy'",
            "c.Authenticator.allow_all = True",
            f"c.JupyterHub.spawner_class = {spawner!r}",
            f"c.Spawner.cmd = [{str(python)!r}, '-m', 'jupyterhub.singleuser']",
            f"c.Spawner.environment = {environment!r}",
            "c.Spawner.default_url = '/lab'",
            "c.Spawner.start_timeout = 180",
            "c.Spawner.http_timeout = 180",
            "c.JupyterHub.concurrent_spawn_limit = 0",
            "c.JupyterHub.active_server_limit = 0",
            "c.JupyterHub.services = [{'name': 'coursekit-test', 'api_token': " + repr(self.token) + "}]",
            "c.JupyterHub.load_roles = [{'name': 'coursekit-test', 'services': ['coursekit-test'], 'scopes': "
            "['admin:users', 'admin:servers', 'access:servers', 'list:users', 'read:users', 'tokens', "
            "'admin:server_state']}]",
            "def _port(spawner):",
            "    import socket",
            "    with socket.socket() as s:",
            "        s.bind(('127.0.0.1', 0))",
            "        spawner.port = s.getsockname()[1]",
            "c.Spawner.pre_spawn_hook = _port",
            "c.Spawner.ip = '127.0.0.1'",
        ]
        if self.mode == "simple":
            lines += [
                f"c.SimpleLocalProcessSpawner.home_dir_template = {str(self.work / 'home' / '{username}')!r}",
                "c.Spawner.args = ['--allow-root']",
            ]
        return "\n".join(lines) + "\n"

    def start(self) -> Hub:
        self.work.mkdir(parents=True, exist_ok=True)
        self.work.chmod(0o755)
        python, env = course_runtime(self.work) if self.mode == "unix" else (Path(sys.executable), {})
        (self.work / "jupyterhub_config.py").write_text(self.config(python, env))
        log = (self.work / "hub.log").open("wb")
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("COURSEKIT_", "JUPYTER"))}
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "jupyterhub"), "-f", "jupyterhub_config.py"],
            cwd=self.work,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=clean,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                msg = f"the hub exited with {self.process.returncode}:\n{self.log_tail()}"
                raise RuntimeError(msg)
            with contextlib.suppress(OSError, urllib.error.URLError):
                if self.request("GET", "/hub/api/users", timeout=10)[0] == 200:
                    return self  # (the proxy answers 404 until the hub has added its route)
            time.sleep(0.5)
        msg = f"the hub did not answer in 120 s:\n{self.log_tail()}"
        raise RuntimeError(msg)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join((self.work / "hub.log").read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no hub log)"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        for pid in self.server_pids.values():  # servers the hub did not stop
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(OSError, ValueError):
            os.kill(int((self.work / "proxy.pid").read_text()), signal.SIGTERM)
        for name in self.created_unix_users:
            subprocess.run(["userdel", "--force", name], capture_output=True, check=False)
        self.created_unix_users.clear()

    def __enter__(self) -> Hub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ REST
    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        token: str | None = None,
        redirect: bool = True,
        timeout: float = 120,
    ) -> tuple[int, dict[str, str], bytes]:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Authorization", f"token {token or self.token}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        handlers = [] if redirect else [_NoRedirect()]
        opener = urllib.request.build_opener(*handlers)
        try:
            with opener.open(req, timeout=timeout) as resp:
                return resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read()

    def api(self, method: str, path: str, body: Any = None) -> Any:
        status, _, data = self.request(method, "/hub/api" + path, body)
        if status >= 400:
            msg = f"{method} /hub/api{path}: HTTP {status}: {data[:500]!r}"
            raise RuntimeError(msg)
        return json.loads(data) if data else None

    # ------------------------------------------------------------------ users and servers
    def add_users(self, names: list[str]) -> None:
        if self.mode == "unix":
            home = self.work / "home"
            home.mkdir(exist_ok=True)
            home.chmod(0o755)
            for name in names:
                with contextlib.suppress(KeyError):
                    pwd.getpwnam(name)
                    msg = f"a Unix user {name} already exists; not touching it"
                    raise RuntimeError(msg)
                subprocess.run(
                    ["useradd", "--create-home", "--home-dir", str(home / name), "--shell", "/bin/sh", name],
                    check=True,
                    capture_output=True,
                )
                self.created_unix_users.append(name)
        self.api("POST", "/users", {"usernames": names})
        self.users.extend(names)

    def start_servers(self, names: list[str], timeout: float = 600) -> float:
        """Start every user's server; return the seconds until all were ready."""
        from concurrent.futures import ThreadPoolExecutor

        t0 = time.monotonic()
        with ThreadPoolExecutor(min(len(names), 50) or 1) as pool:  # all at once, as a class does
            list(pool.map(lambda name: self.api("POST", f"/users/{name}/server"), names))
        pending = set(names)
        while pending and time.monotonic() - t0 < timeout:
            for name in sorted(pending):
                model = self.api("GET", f"/users/{name}")
                server = model.get("servers", {}).get("")
                if server and server.get("ready"):
                    pending.discard(name)
                    pid = (server.get("state") or {}).get("pid")
                    if pid:
                        self.server_pids[name] = int(pid)
            if pending:
                time.sleep(1)
        if pending:
            msg = f"servers not ready after {timeout:.0f} s: {sorted(pending)}\n{self.log_tail()}"
            raise RuntimeError(msg)
        return time.monotonic() - t0

    def browser(self, name: str) -> urllib.request.OpenerDirector:
        """Return a cookie-keeping opener signed in as ``name`` through the login form,
        as a student's browser would be (the hub takes no token on its pages)."""
        import http.cookiejar
        from urllib.parse import urlencode

        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.open(f"{self.url}/hub/login", timeout=60).read()
        xsrf = next((c.value for c in jar if c.name == "_xsrf"), "")
        form = urlencode({"username": name, "password": "any", "_xsrf": xsrf}).encode()
        with opener.open(f"{self.url}/hub/login?next=", data=form, timeout=120) as resp:
            resp.read()
        if not any(c.name.startswith("jupyterhub-session") or c.name == "jupyterhub-hub-login" for c in jar):
            msg = f"{name}: could not sign in through /hub/login"
            raise RuntimeError(msg)
        return opener

    def user_token(self, name: str) -> str:
        return self.api("POST", f"/users/{name}/tokens", {"note": "coursekit hub test", "expires_in": 3600})[
            "token"
        ]

    # ------------------------------------------------------------------ kernels
    def start_kernel(self, name: str, path: str = "") -> str:
        status, _, data = self.request("POST", f"/user/{name}/api/kernels", {"name": "python3", "path": path})
        if status >= 400:
            msg = f"{name}: cannot start a kernel: HTTP {status}: {data[:300]!r}"
            raise RuntimeError(msg)
        return json.loads(data)["id"]

    def stop_kernel(self, name: str, kernel: str) -> None:
        self.request("DELETE", f"/user/{name}/api/kernels/{kernel}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def run_async(coro: Any) -> Any:
    """Run ``coro`` to completion in a thread of its own: the test session may already run an
    event loop in this thread (Playwright's sync API does), where ``asyncio.run`` refuses."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


class CellError(RuntimeError):
    """A cell raised: the message holds the user, the code and the traceback."""


async def run_cells(hub: Hub, name: str, kernel: str, cells: list[str], *, timeout: float = 300) -> list[str]:
    """Execute ``cells`` one after the other in a kernel of ``name``'s server, through the
    hub's proxy; return each cell's text output (stdout and results). Stop at an error."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    url = f"ws://127.0.0.1:{hub.port}/user/{name}/api/kernels/{kernel}/channels"
    # tornado's own limits are 20 s; ten users' kernels starting on two loaded cores have taken longer
    request = HTTPRequest(
        url, headers={"Authorization": f"token {hub.token}"}, connect_timeout=timeout, request_timeout=timeout
    )
    conn = await websocket_connect(request)
    session = uuid.uuid4().hex
    texts: list[str] = []
    try:
        for code in cells:
            msg_id = uuid.uuid4().hex
            await conn.write_message(
                json.dumps(
                    {
                        "header": {
                            "msg_id": msg_id,
                            "username": name,
                            "session": session,
                            "msg_type": "execute_request",
                            "version": "5.3",
                        },
                        "parent_header": {},
                        "metadata": {},
                        "content": {
                            "code": code,
                            "silent": False,
                            "store_history": True,
                            "user_expressions": {},
                            "allow_stdin": False,
                            "stop_on_error": True,
                        },
                        "channel": "shell",
                        "buffers": [],
                    }
                )
            )
            out: list[str] = []
            reply: dict[str, Any] | None = None
            idle = False
            while reply is None or not idle:
                raw = await asyncio.wait_for(conn.read_message(), timeout)
                if raw is None:
                    msg = f"{name}: the kernel connection closed"
                    raise CellError(msg)
                if isinstance(raw, bytes):
                    continue  # binary frames: widget buffers
                m = json.loads(raw)
                if m.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = m["msg_type"], m["content"]
                if kind == "stream":
                    out.append(content["text"])
                elif kind == "execute_result":
                    out.append(content["data"].get("text/plain", ""))
                elif kind == "error":
                    out.append("\n".join(content.get("traceback", [])))
                elif kind == "status" and content.get("execution_state") == "idle":
                    idle = True
                elif kind == "execute_reply":
                    reply = content
            text = "".join(out)
            if reply.get("status") != "ok":
                msg = f"{name}: cell failed:\n{code}\n--- output ---\n{text[-3000:]}"
                raise CellError(msg)
            texts.append(text)
    finally:
        conn.close()
    return texts
