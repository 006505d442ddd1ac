#!/usr/bin/env python3
"""Time `integ status` and `integ export` against their goals (issue 7).

    python bench/status_export.py [--repeat 3] [--workdir DIR] [--skip-state]

Generates (or reuses, in --workdir) the district workspace (25 concepts x 150
measures) and the state workspace (1,100 concepts x 40 measures) with
bench/generate.py, then times in fresh processes, after one untimed warm-up run:

* ``integ status --today 2026-11-25`` on both (goals: < 1.5 s and < 30 s), once with
  ``--no-cache`` (every file checked) and once reusing the validator's cache
  (the user's cache folder, filled by the warm-up run);
* ``integ status --alignment --format json`` on both (no goal; for scale);
* ``integ export --to xlsx`` on the district workspace (goal: < 3 s);
* ``integ export --to csv`` and ``--to ics`` on the district workspace (no goal).

Prints a Markdown table (median and minimum wall time of --repeat runs, exit codes)
and exits 1 when a goal is missed. The integ executable is taken from the directory
of the running Python (run it with the virtualenv's Python); ``--integ "CMD ..."``
replaces it. Standard library only.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # bench/generate.py

TODAY = generate.TODAY.isoformat()
WORKSPACES = {"district": (25, 150), "state": (1100, 40)}


def prepare(root: Path, name: str, regenerate: bool) -> Path:
    ws = root / name
    if regenerate or not (ws / "concepts").is_dir():
        concepts, measures = WORKSPACES[name]
        generate.generate(ws, concepts, measures)
    return ws


def timed(argv: list[str], cwd: Path, repeat: int, out: Path) -> tuple[list[float], list[int]]:
    env = dict(os.environ, NO_COLOR="1", COLUMNS="200")
    for key in ("INTEG_TODAY", "GITHUB_ACTIONS", "FORCE_COLOR"):
        env.pop(key, None)
    walls, codes = [], []
    for i in range(repeat + 1):  # the first run warms the file cache
        t0 = time.perf_counter()
        with open(out, "wb") as fo:
            proc = subprocess.run(
                argv,
                cwd=cwd,
                stdout=fo,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                env=env,
                check=False,
            )
        wall = time.perf_counter() - t0
        if proc.returncode != 0 and not any(codes):  # say why, once per command
            sys.stderr.write(proc.stderr.decode("utf-8", "replace")[-2000:])
        if i:
            walls.append(wall)
            codes.append(proc.returncode)
    return walls, codes


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=3, help="timed runs per command (default 3)")
    p.add_argument("--workdir", type=Path, help="keep the workspaces here (reused)")
    p.add_argument("--regenerate", action="store_true", help="regenerate the workspaces")
    p.add_argument("--skip-state", action="store_true", help="skip the 1,100-concept one")
    p.add_argument("--integ", help="command that runs integ (default: the venv's integ)")
    args = p.parse_args(argv)

    integ = shlex.split(args.integ) if args.integ else [str(Path(sys.executable).parent / "integ")]
    integ = [str(Path(a).absolute()) if Path(a).exists() else a for a in integ]  # cwd moves
    root = (args.workdir or Path(tempfile.mkdtemp(prefix="integ-bench-"))).resolve()
    root.mkdir(parents=True, exist_ok=True)
    scratch = root / "out"
    scratch.mkdir(exist_ok=True)
    names = ["district"] if args.skip_state else ["district", "state"]
    spaces = {name: prepare(root, name, args.regenerate) for name in names}

    # (task, workspace, arguments, goal in seconds or None)
    tasks: list[tuple[str, str, list[str], float | None]] = []
    for name in names:
        goal = 1.5 if name == "district" else 30.0
        tasks.append(("status --no-cache", name, ["status", "--no-cache", "--today", TODAY], goal))
        tasks.append(("status", name, ["status", "--today", TODAY], goal))
        tasks.append(
            (
                "status --alignment --format json",
                name,
                ["status", "--today", TODAY, "--alignment", "--format", "json"],
                None,
            )
        )
    tasks += [
        (
            "export --to xlsx",
            "district",
            ["export", "--to", "xlsx", "-o", str(scratch / "export.xlsx"), "--today", TODAY],
            3.0,
        ),
        (
            "export --to csv",
            "district",
            ["export", "--to", "csv", "-o", str(scratch / "csv"), "--today", TODAY],
            None,
        ),
        (
            "export --to ics",
            "district",
            ["export", "--to", "ics", "-o", str(scratch / "termine.ics"), "--today", TODAY],
            None,
        ),
    ]

    lines = [
        "| task | workspace | concepts | goal | median s | min s | exit codes | |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    missed = False
    for task, name, targs, goal in tasks:
        ws = spaces[name]
        walls, codes = timed([*integ, *targs], ws, args.repeat, scratch / "stdout")
        med, low = statistics.median(walls), min(walls)
        ok = all(c == 0 for c in codes) and (goal is None or med < goal)
        missed |= not ok
        concepts = len(list((ws / "concepts").glob("*.yaml")))
        lines.append(
            f"| `integ {task}` | {name} | {concepts:,} | "
            f"{'< ' + format(goal, 'g') + ' s' if goal else '–'} | {med:.2f} | "
            f"{low:.2f} | {', '.join(map(str, sorted(set(codes))))} | "
            f"{'ok' if ok else 'MISSED'} |"
        )
        print(lines[-1], file=sys.stderr)
    print(
        f"\n{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores, {args.repeat} timed runs each after one warm-up, "
        f"--today {TODAY}\n"
    )
    print("\n".join(lines))
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
