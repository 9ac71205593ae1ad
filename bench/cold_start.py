"""Cold start of the web app: the import time of ``main`` beside that of Flask alone.

Each measurement is a fresh interpreter (as an App Engine instance starts), repeated; the table
shows the median and the best. The difference is what aibou adds to a cold start.

    python bench/cold_start.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
TARGETS = (
    ("flask alone (baseline)", "flask"),
    ("main (aibou's app)", "main"),
    (
        "the Google clients (loaded on the first rotation, not at start)",
        "aibou.google.calendar, gspread",
    ),
)


def measure(module: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", PROBE.format(module=module)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(float(out.stdout.strip()) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    print(f"Cold import, {runs} fresh interpreters each (Python {sys.version.split()[0]})\n")
    print("| what is imported | median ms | best ms |")
    print("| --- | ---: | ---: |")
    for label, module in TARGETS:
        times = measure(module, runs)
        print(f"| {label} | {statistics.median(times):.0f} | {min(times):.0f} |")


if __name__ == "__main__":
    main()
