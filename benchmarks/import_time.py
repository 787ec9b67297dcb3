"""How long does ``import coursekit`` take, compared with ``import pandas``?

Goal (issue 2): within 1.1x of ``import pandas``. Both are measured in this same
run, interleaved, each in a fresh interpreter, so machine noise hits both alike.
Prints the median times and their ratio; exits 1 if the ratio is over the goal.

    python benchmarks/import_time.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

GOAL = 1.1
SUBJECTS = {
    "python (empty)": "pass",
    "import pandas": "import pandas",
    "import coursekit": "import coursekit",
    "import coursekit + load_events()": "import coursekit; coursekit.load_events()",
}


def once(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    for code in SUBJECTS.values():  # warm the file cache
        once(code)
    times: dict[str, list[float]] = {name: [] for name in SUBJECTS}
    for _ in range(args.repeat):
        for name, code in SUBJECTS.items():
            times[name].append(once(code))
    medians = {name: statistics.median(t) for name, t in times.items()}
    base = medians["import pandas"]
    for name, median in medians.items():
        print(f"{name:34s} {median * 1000:8.1f} ms   {median / base:5.2f}x import pandas")
    ratio = medians["import coursekit"] / base
    print(f"\nimport coursekit / import pandas = {ratio:.2f} (goal <= {GOAL})")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
