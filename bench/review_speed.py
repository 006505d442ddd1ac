#!/usr/bin/env python3
"""Time the review agenda (`integ review --no-interactive --format json`) on the
district-scale and the state-scale generated workspaces.

    python bench/review_speed.py [--repeat 3] [--workdir DIR] [--only district|state]
                                 [--no-busy]

Generates (with bench/generate.py, unless DIR already holds them) the district
workspace (25 concepts x 150 measures, ~2.6 MB) and the state one (1,100 concepts x 40
measures, ~45 MB), and times, in a fresh process each:

* ``cold``: the first run of the day (integ's cache folder, ``INTEG_CACHE_DIR``, emptied before every run);
* ``warm``: a second run (the validator's cache holds this date's findings);
* ``busy`` (unless ``--no-busy``): a year later, ``--today 2027-11-25``, when most
  measures of the generated data are overdue (tens of thousands of items), cold.

and prints a Markdown table:

    | workspace | concepts | MB | run | today | runs | median s | min s | items | exit | goal |

Goals (issue 5): district < 2 s, state < 30 s (the cold median). Standard library
only. The executable is taken from the directory of the Python that runs this script
(run it with the virtualenv's Python); if `review` is not yet a command of that integ,
it is called through a shim that registers it. Exit 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-25"  # the date the generated data is built around
BUSY = "2027-11-25"  # a year later: most measures are overdue
SIZES = {"district": (25, 150, 2.0), "state": (1100, 40, 30.0)}  # concepts, measures, goal s

SHIM = (
    "from integ.cli import app, main\n"
    "if not any(c.name == 'review' for c in app.registered_commands):\n"
    "    from integ.cli_review import review\n"
    "    app.command('review')(review)\n"
    "main()\n"
)


def command() -> list[str]:
    exe = Path(sys.executable).parent / "integ"
    probe = (
        subprocess.run([str(exe), "review", "--help"], capture_output=True, text=True, check=False)
        if exe.exists()
        else None
    )
    if probe is not None and probe.returncode == 0:
        return [str(exe)]
    return [sys.executable, "-c", SHIM]


def workspace(work: Path, name: str) -> Path:
    concepts, measures, _goal = SIZES[name]
    ws = work / name
    if not (ws / "concepts").is_dir() or len(list((ws / "concepts").glob("*.yaml"))) != concepts:
        shutil.rmtree(ws, ignore_errors=True)
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate.py"),
                str(ws),
                "--concepts",
                str(concepts),
                "--measures",
                str(measures),
            ],
            check=True,
            capture_output=True,
        )
    return ws


def megabytes(ws: Path) -> float:
    return sum(p.stat().st_size for p in (ws / "concepts").glob("*.yaml")) / 1e6


def run(cmd: list[str], ws: Path, today: str, cold: bool) -> tuple[float, int, int]:
    cache = ws.parent / f"{ws.name}-integ-cache"  # the cache lives outside the work tree
    if cold:
        shutil.rmtree(cache, ignore_errors=True)
    start = time.perf_counter()
    done = subprocess.run(
        [*cmd, "review", "--no-interactive", "--format", "json", "--today", today],
        cwd=ws,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "INTEG_CACHE_DIR": str(cache)},
    )
    elapsed = time.perf_counter() - start
    items = -1
    if done.returncode in (0, 1):
        try:
            items = len(json.loads(done.stdout)["items"])
        except (ValueError, KeyError):
            pass
    if done.returncode not in (0, 1) or items < 0:
        print(done.stderr, file=sys.stderr)
    return elapsed, done.returncode, items


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=3, help="timed runs per row (default 3)")
    p.add_argument(
        "--workdir", type=Path, default=None, help="keep (and reuse) the workspaces here"
    )
    p.add_argument("--only", choices=sorted(SIZES), default=None)
    p.add_argument("--no-busy", action="store_true", help="skip the busy-agenda rows")
    args = p.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="integ-review-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    cmd = command()
    rows = [
        (
            "| workspace | concepts | MB | run | today | runs | median s | min s | items | "
            "exit | goal |"
        ),
        "| --- | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    ok = True
    for name in [args.only] if args.only else list(SIZES):
        concepts, _measures, goal = SIZES[name]
        ws = workspace(work, name)
        mb = megabytes(ws)
        plan = [("cold", TODAY, True), ("warm", TODAY, False)]
        if not args.no_busy:
            plan.append(("busy, cold", BUSY, True))
        run(cmd, ws, TODAY, cold=False)  # untimed: warms the disk cache and the imports
        for label, today, cold in plan:
            times, codes, items = [], set(), set()
            for _ in range(args.repeat):
                elapsed, code, n = run(cmd, ws, today, cold)
                times.append(elapsed)
                codes.add(code)
                items.add(n)
            median = statistics.median(times)
            verdict = ""
            if label == "cold":
                met = median < goal and codes == {0}
                ok = ok and met
                verdict = f"< {goal:g} s — **{'met' if met else 'missed'}**"
            rows.append(
                f"| {name} | {concepts:,} | {mb:.1f} | {label} | {today} | "
                f"{len(times)} | {median:.2f} | {min(times):.2f} | "
                f"{','.join(str(i) for i in sorted(items))} | "
                f"{','.join(str(c) for c in sorted(codes))} | {verdict} |"
            )
            print(rows[-1], file=sys.stderr)
    print("\n".join(rows))
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
