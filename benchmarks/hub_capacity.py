"""How many students fit on one JupyterHub node? Memory per student and time to start servers.

Starts a real JupyterHub on 127.0.0.1 (as tests/hub/ does: configurable-http-proxy from
npm, one Unix user and server per student when run as root), starts N single-user
servers at once and times them, then opens a course kernel on each (the first cells of
notebook 05: the course imported, the events loaded, the timeline chart and the final
quiz built) and measures each process's memory as PSS (proportional set size: shared
libraries split between the processes that map them, so the sum is what the node holds).

The floor, measured in the same run: a bare Python interpreter's PSS and start time.
Prints per-student memory and start time, their ratios to the floor, and how many
students fit on a 24 GB node (leaving 2 GB for the system, the hub and the proxy).

    python benchmarks/hub_capacity.py [--users 10] [--node-gb 24]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.hub.harness import (  # the repository root is put on the path first
    Hub,
    can_use_unix_users,
    course_reachable_by_others,
    find_chp,
    run_async,
    run_cells,
)

RESERVED_GB = 2.0
COURSE_CELLS = [
    "import coursekit as ck\nfrom coursekit import charts, quiz\nck.setup_notebook()",
    "events = ck.load_events()",
    "chart = charts.timeline()",
    'w = quiz.show("05-review")',
]


def pss_mb(pid: int) -> float:
    return psutil.Process(pid).memory_full_info().pss / 2**20


def floor() -> tuple[float, float]:
    """PSS (MB) and start time (s) of a bare interpreter, the median of 5."""
    sizes, times = [], []
    for _ in range(5):
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
        time.sleep(0.3)
        sizes.append(pss_mb(proc.pid))
        proc.communicate(b"")
        times.append(time.perf_counter() - t0 - 0.3)
    return statistics.median(sizes), statistics.median(times)


def kernel_pid(server_pid: int) -> int:
    kids = [
        p for p in psutil.Process(server_pid).children(recursive=True) if "ipykernel" in " ".join(p.cmdline())
    ]
    if len(kids) != 1:
        msg = f"expected one kernel under server {server_pid}, found {len(kids)}"
        raise RuntimeError(msg)
    return kids[0].pid


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--node-gb", type=float, default=24.0)
    args = parser.parse_args()
    chp = find_chp(install=True)
    if chp is None:
        print("configurable-http-proxy is not installed and npm could not install it", file=sys.stderr)
        return 1
    unix = can_use_unix_users() and course_reachable_by_others() is None
    floor_mb, floor_s = floor()
    work = Path(tempfile.mkdtemp(prefix="coursekit-capacity-"))
    names = [f"ckcap{i:03d}" for i in range(1, args.users + 1)]
    hub = Hub(work, chp, mode="unix" if unix else "simple")
    try:
        hub.start()
        hub.add_users(names)
        started = hub.start_servers(names)
        servers = [pss_mb(hub.server_pids[n]) for n in names]
        kernels = []
        for name in names:  # one at a time: the measure, not the machine's contention
            kernel = hub.start_kernel(name)
            run_async(run_cells(hub, name, kernel, COURSE_CELLS))
            kernels.append(pss_mb(kernel_pid(hub.server_pids[name])))
        hub_mb = pss_mb(hub.process.pid)
    finally:
        hub.stop()
        shutil.rmtree(work, ignore_errors=True)
    server_mb, kernel_mb = statistics.median(servers), statistics.median(kernels)
    student_mb = server_mb + kernel_mb
    per_start = started / len(names)
    fit = int((args.node_gb - RESERVED_GB) * 1024 // student_mb)
    print(f"mode: {'one Unix user per student (LocalProcessSpawner)' if unix else 'simple spawner'}")
    print(f"floor: a bare Python interpreter, {floor_mb:.0f} MB PSS, starts in {floor_s:.2f} s")
    print(f"hub process: {hub_mb:.0f} MB PSS")
    print(f"single-user server: {server_mb:.0f} MB PSS median ({server_mb / floor_mb:.1f}x the floor)")
    print(f"course kernel (notebook 05 set up): {kernel_mb:.0f} MB PSS median ({kernel_mb / floor_mb:.1f}x)")
    print(f"per student: {student_mb:.0f} MB ({student_mb / floor_mb:.1f}x the floor)")
    print(
        f"{len(names)} servers started at once in {started:.1f} s: {per_start:.2f} s each "
        f"({per_start / floor_s:.0f}x a bare interpreter's start)"
    )
    print(
        f"students per {args.node_gb:.0f} GB node (all with a kernel open, {RESERVED_GB:.0f} GB kept): {fit}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
