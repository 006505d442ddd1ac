#!/usr/bin/env python3
"""Benchmark integ against its goals and against two peer tools.

    python bench/run.py [--repeat 5] [--out bench/results.md] [--workdir DIR]

Generates two workspaces with bench/generate.py (district: 25 concepts x 150
measures, about 2.5 MB; state: 1,100 concepts x 40 measures, about 45 MB),
writes the JSON Schema into each with ``integ schema -o``, and then measures in
one run, on the same files:

* ``integ --version`` (start-up; ``python -c pass`` as the floor);
* ``integ validate <ws>/concepts --format json --today 2026-11-25``, cold (a new
  empty ``INTEG_CACHE_DIR`` for every run) and warm (one ``INTEG_CACHE_DIR`` that the
  untimed warm-up run filled);
* ``check-jsonschema --schemafile <schema> <ws>/concepts/*.yaml`` (types only);
* ``yamllint -d relaxed <ws>/concepts`` (syntax only).

Wall time is the median and minimum of N runs (after one untimed warm-up run);
peak memory is ru_maxrss of the command, taken with GNU ``time -f %M`` where
/usr/bin/time exists, else with ``os.wait4`` on that child alone. Executables are taken from the virtualenv of the running Python. Prints
a Markdown table and writes it (with the date, Python version and nproc) to
``--out``. Standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate

TODAY = generate.TODAY.isoformat()  # the date the generated data is built around
WORKSPACES = {
    # name: (concepts, measures)
    "district": (25, 150),
    "state": (1100, 40),
}
INSTALL_HINT = "pip install check-jsonschema yamllint"


# ---------------------------------------------------------------------------
# Running one child and measuring it
# ---------------------------------------------------------------------------


@dataclass
class Run:
    wall: float
    maxrss_kb: int
    rc: int | None  # None: killed by the timeout
    stdout: Path
    stderr: Path
    tree_kb: int | None = None  # sampled peak of the summed RSS of all its processes
    cpu: float = 0.0  # user + system seconds of the command and the children it waited for


PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4


def group_rss_kb(pgid: int, skip: int | None) -> int:
    """Summed RSS of every process in process group pgid (Linux /proc), except skip."""
    total = 0
    try:
        pids = [int(d) for d in os.listdir("/proc") if d.isdigit()]
    except OSError:
        return 0
    for pid in pids:
        if pid == skip:
            continue
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                stat = f.read()
            fields = stat[stat.rindex(b")") + 2 :].split()
            if int(fields[2]) != pgid:  # state ppid pgrp ...
                continue
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1]) * PAGE_KB
        except (OSError, ValueError, IndexError):
            continue
    return total


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process group every `interval` seconds.

    ru_maxrss is per process: for a command that forks workers it shows the
    largest one, not what the machine needs. This adds up all of them.
    """

    def __init__(self, pgid: int, skip: int | None, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pgid, self.skip, self.interval = pgid, skip, interval
        self.peak_kb = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.peak_kb = max(self.peak_kb, group_rss_kb(self.pgid, self.skip))
            self.stop.wait(self.interval)


def _gnu_time() -> str | None:
    """/usr/bin/time if it is GNU time and understands -f %M, else None."""
    exe = shutil.which("time", path="/usr/bin:/bin") or ""
    if not exe:
        return None
    with tempfile.NamedTemporaryFile("r") as f:
        try:
            p = subprocess.run(
                [exe, "-f", "%M", "-o", f.name, sys.executable, "-c", "pass"],
                capture_output=True,
                check=False,
                timeout=30,
            )
            return exe if p.returncode == 0 and f.read().strip().isdigit() else None
        except (OSError, subprocess.TimeoutExpired):
            return None


GNU_TIME = _gnu_time()
# How peak memory is taken. ru_maxrss from os.wait4 alone is the child's high-water
# mark, but Linux carries the RSS of the forking process (this Python, ~20 MB) over
# fork and exec into it, so small children all show that floor. GNU time forks from
# a ~2 MB process and reports %M of the command itself.
RSS_METHOD = (
    "GNU time -f %M (ru_maxrss of the command)"
    if GNU_TIME
    else "os.wait4 ru_maxrss of the child (includes this script's RSS as a floor)"
)


def run_once(
    argv: list[str],
    cwd: Path,
    out_dir: Path,
    timeout: float,
    sample_tree: bool = False,
    cache: Path | None = None,
) -> Run:
    """Run argv once: wall time (around spawn and os.wait4), CPU time and peak RSS.

    ``cache``: the ``INTEG_CACHE_DIR`` of the run; None gives it a new empty one
    (a cold run: nothing cached from an earlier run)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    so, se, mf = out_dir / "stdout", out_dir / "stderr", out_dir / "maxrss"
    if cache is None:
        cache = Path(tempfile.mkdtemp(prefix="cache-", dir=out_dir))
    env = dict(os.environ, NO_COLOR="1", INTEG_CACHE_DIR=str(cache))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("GITHUB_ACTIONS", None)
    env.pop("FORCE_COLOR", None)
    full = [GNU_TIME, "-f", "%M", "-o", str(mf), *argv] if GNU_TIME else argv
    with open(so, "wb") as fo, open(se, "wb") as fe:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            full,
            cwd=cwd,
            stdout=fo,
            stderr=fe,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # GNU time and the command
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        sampler = None
        if sample_tree and os.path.isdir("/proc"):
            sampler = TreeSampler(proc.pid, proc.pid if GNU_TIME else None)
            sampler.start()
        try:
            _, status, ru = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
        if sampler:
            sampler.stop.set()
            sampler.join()
    rc = os.waitstatus_to_exitcode(status)
    proc.returncode = rc  # reaped by wait4; keep Popen from waiting again
    maxrss = ru.ru_maxrss
    if GNU_TIME:
        try:  # "Command exited with non-zero status N" may come first
            maxrss = int(mf.read_text().split()[-1])
        except (OSError, ValueError, IndexError):
            pass
    return Run(
        wall,
        maxrss,
        None if killed.is_set() else rc,
        so,
        se,
        sampler.peak_kb if sampler else None,
        ru.ru_utime + ru.ru_stime,
    )


@dataclass
class Result:
    task: str
    tool: str
    files: int | None = None
    mb: float | None = None
    runs: list[Run] = field(default_factory=list)
    warmups: list[Run] = field(default_factory=list)
    na: str | None = None  # reason when not measured
    goal: str = ""
    ok: bool | None = None  # goal met?
    note: str = ""  # findings summary etc.

    @property
    def walls(self) -> list[float]:
        return [r.wall for r in self.runs]

    @property
    def median(self) -> float | None:
        return statistics.median(self.walls) if self.runs else None

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(r.cpu for r in self.runs) if self.runs else None

    @property
    def minimum(self) -> float | None:
        return min(self.walls) if self.runs else None

    @property
    def peak_mb(self) -> float | None:
        return max(r.maxrss_kb for r in self.runs) * 1024 / 1e6 if self.runs else None

    @property
    def tree_mb(self) -> float | None:
        vals = [
            r.tree_kb for r in self.runs + self.warmups if r.tree_kb
        ]  # 0: ended before a sample
        return max(vals) * 1024 / 1e6 if vals else None

    @property
    def exit_codes(self) -> str:
        codes = sorted({"timeout" if r.rc is None else str(r.rc) for r in self.runs})
        return "/".join(codes) if codes else "n/a"


def measure(
    res: Result,
    argv: list[str],
    cwd: Path,
    scratch: Path,
    repeat: int,
    warmup: bool,
    timeout: float,
    cache: Path | None = None,
) -> Result:
    """Time argv; ``cache`` None: a new empty INTEG_CACHE_DIR for every run (cold),
    else that one folder for all runs (warm once the warm-up run has filled it)."""
    label = f"{res.task} · {res.tool}"
    # The summed RSS of all processes is sampled in the untimed warm-up run (the
    # sampler costs some CPU), or in the first timed run when there is none.
    if warmup:
        print(f"  {label}: warm-up", file=sys.stderr, flush=True)
        r = run_once(argv, cwd, scratch, timeout, sample_tree=True, cache=cache)
        res.warmups.append(r)
        if r.rc is None:  # a warm-up that times out would only time out again
            res.runs.append(r)
            return res
    for i in range(repeat):
        r = run_once(argv, cwd, scratch, timeout, sample_tree=not warmup and i == 0, cache=cache)
        res.runs.append(r)
        print(
            f"  {label}: run {i + 1}/{repeat} {r.wall:.3f} s, "
            f"{r.maxrss_kb / 1000:.0f} MB, exit {r.rc}",
            file=sys.stderr,
            flush=True,
        )
        if r.rc is None:
            break
    return res


def head(path: Path, n: int = 15) -> str:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    more = f"\n    ... ({len(lines) - n} more lines)" if len(lines) > n else ""
    return "\n".join("    " + line[:300] for line in lines[:n]) + more


# ---------------------------------------------------------------------------
# Workspaces
# ---------------------------------------------------------------------------


def concept_files(ws: Path) -> list[Path]:
    return sorted((ws / "concepts").glob("*.yaml"))


def prepare_workspace(ws: Path, concepts: int, measures: int, seed: int, regenerate: bool) -> None:
    files = concept_files(ws) if ws.exists() else []
    if regenerate or len(files) != concepts:
        t0 = time.perf_counter()
        generate.generate(ws, concepts, measures, seed)
        print(
            f"generated {ws} ({concepts} x {measures}) in {time.perf_counter() - t0:.1f} s",
            file=sys.stderr,
            flush=True,
        )
    else:
        print(f"reusing {ws} ({len(files)} concepts)", file=sys.stderr, flush=True)


def size_mb(files: list[Path]) -> float:
    return sum(f.stat().st_size for f in files) / 1e6


# ---------------------------------------------------------------------------
# Table
# ---------------------------------------------------------------------------


def fmt(x: float | None, digits: int = 3) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def table(results: list[Result]) -> str:
    head_row = [
        "task",
        "tool",
        "files",
        "MB",
        "runs",
        "median s",
        "min s",
        "CPU s",
        "peak MB",
        "sum MB",
        "exit",
        "goal",
    ]
    rows = [head_row, ["---"] * len(head_row)]
    for r in results:
        if r.na:
            goal = r.goal + (" — n/a" if r.goal else "")
            rows.append(
                [
                    r.task,
                    r.tool,
                    str(r.files or ""),
                    fmt(r.mb, 2) if r.mb else "",
                    "0",
                    "n/a",
                    "n/a",
                    "n/a",
                    "n/a",
                    "n/a",
                    "n/a",
                    goal or f"n/a: {r.na}",
                ]
            )
            continue
        mark = "" if r.ok is None else (" — **met**" if r.ok else " — **MISSED**")
        exit_col = r.exit_codes + (f" ({r.note})" if r.note else "")
        rows.append(
            [
                r.task,
                r.tool,
                str(r.files) if r.files is not None else "",
                fmt(r.mb, 2) if r.mb is not None else "",
                str(len(r.runs)),
                fmt(r.median),
                fmt(r.minimum),
                fmt(r.cpu_median),
                fmt(r.peak_mb, 0),
                fmt(r.tree_mb, 0),
                exit_col,
                (r.goal + mark) if r.goal else "",
            ]
        )
    return "\n".join("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows)


def tool_version(exe: Path, args: list[str]) -> str:
    try:
        p = subprocess.run(
            [str(exe), *args], capture_output=True, text=True, timeout=60, check=False
        )
        text = (p.stdout or p.stderr).strip().splitlines()
        return text[0] if text and p.returncode == 0 else f"n/a (exit {p.returncode})"
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"n/a ({e.__class__.__name__})"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def nproc() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 0


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=5, help="timed runs per command (default 5)")
    p.add_argument(
        "--slow-repeat",
        type=int,
        default=1,
        help="timed runs of the peers on the state workspace (default 1)",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=HERE / "results.md",
        help="Markdown file to write (default bench/results.md)",
    )
    p.add_argument(
        "--workdir",
        type=Path,
        help="folder for the workspaces; reused when it already holds them "
        "(default: a temporary folder, removed afterwards)",
    )
    p.add_argument(
        "--regenerate", action="store_true", help="regenerate even when --workdir has them"
    )
    p.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    p.add_argument(
        "--only",
        choices=sorted(WORKSPACES),
        action="append",
        help="measure only this workspace (repeatable)",
    )
    p.add_argument("--no-warmup", action="store_true", help="skip the untimed warm-up run")
    p.add_argument(
        "--timeout",
        type=float,
        default=1800,
        help="seconds before one run is killed (default 1800)",
    )
    args = p.parse_args(argv)

    load_start = os.getloadavg() if hasattr(os, "getloadavg") else None
    bindir = Path(sys.executable).parent
    integ = bindir / "integ"
    cj = bindir / "check-jsonschema"
    yl = bindir / "yamllint"
    if not integ.exists():
        print(
            f"error: {integ} not found; install integ into this virtualenv "
            f"(pip install -e .) and run bench/run.py with its python",
            file=sys.stderr,
        )
        return 2
    for exe in (cj, yl):
        if not exe.exists():
            print(
                f"note: {exe.name} not found in {bindir}: it is marked n/a. "
                f"To compare with it: {INSTALL_HINT}",
                file=sys.stderr,
            )

    tmp = None
    if args.workdir:
        workdir = args.workdir.resolve()
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="integ-bench-")
        workdir = Path(tmp)
    scratch = workdir / "_runs"
    names = args.only or list(WORKSPACES)
    results: list[Result] = []
    problems: list[str] = []
    sizes: dict[str, tuple[int, float]] = {}
    warm = not args.no_warmup
    try:
        # --- start-up -------------------------------------------------------
        print("start-up", file=sys.stderr, flush=True)
        results.append(
            measure(
                Result("start-up (floor)", "python -c pass"),
                [sys.executable, "-c", "pass"],
                workdir,
                scratch / "py",
                args.repeat,
                warm,
                args.timeout,
            )
        )
        r = measure(
            Result("start-up", "integ --version", goal="< 0.1 s"),
            [str(integ), "--version"],
            workdir,
            scratch / "version",
            args.repeat,
            warm,
            args.timeout,
        )
        r.ok = r.median is not None and r.median < 0.1 and r.exit_codes == "0"
        if r.exit_codes != "0":
            problems.append(f"`integ --version` exited {r.exit_codes}:\n{head(r.runs[-1].stderr)}")
        results.append(r)
        integ_version = head(r.runs[-1].stdout, 1).strip() if r.runs else "n/a"

        for name in names:
            n_concepts, n_measures = WORKSPACES[name]
            ws = workdir / name
            prepare_workspace(ws, n_concepts, n_measures, args.seed, args.regenerate)
            files = concept_files(ws)
            mb = size_mb(files)
            sizes[name] = (len(files), mb)
            schema = ws / "integ-concept.schema.json"
            s = subprocess.run(
                [str(integ), "schema", "-o", str(schema)],
                cwd=ws,
                capture_output=True,
                text=True,
                check=False,
            )
            schema_ok = s.returncode == 0 and schema.exists()
            if not schema_ok:
                problems.append(
                    f"`integ schema -o` failed (exit {s.returncode}) in {name}:\n"
                    + "\n".join("    " + x for x in (s.stderr or s.stdout).splitlines()[:15])
                )
            task = f"validate {name}"
            print(task, file=sys.stderr, flush=True)
            slow = name == "state"

            # integ
            goal = "< 0.2 s" if name == "district" else "< 2.5 s and < 300 MB"
            validate_argv = [
                str(integ),
                "validate",
                str(ws / "concepts"),
                "--format",
                "json",
                "--today",
                TODAY,
            ]
            ri = measure(
                Result(task, "integ validate (cold)", len(files), mb, goal=goal),
                validate_argv,
                ws,
                scratch / f"integ-{name}",
                args.repeat,
                warm,
                args.timeout,
            )
            last = ri.runs[-1]
            try:
                data = json.loads(last.stdout.read_text(encoding="utf-8"))
                summ = data.get("summary", {})
                ri.note = (
                    f"{summ.get('files', '?')} files, {summ.get('errors', '?')} errors, "
                    f"{summ.get('warnings', '?')} warnings"
                )
                findings = data.get("findings", [])
                if findings:
                    lines = [
                        f"    {f.get('file')}:{f.get('line')}:{f.get('column')} "
                        f"{f.get('severity')} {f.get('rule')}: {f.get('message')}"
                        for f in findings[:15]
                    ]
                    problems.append(
                        f"integ reported {len(findings)} findings on the {name} "
                        f"workspace (exit {ri.exit_codes}); first ones:\n" + "\n".join(lines)
                    )
                if isinstance(summ.get("files"), int) and summ["files"] < len(files):
                    problems.append(
                        f"integ counted {summ.get('files')} files in {name}, "
                        f"the workspace has {len(files)} concept files"
                    )
            except (ValueError, OSError) as e:
                ri.note = "output not JSON"
                problems.append(
                    f"integ validate on {name} did not print JSON ({e}); exit "
                    f"{ri.exit_codes}; stdout:\n{head(last.stdout)}\nstderr:\n{head(last.stderr)}"
                )
            if ri.exit_codes != "0" and not any(name in p_ and "findings" in p_ for p_ in problems):
                problems.append(
                    f"integ validate on {name} exited {ri.exit_codes}; stderr:\n{head(last.stderr)}"
                )
            results.append(ri)

            # integ, warm: the cache filled by the warm-up run, the same for every run
            warm_cache = Path(tempfile.mkdtemp(prefix="warm-cache-", dir=workdir))
            rw = measure(
                Result(task, "integ validate (warm)", len(files), mb, goal="≥ 5× faster than cold"),
                validate_argv,
                ws,
                scratch / f"integ-warm-{name}",
                args.repeat,
                True,
                args.timeout,
                cache=warm_cache,
            )
            if rw.median and ri.median:
                rw.note = f"cold ÷ warm {ri.median / rw.median:.1f}×"
                rw.ok = ri.median / rw.median >= 5 and rw.exit_codes == "0"
            results.append(rw)

            # check-jsonschema
            rc_ = Result(task, "check-jsonschema", len(files), mb)
            if not cj.exists():
                rc_.na = f"not installed ({INSTALL_HINT})"
            elif not schema_ok:
                rc_.na = "no schema (integ schema failed)"
            else:
                measure(
                    rc_,
                    [str(cj), "--schemafile", str(schema), *map(str, files)],
                    ws,
                    scratch / f"cj-{name}",
                    args.slow_repeat if slow else args.repeat,
                    warm and not slow,
                    args.timeout,
                )
                if rc_.exit_codes != "0":
                    problems.append(
                        f"check-jsonschema on {name} exited {rc_.exit_codes} "
                        f"(the schema and the generated files disagree):\n"
                        f"{head(rc_.runs[-1].stdout)}\n{head(rc_.runs[-1].stderr, 5)}"
                    )
            results.append(rc_)

            # yamllint
            ry = Result(task, "yamllint -d relaxed", len(files), mb)
            if not yl.exists():
                ry.na = f"not installed ({INSTALL_HINT})"
            else:
                measure(
                    ry,
                    [str(yl), "-d", "relaxed", str(ws / "concepts")],
                    ws,
                    scratch / f"yl-{name}",
                    args.slow_repeat if slow else args.repeat,
                    warm and not slow,
                    args.timeout,
                )
                if ry.exit_codes != "0":
                    problems.append(
                        f"yamllint on {name} exited {ry.exit_codes}:\n{head(ry.runs[-1].stdout)}"
                    )
            results.append(ry)

            # goals of integ on this workspace
            if name == "district":
                ri.ok = ri.median is not None and ri.median < 0.2 and ri.exit_codes == "0"
            else:
                mem = max(x for x in (ri.peak_mb, ri.tree_mb, 0.0) if x is not None)
                ri.ok = (
                    ri.median is not None
                    and ri.median < 2.5
                    and ri.peak_mb is not None
                    and mem < 300
                    and ri.exit_codes == "0"
                )
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)

    # --- report ---------------------------------------------------------------
    now = dt.datetime.now().astimezone()
    load_end = os.getloadavg() if hasattr(os, "getloadavg") else None
    info = [
        f"# integ benchmark — {now:%Y-%m-%d %H:%M %Z}",
        "",
        (
            f"- integ: {integ_version}; check-jsonschema: "
            f"{tool_version(cj, ['--version']) if cj.exists() else 'n/a'}; yamllint: "
            f"{tool_version(yl, ['--version']) if yl.exists() else 'n/a'}"
        ),
        f"- Python {platform.python_version()} ({sys.executable}); {platform.platform()}",
        f"- nproc {nproc()}; CPU {cpu_model()}; load average (1 min) at start "
        f"{load_start[0]:.2f}, at end {load_end[0]:.2f} (other work on the machine skews times)"
        if load_start and load_end
        else f"- nproc {nproc()}; CPU {cpu_model()}",
        (
            f"- `--repeat {args.repeat}` (state peers: `--slow-repeat {args.slow_repeat}`), "
            f"{'one untimed warm-up run before each (except the state peers)' if warm else 'no warm-up'}; "
            f"generator seed {args.seed}; integ runs with `--today {TODAY}`"
        ),
    ]
    for name, (n, mb) in sizes.items():
        c, m = WORKSPACES[name]
        info.append(
            f"- {name} workspace: {n} concept files × {m} measures, {mb:.2f} MB "
            f"(`python bench/generate.py DIR --concepts {c} --measures {m} --seed {args.seed}`)"
        )
    info += [
        "",
        (
            f"MB = 10^6 bytes. Peak MB: {RSS_METHOD}, the highest of the runs; "
            "for a command that forks workers that is the largest single process. "
            "Sum MB: the summed RSS of all processes of the command, sampled every 50 ms "
            "(in the warm-up run, else the first run); the 300 MB goal applies to the larger. "
            "CPU s: median user + system time of the command and its workers. "
            "Cold runs get a new empty INTEG_CACHE_DIR each; warm runs share one that "
            "the warm-up run filled. "
            "exit = exit codes seen over all runs (integ: with its summary)."
        ),
        "",
    ]
    md = "\n".join(info) + "\n" + table(results) + "\n"
    if problems:
        md += "\n## Problems\n\n" + "\n\n".join(f"- {p_}" for p_ in problems) + "\n"
    print(md)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(md, encoding="utf-8")
    print(f"written to {args.out}", file=sys.stderr)
    bad = [r for r in results if r.ok is False]
    return 1 if bad or problems else 0


if __name__ == "__main__":
    sys.exit(main())
