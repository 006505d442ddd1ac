#!/usr/bin/env python3
"""Benchmark render, diff/log, check/pre-commit, update and review against their goals.

    python bench/more.py [--repeat 5] [--out bench/results-more.md] [--workdir DIR]

Measures in one run, with the virtualenv's executables (run it with the virtualenv's
Python), on temporary copies and temporary git repositories:

1. render (issue 3): the district concept of the example workspace
   (concepts/landkreis-rastatt.yaml) with ``integ render --to docx`` and ``--to pdf``,
   against bare pandoc (the binary bundled in pypandoc-binary) on integ's own
   intermediate Markdown (``integ render --to md``) and pandoc → Typst +
   ``typst.compile``; integ's overhead factor; where integ's time goes (an in-process
   breakdown with timers around its stages); all 25 concepts of the generated district
   workspace into a folder (wall and CPU time: are both cores used?).
2. history (issue 4): ``integ log FILE --format json`` over 500 commits of a
   150-measure concept against ``git log -p`` (the floor) and loading every revision
   with ruamel.yaml round-trip (the naive way); ``integ diff --from REV --to REV
   --format json`` of two revisions of the 25-concept workspace against deepdiff with
   ``group_by='id'``.
3. check (issue 6): ``integ check --base HEAD~1`` cold and warm, the pre-commit hook's
   ``integ validate --format text FILE`` warm, and the speed-up of the validation cache
   on the 25- and 1,100-concept workspaces.
4. other: bench/update_speed.py and (when it exists) bench/review_speed.py, called as
   they are and their tables included.

Wall time is the median and minimum of N runs (after one untimed warm-up run, unless
said otherwise); CPU time is user+sys of the command and every child it waited for
(GNU ``time -f %U %S`` where /usr/bin/time exists, else ``os.wait4``). Writes the
tables with the date, machine and load average to ``--out`` and prints them. Exits 1
when a goal is missed or something looked wrong. Standard library only (the peers
run in child processes with the virtualenv's packages; a missing one is n/a).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import generate

TODAY = generate.TODAY.isoformat()
EXAMPLE_CONCEPT = "landkreis-rastatt"
PEER_HINT = "pip install deepdiff ruamel.yaml"
LOG_COMMITS = 500  # commits that touch the concept in the log repository (1 adds it)
DIFF_CHANGED = 5  # concepts with one changed status in the diff repository
# What integ's PDF route adds to the metadata (integ/render.py, _pdf); the PDF peer
# gets the same, so that both set the same pages with the same font.
PDF_META = {
    "papersize": "a4",
    "mainfont": "Source Sans Pro",
    "fontsize": "11pt",
    "margin": {"x": "2.3cm", "y": "2.5cm"},
}
# integ's Markdown reader (integ/render.py, READER); taken from integ when importable.
READER_FALLBACK = (
    "markdown-raw_html-raw_tex-raw_attribute-citations-tex_math_dollars"
    "-tex_math_single_backslash-yaml_metadata_block"
)


def note(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Running one child and measuring it
# ---------------------------------------------------------------------------


def _gnu_time() -> str | None:
    """/usr/bin/time if it is GNU time and understands -f '%M %U %S', else None."""
    exe = shutil.which("time", path="/usr/bin:/bin") or ""
    if not exe:
        return None
    with tempfile.NamedTemporaryFile("r") as f:
        try:
            p = subprocess.run(
                [exe, "-f", "%M %U %S", "-o", f.name, sys.executable, "-c", "pass"],
                check=False,
                capture_output=True,
                timeout=30,
            )
            parts = f.read().split()
            return exe if p.returncode == 0 and len(parts) == 3 else None
        except (OSError, subprocess.TimeoutExpired):
            return None


GNU_TIME = _gnu_time()
METHOD = (
    "GNU time -f '%M %U %S' (peak RSS of the command; CPU of the command and "
    "every child it waited for)"
    if GNU_TIME
    else "os.wait4 on the child (peak RSS includes this script's ~20 MB as a floor)"
)


@dataclass
class Run:
    wall: float
    cpu: float | None  # user + sys of the command and its waited-for children
    maxrss_kb: int
    rc: int | None  # None: killed by the timeout
    stdout: Path
    stderr: Path
    busy: list[tuple[int, int]] | None = None  # (threads, processes) running, every 50 ms


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ, NO_COLOR="1")
    for k in (
        "PYTHONDONTWRITEBYTECODE",
        "GITHUB_ACTIONS",
        "GITLAB_CI",
        "FORCE_COLOR",
        "INTEG_TODAY",
    ):
        env.pop(k, None)
    env.update(extra or {})
    return env


class Busy(threading.Thread):
    """Counts, every 50 ms, how many threads of a process group are running or
    runnable (state R), leaving out one pid (GNU time). Linux /proc only.

    CPU/wall shows how much CPU a command got, which depends on what else the machine
    runs; this shows how many processes it kept busy, which is the command's doing."""

    def __init__(self, pgid: int, skip: int | None, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pgid, self.skip, self.interval = pgid, skip, interval
        self.samples: list[tuple[int, int]] = []
        self.stop = threading.Event()

    def sample(self) -> tuple[int, int]:
        """Threads of the group in state R, and processes with at least one such thread
        (pandoc and typst work in threads while the main thread of their process
        sleeps, so the process state alone undercounts)."""
        running = procs = 0
        for d in os.listdir("/proc"):
            if not d.isdigit() or int(d) == self.skip:
                continue
            try:
                with open(f"/proc/{d}/stat", "rb") as f:
                    stat = f.read()
                fields = stat[stat.rindex(b")") + 2 :].split()  # state ppid pgrp ...
                if int(fields[2]) != self.pgid:
                    continue
                here = 0
                for tid in os.listdir(f"/proc/{d}/task"):
                    with open(f"/proc/{d}/task/{tid}/stat", "rb") as f:
                        tstat = f.read()
                    if tstat[tstat.rindex(b")") + 2 : tstat.rindex(b")") + 3] == b"R":
                        here += 1
                running += here
                procs += 1 if here else 0
            except (OSError, ValueError, IndexError):
                continue
        return running, procs

    def run(self) -> None:
        while not self.stop.wait(self.interval):
            self.samples.append(self.sample())


def run_once(
    argv: list[str],
    cwd: Path,
    out_dir: Path,
    timeout: float,
    env: dict[str, str] | None = None,
    busy: bool = False,
) -> Run:
    out_dir.mkdir(parents=True, exist_ok=True)
    so, se, mf = out_dir / "stdout", out_dir / "stderr", out_dir / "rusage"
    full = [GNU_TIME, "-f", "%M %U %S", "-o", str(mf), *argv] if GNU_TIME else argv
    with open(so, "wb") as fo, open(se, "wb") as fe:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            full,
            cwd=cwd,
            stdout=fo,
            stderr=fe,
            stdin=subprocess.DEVNULL,
            env=env or child_env(),
            start_new_session=True,
        )
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        sampler = None
        if busy and os.path.isdir("/proc"):
            sampler = Busy(proc.pid, proc.pid if GNU_TIME else None)
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
    proc.returncode = rc
    maxrss, cpu = ru.ru_maxrss, ru.ru_utime + ru.ru_stime
    if GNU_TIME:
        try:  # "Command exited with non-zero status N" may come first
            m, u, s = mf.read_text().split()[-3:]
            maxrss, cpu = int(m), float(u) + float(s)
        except (OSError, ValueError):
            pass
    return Run(
        wall,
        cpu,
        maxrss,
        None if killed.is_set() else rc,
        so,
        se,
        sampler.samples if sampler else None,
    )


@dataclass
class Result:
    task: str
    tool: str
    runs: list[Run] = field(default_factory=list)
    na: str | None = None
    goal: str = ""
    ok: bool | None = None
    note: str = ""
    warm: bool = True

    @property
    def median(self) -> float | None:
        return statistics.median(r.wall for r in self.runs) if self.runs else None

    @property
    def minimum(self) -> float | None:
        return min(r.wall for r in self.runs) if self.runs else None

    @property
    def cpu(self) -> float | None:
        vals = [r.cpu for r in self.runs if r.cpu is not None]
        return statistics.median(vals) if vals else None

    @property
    def cpu_ratio(self) -> float | None:
        vals = [r.cpu / r.wall for r in self.runs if r.cpu is not None and r.wall > 0]
        return statistics.median(vals) if vals else None

    @property
    def peak_mb(self) -> float | None:
        return max(r.maxrss_kb for r in self.runs) * 1024 / 1e6 if self.runs else None

    @property
    def exit_codes(self) -> str:
        codes = sorted({"timeout" if r.rc is None else str(r.rc) for r in self.runs})
        return "/".join(codes) if codes else "n/a"

    def last_stdout(self) -> str:
        try:
            return self.runs[-1].stdout.read_text(encoding="utf-8", errors="replace")
        except (OSError, IndexError):
            return ""

    def last_stderr(self) -> str:
        try:
            return self.runs[-1].stderr.read_text(encoding="utf-8", errors="replace")
        except (OSError, IndexError):
            return ""

    def time_goal(self, limit: float, text: str | None = None) -> None:
        """Mark the goal 'median < limit seconds' (and every run exited 0)."""
        self.goal = text or f"< {limit:g} s"
        if self.na is None:
            self.ok = self.median is not None and self.median < limit and self.exit_codes == "0"


def measure(
    res: Result,
    argv: list[str],
    cwd: Path,
    scratch: Path,
    repeat: int,
    warmup: bool,
    timeout: float,
    before: Callable[[], None] | None = None,
    env: dict[str, str] | None = None,
    busy: bool = False,
) -> Result:
    """Time argv `repeat` times (after one untimed warm-up run when `warmup`);
    `before` runs before every run (warm-up included) and is not timed."""
    label = f"{res.task} · {res.tool}"
    res.warm = warmup
    if warmup:
        note(f"  {label}: warm-up")
        if before:
            before()
        r = run_once(argv, cwd, scratch, timeout, env)
        if r.rc is None:
            res.runs.append(r)
            return res
    for i in range(repeat):
        if before:
            before()
        r = run_once(argv, cwd, scratch, timeout, env, busy)
        res.runs.append(r)
        note(
            f"  {label}: run {i + 1}/{repeat} {r.wall:.3f} s (CPU {r.cpu or 0:.2f} s), exit {r.rc}"
        )
        if r.rc is None:
            break
    return res


def head(text: str, n: int = 12) -> str:
    lines = text.splitlines()
    more = f"\n    ... ({len(lines) - n} more lines)" if len(lines) > n else ""
    return "\n".join("    " + line[:300] for line in lines[:n]) + more


def fmt(x: float | None, digits: int = 3) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def md_row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def table(results: list[Result]) -> str:
    hdr = [
        "task",
        "tool",
        "runs",
        "median s",
        "min s",
        "CPU s",
        "CPU/wall",
        "peak MB",
        "exit",
        "goal",
    ]
    rows = [md_row(hdr), md_row(["---"] * len(hdr))]
    for r in results:
        if r.na:
            rows.append(
                md_row(
                    [
                        r.task,
                        r.tool,
                        "0",
                        "n/a",
                        "n/a",
                        "n/a",
                        "n/a",
                        "n/a",
                        "n/a",
                        (r.goal + " — " if r.goal else "") + f"n/a: {r.na}",
                    ]
                )
            )
            continue
        mark = "" if r.ok is None else (" — **met**" if r.ok else " — **MISSED**")
        runs = str(len(r.runs)) + ("" if r.warm else "*")
        rows.append(
            md_row(
                [
                    r.task,
                    r.tool,
                    runs,
                    fmt(r.median),
                    fmt(r.minimum),
                    fmt(r.cpu, 2),
                    fmt(r.cpu_ratio, 2),
                    fmt(r.peak_mb, 0),
                    r.exit_codes + (f" ({r.note})" if r.note else ""),
                    (r.goal + mark) if r.goal else "",
                ]
            )
        )
    return "\n".join(rows)


@dataclass
class Ratio:
    name: str
    value: float | None
    goal: str = ""
    ok: bool | None = None
    how: str = ""


def ratio_table(ratios: list[Ratio]) -> str:
    rows = [md_row(["ratio", "value", "how", "goal"]), md_row(["---"] * 4)]
    for r in ratios:
        mark = "" if r.ok is None else (" — **met**" if r.ok else " — **MISSED**")
        rows.append(
            md_row(
                [
                    r.name,
                    "n/a" if r.value is None else f"{r.value:.2f}×",
                    r.how,
                    (r.goal + mark) if r.goal else "",
                ]
            )
        )
    return "\n".join(rows)


def div(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


# ---------------------------------------------------------------------------
# git helpers (for building the repositories; not timed)
# ---------------------------------------------------------------------------

AUTHORS = [
    ("Lena Demir", "l.demir@example.org"),
    ("Jan Yilmaz", "j.yilmaz@example.org"),
    ("Erika Beispiel", "e.beispiel@example.org"),
]
EPOCH = 1704700800  # 2024-01-08 08:00 UTC


def git_env(when: int = EPOCH, who: int = 0) -> dict[str, str]:
    name, mail = AUTHORS[who % len(AUTHORS)]
    stamp = f"@{when} +0100"
    return child_env(
        {
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": mail,
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": mail,
            "GIT_COMMITTER_DATE": stamp,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_TERMINAL_PROMPT": "0",
        }
    )


def git(
    repo: Path, *args: str, env: dict[str, str] | None = None, data: bytes | None = None
) -> str:
    done = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null", *args],
        cwd=repo,
        input=data,
        check=False,
        capture_output=True,
        env=env or git_env(),
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"git {' '.join(args[:3])} failed in {repo}: "
            f"{done.stderr.decode('utf-8', 'replace').strip()}"
        )
    return done.stdout.decode("utf-8", "replace")


def commit_all(repo: Path, message: str, when: int, who: int = 0) -> None:
    git(repo, "add", "-A", env=git_env(when, who))
    git(repo, "commit", "-q", "-m", message, env=git_env(when, who))


def change_status(path: Path, old: str = "ongoing", new: str = "completed") -> str:
    """Change the first measure with status `old` to `new`; returns its id."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("measures:")
    mid = "?"
    for i in range(start, len(lines)):
        if lines[i].startswith("  - id: "):
            mid = lines[i][8:].strip()
        if lines[i] == f"    status: {old}":
            lines[i] = f"    status: {new}"
            path.write_text("\n".join(lines), encoding="utf-8")
            return mid
    raise RuntimeError(f"{path}: no measure with status {old}")


# ---------------------------------------------------------------------------
# Child scripts (run with the virtualenv's Python, so imports are timed too)
# ---------------------------------------------------------------------------

# An in-process breakdown of one `integ render`: timers around integ's stages (each
# stage's own time, without the stages it calls), then integ's CLI as usual.
PROFILE_RENDER = r"""
import functools, json, sys, time
T0 = time.perf_counter()
out_path, fmt_, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
stats, stack = {}, []

def wrap(owner, attr, name, skip_inside=None):
    fn = getattr(owner, attr, None)
    if fn is None:  # not in this version of integ
        return
    @functools.wraps(fn)
    def inner(*a, **k):
        if skip_inside and any(s[0] == skip_inside for s in stack):
            return fn(*a, **k)
        stack.append([name, 0.0]); t = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            spent = time.perf_counter() - t
            _, inner_ = stack.pop()
            s = stats.setdefault(name, [0.0, 0]); s[0] += spent - inner_; s[1] += 1
            if stack:
                stack[-1][1] += spent
    setattr(owner, attr, inner)

t = time.perf_counter()
import integ.cli, integ.render, integ.charts, integ.yaml_io, integ.view, jinja2, typst
if fmt_ == "docx":
    import docx, integ.docx_reference
label = "imports (integ CLI, render, jinja2, typst" + (", python-docx)" if fmt_ == "docx" else ")")
stats[label] = [time.perf_counter() - t, 1]
R, C = integ.render, integ.charts
wrap(integ.yaml_io, "load", "read the concept (YAML)")
wrap(R, "check_renderable", "validate the concept")
wrap(R, "markdown_for", "view + Jinja templates")
wrap(C, "status_chart", "charts: build SVG")
wrap(C, "indicator_chart", "charts: build SVG")
wrap(C, "write_svg", "charts: write SVG files")
wrap(C, "to_png", "charts: SVG to PNG (typst)")
wrap(C, "to_pngs", "charts: SVG to PNG (typst)")
wrap(R, "_pandoc", "pandoc (subprocess)")
wrap(typst, "compile", "typst.compile of the document", skip_inside="charts: SVG to PNG (typst)")
if fmt_ == "docx":
    wrap(integ.docx_reference, "build_reference_docx", "reference.docx (python-docx)")
    wrap(R, "_finish_docx", "finish the DOCX (python-docx)")
sys.argv = ["integ", *argv]
rc = 0
try:
    integ.cli.main()
except SystemExit as exc:
    rc = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
total = time.perf_counter() - T0
json.dump({"total": total, "stages": {k: v[0] for k, v in stats.items()},
           "calls": {k: v[1] for k, v in stats.items()}}, open(out_path, "w"))
sys.exit(rc)
"""

# Rasterise integ's SVG charts to PNG the way integ does (integ.charts.to_png), once,
# so that the bare pandoc DOCX peer has the same pictures (not timed).
SVG_TO_PNG = r"""
import sys, types
from pathlib import Path
from integ import charts
for svg in sorted(Path(sys.argv[1]).glob("*.svg")):
    chart = types.SimpleNamespace(svg=svg.read_text(encoding="utf-8"))
    charts.to_png(chart, svg.with_suffix(".png"))
"""

# Run integ's CLI once and keep the Markdown and metadata that integ hands to pandoc
# for the DOCX (pictures inline as data: URIs, since pandoc runs with --sandbox).
CAPTURE_DOCX = r"""
import shutil, sys
from pathlib import Path
import integ.cli, integ.render as R
out = Path(sys.argv[1])
original = R._pandoc
def capture(args, source):
    (out / "integ-docx-input.md").write_text(source, encoding="utf-8")
    shutil.copy(args[args.index("--metadata-file") + 1], out / "integ-docx-meta.json")
    return original(args, source)
R._pandoc = capture
sys.argv = ["integ", *sys.argv[2:]]
integ.cli.main()
"""

# Bare pandoc -> Typst and typst.compile, as one process.
PEER_PDF = r"""
import json, subprocess, sys, time
pandoc, reader, meta, body, fonts, out, mode, lua = sys.argv[1:9]
t0 = time.perf_counter()
cmd = [pandoc, "--from", reader, "--to", "typst", "--standalone", "--metadata-file", meta]
if mode == "ua":
    cmd += ["--lua-filter", lua]
subprocess.run(cmd + ["--output", "peer.typ", body], check=True)
t1 = time.perf_counter()
import typst
t2 = time.perf_counter()
kw = {"pdf_standards": ["ua-1"]} if mode == "ua" else {}
typst.compile("peer.typ", output=out, root=".", font_paths=[fonts], ignore_system_fonts=True, **kw)
t3 = time.perf_counter()
print(json.dumps({"pandoc": t1 - t0, "import typst": t2 - t1, "typst.compile": t3 - t2}))
"""

# The naive way to a concept's history: every revision through ruamel.yaml rt.
NAIVE_LOG = r"""
import json, subprocess, sys, time
path = sys.argv[1]
t0 = time.perf_counter()
shas = subprocess.run(["git", "log", "--format=%H", "--", path], capture_output=True,
                      text=True, check=True).stdout.split()
batch = subprocess.run(["git", "cat-file", "--batch"], capture_output=True, check=True,
                       input="".join(f"{s}:{path}\n" for s in shas).encode()).stdout
blobs, at = [], 0
while at < len(batch):
    nl = batch.index(b"\n", at)
    size = int(batch[at:nl].split()[2])
    blobs.append(batch[nl + 1:nl + 1 + size])
    at = nl + 1 + size + 1
t1 = time.perf_counter()
from ruamel.yaml import YAML
yaml = YAML(typ="rt")
n, previous = 0, None
for b in blobs:  # newest first; a log would compare each with the one before it
    doc = yaml.load(b)
    n += 1
    previous = doc
t2 = time.perf_counter()
print(json.dumps({"revisions": n, "git": t1 - t0, "load": t2 - t1}))
"""

# deepdiff on the measures of every concept of two revisions, read with one
# `git cat-file --batch` and loaded with PyYAML's CSafeLoader.
DEEPDIFF = r"""
import json, subprocess, sys, time
old_rev, new_rev, folder = sys.argv[1:4]
t0 = time.perf_counter()
def names(rev):
    out = subprocess.run(["git", "ls-tree", "-r", "--name-only", rev, "--", folder],
                         capture_output=True, text=True, check=True).stdout.split()
    return [n for n in out if n.endswith((".yaml", ".yml"))]
files = sorted(set(names(old_rev)) | set(names(new_rev)))
specs = [f"{rev}:{n}" for n in files for rev in (old_rev, new_rev)]
batch = subprocess.run(["git", "cat-file", "--batch"], capture_output=True, check=True,
                       input="".join(s + "\n" for s in specs).encode()).stdout
blobs, at = [], 0
while at < len(batch):
    nl = batch.index(b"\n", at)
    parts = batch[at:nl].split()
    if parts[-1] == b"missing":
        blobs.append(None); at = nl + 1; continue
    size = int(parts[2])
    blobs.append(batch[nl + 1:nl + 1 + size])
    at = nl + 1 + size + 1
t1 = time.perf_counter()
import yaml
datas = [yaml.load(b, Loader=yaml.CSafeLoader) if b is not None else {} for b in blobs]
t2 = time.perf_counter()
from deepdiff import DeepDiff
t3 = time.perf_counter()
changed = 0
for i in range(0, len(datas), 2):
    a = (datas[i] or {}).get("measures") or []
    b = (datas[i + 1] or {}).get("measures") or []
    if DeepDiff(a, b, group_by="id"):
        changed += 1
t4 = time.perf_counter()
print(json.dumps({"concepts": len(files), "changed": changed, "git": t1 - t0,
                  "load": t2 - t1, "import deepdiff": t3 - t2, "diff": t4 - t3}))
"""


def child_json(res: Result) -> list[dict]:
    """The JSON line each timed run of a child script printed (for its inner split)."""
    out = []
    for r in res.runs:
        try:
            out.append(json.loads(r.stdout.read_text().strip().splitlines()[-1]))
        except (OSError, ValueError, IndexError):
            pass
    return out


def med(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


# ---------------------------------------------------------------------------
# The sections
# ---------------------------------------------------------------------------


@dataclass
class Ctx:
    args: argparse.Namespace
    work: Path
    scratch: Path
    integ: Path
    py: str
    problems: list[str] = field(default_factory=list)
    sections: dict[str, list[Result]] = field(default_factory=dict)
    ratios: dict[str, list[Ratio]] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)  # section -> more Markdown
    district: Path | None = None
    missed: list[str] = field(default_factory=list)  # goals missed outside the tables

    def m(
        self,
        res: Result,
        argv: list[str],
        cwd: Path,
        key: str,
        repeat: int | None = None,
        warmup: bool | None = None,
        **kw,
    ) -> Result:
        return measure(
            res,
            argv,
            cwd,
            self.scratch / key,
            self.args.repeat if repeat is None else repeat,
            (not self.args.no_warmup) if warmup is None else warmup,
            self.args.timeout,
            **kw,
        )

    def check_exit(self, res: Result, what: str, want: str = "0") -> None:
        if res.na is None and res.exit_codes != want:
            self.problems.append(
                f"{what} exited {res.exit_codes}; stderr:\n"
                f"{head(res.last_stderr())}\nstdout:\n{head(res.last_stdout())}"
            )

    def district_ws(self) -> Path:
        """The generated 25-concept workspace (template; copy before changing it)."""
        if self.district is None:
            ws = self.work / "district"
            if len(list((ws / "concepts").glob("*.yaml"))) != 25:
                generate.generate(ws, 25, 150, self.args.seed)
                subprocess.run(
                    [str(self.integ), "schema", "-o", str(ws / "integ-concept.schema.json")],
                    cwd=ws,
                    check=False,
                    capture_output=True,
                )
            self.district = ws
        return self.district


def pandoc_binary() -> Path:
    return Path(sysconfig.get_paths()["purelib"]) / "pypandoc" / "files" / "pandoc"


def reader() -> str:
    try:
        from integ.render import READER

        return READER
    except Exception:  # noqa: BLE001 - integ not importable here: use the copy
        return READER_FALLBACK


def have(module: str) -> bool:
    try:
        return find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def section_render(c: Ctx) -> None:
    results: list[Result] = []
    ratios: list[Ratio] = []
    c.sections["render"], c.ratios["render"] = results, ratios
    ex = c.work / "example"
    shutil.rmtree(ex, ignore_errors=True)
    (ex / "concepts").mkdir(parents=True)
    for name in ("integ.yaml", "actors.yaml"):
        shutil.copy2(ROOT / name, ex / name)
    for f in (ROOT / "concepts").glob("*.yaml"):
        shutil.copy2(f, ex / "concepts" / f.name)
    concept = f"concepts/{EXAMPLE_CONCEPT}.yaml"
    integ = str(c.integ)
    today = ["--today", TODAY]
    task_d, task_p = "render district · DOCX", "render district · PDF"

    # integ end to end
    rd = c.m(
        Result(task_d, "integ render --to docx"),
        [integ, "render", concept, "--to", "docx", "-o", str(ex / "out" / "integ.docx"), *today],
        ex,
        "render-docx",
    )
    rd.time_goal(1.5)
    c.check_exit(rd, "integ render --to docx")
    results.append(rd)

    # the same with a reference document given (integ does not build one)
    ref = ex / "out" / "reference.docx"
    made = subprocess.run(
        [
            c.py,
            "-c",
            (
                "import sys; from pathlib import Path; "
                "from integ.docx_reference import build_reference_docx as b; "
                "b(Path(sys.argv[1]), header='Landkreis Rastatt')"
            ),
            str(ref),
        ],
        check=False,
        capture_output=True,
        text=True,
    )
    rr = Result(task_d, "integ render --to docx --reference-doc (prebuilt)")
    if made.returncode == 0 and ref.is_file():
        c.m(
            rr,
            [
                integ,
                "render",
                concept,
                "--to",
                "docx",
                "--reference-doc",
                str(ref),
                "-o",
                str(ex / "out" / "integ-ref.docx"),
                *today,
            ],
            ex,
            "render-docx-ref",
        )
        c.check_exit(rr, "integ render --to docx --reference-doc")
    else:
        rr.na = f"could not build a reference document: {made.stderr.strip()[-200:]}"
    results.append(rr)

    # integ's intermediate Markdown -> metadata file + body, the peers' input
    mdir = ex / "md"
    mdir.mkdir()
    done = subprocess.run(
        [integ, "render", concept, "--to", "md", "-o", str(mdir / f"{EXAMPLE_CONCEPT}.md"), *today],
        cwd=ex,
        check=False,
        capture_output=True,
        text=True,
        env=child_env(),
    )
    pandoc = pandoc_binary()
    md_ok = done.returncode == 0
    peer_na = None
    if not md_ok:
        peer_na = "integ render --to md failed"
        c.problems.append(f"`integ render --to md` exited {done.returncode}:\n{head(done.stderr)}")
    elif not pandoc.is_file():
        peer_na = f"no bundled pandoc at {pandoc} (pip install pypandoc-binary)"
    else:
        text = (mdir / f"{EXAMPLE_CONCEPT}.md").read_text(encoding="utf-8")
        end = text.index("\n---\n", 4)
        meta = json.loads(text[4:end])
        body = text[end + 5 :]
        (mdir / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        (mdir / "meta-pdf.json").write_text(
            json.dumps({**meta, **PDF_META}, ensure_ascii=False), encoding="utf-8"
        )
        (mdir / "body.md").write_text(body, encoding="utf-8")
        # DOCX peer: the same pictures as PNG (pandoc cannot put SVG into DOCX without
        # rsvg-convert); integ does this conversion itself, inside its timed run.
        pics = mdir / f"{EXAMPLE_CONCEPT}_bilder"
        png = subprocess.run(
            [c.py, "-c", SVG_TO_PNG, str(pics)], check=False, capture_output=True, text=True
        )
        if png.returncode == 0:
            (mdir / "body-png.md").write_text(
                re.sub(r"(_bilder/[^)\s]+)\.svg\)", r"\1.png)", body), encoding="utf-8"
            )
        else:
            c.problems.append(
                f"could not turn the SVG charts into PNG for the DOCX peer; it "
                f"runs without pictures:\n{head(png.stderr)}"
            )
            (mdir / "body-png.md").write_text(body, encoding="utf-8")
    pd_ = Result(task_d, "bare pandoc (md → docx, default reference)")
    if peer_na:
        pd_.na = peer_na
    else:
        c.m(
            pd_,
            [
                str(pandoc),
                "--from",
                reader(),
                "--metadata-file",
                "meta.json",
                "--output",
                "peer.docx",
                "body-png.md",
            ],
            mdir,
            "peer-docx",
        )
        c.check_exit(pd_, "bare pandoc (docx)")
    results.append(pd_)
    # the same bare pandoc on the very Markdown integ gives it for DOCX
    pc = Result(task_d, "bare pandoc on integ's DOCX input (pictures as data: URIs)")
    cap = subprocess.run(
        [
            c.py,
            "-c",
            CAPTURE_DOCX,
            str(mdir),
            "render",
            concept,
            "--to",
            "docx",
            "-o",
            str(ex / "out" / "capture.docx"),
            *today,
        ],
        cwd=ex,
        check=False,
        capture_output=True,
        text=True,
        env=child_env(),
    )
    if peer_na:
        pc.na = peer_na
    elif cap.returncode != 0 or not (mdir / "integ-docx-input.md").is_file():
        pc.na = "could not capture integ's pandoc input"
        c.problems.append(f"capturing integ's DOCX Markdown failed:\n{head(cap.stderr)}")
    else:
        c.m(
            pc,
            [
                str(pandoc),
                "--from",
                reader(),
                "--metadata-file",
                "integ-docx-meta.json",
                "--output",
                "capture.docx",
                "integ-docx-input.md",
            ],
            mdir,
            "peer-docx-capture",
        )
        c.check_exit(pc, "bare pandoc on integ's DOCX input")
        kb = (mdir / "integ-docx-input.md").stat().st_size / 1000
        pc.note = f"input {kb:.0f} KB, body.md {(mdir / 'body.md').stat().st_size / 1000:.0f} KB"
    results.append(pc)

    rp = c.m(
        Result(task_p, "integ render --to pdf"),
        [integ, "render", concept, "--to", "pdf", "-o", str(ex / "out" / "integ.pdf"), *today],
        ex,
        "render-pdf",
    )
    rp.time_goal(2.5)
    c.check_exit(rp, "integ render --to pdf")
    results.append(rp)

    peers_pdf = []
    lua = ROOT / "integ" / "filters" / "integ.lua"
    for mode, label in (
        ("bare", "bare pandoc → typst + typst.compile"),
        ("ua", "the same + integ's Lua filter + PDF/UA-1"),
    ):
        pp = Result(task_p, label)
        if peer_na:
            pp.na = peer_na
        elif not have("typst"):
            pp.na = "the typst package is not installed (pip install typst)"
        else:
            c.m(
                pp,
                [
                    c.py,
                    "-c",
                    PEER_PDF,
                    str(pandoc),
                    reader(),
                    "meta-pdf.json",
                    "body.md",
                    str(ROOT / "integ" / "fonts"),
                    f"peer-{mode}.pdf",
                    mode,
                    str(lua),
                ],
                mdir,
                f"peer-pdf-{mode}",
            )
            c.check_exit(pp, f"PDF peer ({mode})")
            split = child_json(pp)
            if split:
                pp.note = ", ".join(f"{k} {med([s[k] for s in split]):.2f} s" for k in split[0])
        peers_pdf.append(pp)
        results.append(pp)

    # overhead factors
    ratios.append(
        Ratio(
            "integ ÷ bare pandoc, DOCX",
            div(rd.median, pd_.median),
            "≤ 1.3×",
            how="medians of `render --to docx` and pandoc md → docx",
        )
    )
    ratios.append(
        Ratio(
            "integ --reference-doc ÷ bare pandoc, DOCX",
            div(rr.median, pd_.median),
            how="without building the reference document",
        )
    )
    ratios.append(
        Ratio(
            "pandoc on integ's DOCX input ÷ bare pandoc",
            div(pc.median, pd_.median),
            how="what inline data: URIs cost pandoc",
        )
    )
    ratios.append(
        Ratio(
            "integ ÷ bare pandoc + typst, PDF",
            div(rp.median, peers_pdf[0].median),
            "≤ 1.3×",
            how="medians of `render --to pdf` and the bare peer",
        )
    )
    ratios.append(
        Ratio(
            "integ ÷ pandoc + typst with filter and PDF/UA, PDF",
            div(rp.median, peers_pdf[1].median),
            how="against the same conversion integ runs",
        )
    )
    for r in ratios:
        if r.goal:
            r.ok = r.value is not None and r.value <= 1.3

    # where integ's time goes (in-process timers around its stages)
    breakdown = []
    for fmt_, res_ in (("docx", rd), ("pdf", rp)):
        stages: dict[str, list[float]] = {}
        totals, walls = [], []
        for i in range(max(1, c.args.repeat)):
            out = c.scratch / f"profile-{fmt_}.json"
            t0 = time.perf_counter()
            p = subprocess.run(
                [
                    c.py,
                    "-c",
                    PROFILE_RENDER,
                    str(out),
                    fmt_,
                    "render",
                    concept,
                    "--to",
                    fmt_,
                    "-o",
                    str(ex / "out" / f"profile.{fmt_}"),
                    *today,
                ],
                cwd=ex,
                check=False,
                capture_output=True,
                text=True,
                env=child_env(),
            )
            wall = time.perf_counter() - t0
            if p.returncode != 0 or not out.is_file():
                c.problems.append(f"the render breakdown ({fmt_}) failed:\n{head(p.stderr)}")
                break
            data = json.loads(out.read_text())
            walls.append(wall)
            totals.append(data["total"])
            for k, v in data["stages"].items():
                stages.setdefault(k, []).append(v)
        if not walls:
            continue
        rows = [(k, med(v)) for k, v in stages.items()]
        rest = med(totals) - sum(v for _, v in rows)
        rows.append(("rest (CLI, workspace, escaping, writing files)", rest))
        rows.append(("interpreter start-up and exit (wall − in-process)", med(walls) - med(totals)))
        breakdown.append((fmt_, med(walls), rows))
    peers_note = (
        "Peers: the bundled pandoc on integ's intermediate Markdown (`integ render --to md`, "
        "its JSON front matter as `--metadata-file`, the same reader extensions). The DOCX "
        "peer uses pandoc's default reference document and reads the 25 charts as PNG files "
        "made beforehand, untimed, with integ's own rasteriser (pandoc cannot put SVG into "
        "DOCX without rsvg-convert); integ makes them inside its timed run. The PDF peers get "
        "the same metadata plus integ's page settings (A4, Source Sans Pro 11 pt, margins) "
        "and integ's fonts; the bare one has no Lua filter and no PDF/UA (pandoc 3.9 drops "
        "alt text, so PDF/UA-1 fails without integ's filter), the second runs integ's filter "
        "and PDF/UA-1 like integ does."
    )
    lines = [peers_note, ""]
    if breakdown:
        lines += [
            (
                "Where `integ render` spends its time (in-process timers around each stage, "
                "each stage without the stages it calls; medians of "
                f"{max(1, c.args.repeat)} runs with the timers, so the total is slightly "
                "above the table's):"
            ),
            "",
        ]
        for fmt_, wall, rows in breakdown:
            lines += [
                f"**{fmt_.upper()}** — {wall:.3f} s in all",
                "",
                md_row(["stage", "s", "share"]),
                md_row(["---", "---:", "---:"]),
            ]
            for k, v in sorted(rows, key=lambda kv: -kv[1]):
                lines.append(md_row([k, f"{v:.3f}", f"{100 * v / wall:.0f} %"]))
            lines.append("")
    c.extra["render"] = "\n".join(lines)

    # all 25 concepts of the generated district workspace into a folder
    ws = c.district_ws()
    target = c.work / "render-all"

    def clean() -> None:
        shutil.rmtree(target, ignore_errors=True)

    ra = c.m(
        Result("render 25 concepts → folder · PDF", "integ render --to pdf -o DIR"),
        [integ, "render", "--to", "pdf", "-o", str(target), *today],
        ws,
        "render-all",
        repeat=c.args.slow_repeat,
        warmup=False,
        before=clean,
        busy=True,
    )
    c.check_exit(ra, "integ render --to pdf -o DIR (25 concepts)")
    made_pdfs = len(list(target.glob("*.pdf"))) if target.is_dir() else 0
    samples = [n for r in ra.runs for n in (r.busy or [])]
    two = sum(1 for _, p in samples if p >= 2) / len(samples) if samples else None
    ra.note = f"{made_pdfs} PDFs" + (
        f"; of {len(samples)} samples (50 ms): ≥ 2 processes running in {100 * two:.0f} %, "
        f"{statistics.mean(p for _, p in samples):.2f} processes and "
        f"{statistics.mean(n for n, _ in samples):.2f} threads running on average"
        if samples
        else ""
    )
    ra.goal = "both cores: ≥ 2 of its processes running most of the time"
    ra.ok = (
        ra.exit_codes == "0"
        and made_pdfs == 25
        and (two >= 0.5 if two is not None else (ra.cpu_ratio or 0) > 1.0)
    )
    results.append(ra)
    ratios.append(
        Ratio(
            "CPU ÷ wall, 25 PDFs into a folder",
            ra.cpu_ratio,
            how="user+sys of integ and its workers ÷ wall; above 1 only when "
            "the machine has a core to spare (see the load average)",
        )
    )


def make_log_repo(c: Ctx) -> tuple[Path, str]:
    """A repository with one 150-measure concept and LOG_COMMITS commits that touch it
    (pinned authors and dates), written with one `git fast-import`."""
    repo = c.work / "log-repo"
    src = c.work / "log-src"
    shutil.rmtree(repo, ignore_errors=True)
    generate.generate(src, 2, 150, c.args.seed)
    path = "concepts/landkreis-bench.yaml"
    text = (src / path).read_text(encoding="utf-8")
    lines = text.split("\n")
    start = lines.index("measures:")
    owner: list[str] = [""] * len(lines)  # the measure or indicator a line belongs to
    current = ""
    status_at, title_at, value_at = [], [], []
    titles: dict[int, str] = {}
    value_re = re.compile(r"^( +- \{year: (\d+), value: )([0-9.]+)(.*)$")
    for i, line in enumerate(lines):
        if line.startswith(("  - id: ", "          - id: ")):
            current = line.split("id: ", 1)[1].strip()
        owner[i] = current
        if (
            i > start
            and line.startswith("    status: ")
            and line[12:] in ("planned", "ongoing", "completed")
        ):
            status_at.append(i)
        if i > start and line.startswith("    title: ") and line[11:12] not in "\"'":
            title_at.append(i)
            titles[i] = line
        if i < start and value_re.match(line):
            value_at.append(i)
    rng = random.Random(f"{c.args.seed}:log")
    cycle = ["planned", "ongoing", "completed"]
    chunks: list[bytes] = []

    def blob(data: bytes) -> bytes:
        return b"data %d\n" % len(data) + data + b"\n"

    for n in range(LOG_COMMITS):
        when = EPOCH + n * 17 * 3600
        name, mail = AUTHORS[n % len(AUTHORS)]
        files = {}
        if n == 0:
            msg = "Konzept angelegt"
            files = {
                "integ.yaml": (src / "integ.yaml").read_bytes(),
                "actors.yaml": (src / "actors.yaml").read_bytes(),
            }
        else:
            kind = n % 3
            if kind == 0:
                i = rng.choice(status_at)
                old = lines[i][12:]
                new = cycle[(cycle.index(old) + 1) % len(cycle)]
                lines[i] = f"    status: {new}"
                msg = f"{owner[i]}: Status {old} → {new}"
            elif kind == 1:
                i = rng.choice(title_at)
                lines[i] = f"{titles[i]} (Fassung {n})"
                msg = f"{owner[i]}: Titel überarbeitet"
            else:
                i = rng.choice(value_at)
                m = value_re.match(lines[i])
                assert m
                v = m.group(3)
                nv = f"{float(v) + 0.1:.1f}" if "." in v else str(int(v) + 1)
                lines[i] = f"{m.group(1)}{nv}{m.group(4)}"
                msg = f"{owner[i]}: Wert {m.group(2)} aktualisiert"
        files[path] = "\n".join(lines).encode("utf-8")
        head_ = (
            f"commit refs/heads/main\nmark :{n + 1}\n"
            f"author {name} <{mail}> {when} +0100\n"
            f"committer {name} <{mail}> {when} +0100\n"
        ).encode()
        chunks.append(head_ + blob(msg.encode("utf-8")))
        if n:
            chunks.append(b"from :%d\n" % n)
        for fname, data in files.items():
            chunks.append(f"M 100644 inline {fname}\n".encode() + blob(data))
        chunks.append(b"\n")
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "fast-import", "--quiet", data=b"".join(chunks))
    git(repo, "reset", "-q", "--hard", "main")
    return repo, path


def section_history(c: Ctx) -> None:
    results: list[Result] = []
    ratios: list[Ratio] = []
    c.sections["history"], c.ratios["history"] = results, ratios
    integ = str(c.integ)
    note("history: building the log repository")
    repo, path = make_log_repo(c)
    count = git(repo, "rev-list", "--count", "HEAD", "--", path).strip()
    size_kb = (repo / path).stat().st_size / 1000
    task = f"log · {count} commits of a 150-measure concept ({size_kb:.0f} KB)"
    rl = c.m(
        Result(task, "integ log FILE --format json"),
        [integ, "log", path, "--format", "json"],
        repo,
        "log-integ",
    )
    rl.time_goal(3)
    c.check_exit(rl, "integ log")
    try:
        data = json.loads(rl.last_stdout())
        entries = data if isinstance(data, list) else data.get("entries", data.get("commits", []))
        rl.note = f"{len(entries)} entries"
        if len(entries) != int(count):
            c.problems.append(
                f"integ log listed {len(entries)} entries, the file has {count} commits"
            )
    except ValueError:
        rl.note = "output not JSON"
    results.append(rl)
    rg = c.m(
        Result(task, "git log -p -- FILE (floor)"),
        ["git", "log", "-p", "--", path],
        repo,
        "log-git",
    )
    c.check_exit(rg, "git log -p")
    results.append(rg)
    rn = Result(task, "ruamel.yaml rt, every revision (naive)")
    if not have("ruamel.yaml"):
        rn.na = f"ruamel.yaml not installed ({PEER_HINT})"
    else:
        c.m(
            rn,
            [c.py, "-c", NAIVE_LOG, path],
            repo,
            "log-naive",
            repeat=c.args.slow_repeat,
            warmup=False,
        )
        c.check_exit(rn, "the naive log (ruamel.yaml)")
        split = child_json(rn)
        if split:
            rn.note = (
                f"{split[-1]['revisions']} revisions; git "
                f"{med([s['git'] for s in split]):.2f} s, "
                f"load {med([s['load'] for s in split]):.1f} s"
            )
    results.append(rn)
    ratios.append(
        Ratio("integ log ÷ git log -p", div(rl.median, rg.median), how="how far above the floor")
    )
    ratios.append(
        Ratio(
            "naive ruamel ÷ integ log",
            div(rn.median, rl.median),
            how="how much faster than loading every revision",
        )
    )

    # diff of two revisions of the 25-concept workspace
    note("history: building the diff repository")
    drepo = c.work / "diff-repo"
    shutil.rmtree(drepo, ignore_errors=True)
    shutil.copytree(c.district_ws(), drepo, ignore=shutil.ignore_patterns(".integ_cache"))
    git(drepo, "init", "-q", "-b", "main")
    commit_all(drepo, "Arbeitsbereich angelegt", EPOCH)
    files = sorted((drepo / "concepts").glob("*.yaml"))
    changed = [f for f in files if f.stem != "landkreis-bench"][:DIFF_CHANGED]
    for f in changed:
        change_status(f)
    commit_all(drepo, f"Status in {len(changed)} Konzepten fortgeschrieben", EPOCH + 86400, 1)
    task = f"diff · 25 concepts, two revisions, {len(changed)} changed"
    rdf = c.m(
        Result(task, "integ diff --from HEAD~1 --to HEAD --format json"),
        [integ, "diff", "--from", "HEAD~1", "--to", "HEAD", "--format", "json"],
        drepo,
        "diff-integ",
    )
    rdf.time_goal(1)
    c.check_exit(rdf, "integ diff")
    try:
        data = json.loads(rdf.last_stdout())
        items = data if isinstance(data, list) else data.get("concepts", data.get("diffs", []))
        n_changed = sum(1 for d in items if isinstance(d, dict) and d.get("changes"))
        rdf.note = f"{n_changed} concepts with changes"
        if n_changed != len(changed):
            c.problems.append(
                f"integ diff reported {n_changed} changed concepts, {len(changed)} were changed"
            )
    except (ValueError, AttributeError):
        rdf.note = "output not JSON"
    results.append(rdf)
    rdd = Result(task, "deepdiff group_by='id' (PyYAML CSafeLoader, load included)")
    if not have("deepdiff"):
        rdd.na = f"deepdiff not installed ({PEER_HINT})"
        note(f"note: deepdiff is not installed: the diff peer is n/a. To compare: {PEER_HINT}")
    elif not have("yaml"):
        rdd.na = "PyYAML not installed (pip install pyyaml)"
    else:
        c.m(rdd, [c.py, "-c", DEEPDIFF, "HEAD~1", "HEAD", "concepts"], drepo, "diff-deepdiff")
        c.check_exit(rdd, "the deepdiff peer")
        split = child_json(rdd)
        if split:
            rdd.note = (
                f"{split[-1]['changed']} concepts with changes; git "
                f"{med([s['git'] for s in split]):.2f} s, load "
                f"{med([s['load'] for s in split]):.2f} s, import "
                f"{med([s['import deepdiff'] for s in split]):.2f} s, DeepDiff "
                f"{med([s['diff'] for s in split]):.2f} s"
            )
    results.append(rdd)
    ratios.append(
        Ratio(
            "deepdiff ÷ integ diff",
            div(rdd.median, rdf.median),
            how="whole processes, both read from git and load YAML",
        )
    )


def section_check(c: Ctx) -> None:
    results: list[Result] = []
    ratios: list[Ratio] = []
    c.sections["check"], c.ratios["check"] = results, ratios
    integ = str(c.integ)
    today = ["--today", TODAY]
    repo = c.work / "check-repo"
    shutil.rmtree(repo, ignore_errors=True)
    shutil.copytree(c.district_ws(), repo, ignore=shutil.ignore_patterns(".integ_cache"))
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "Arbeitsbereich angelegt", EPOCH)
    changed = repo / "concepts" / "stadt-0001.yaml"
    if not changed.exists():
        changed = min(p for p in (repo / "concepts").glob("*.yaml") if p.stem != "landkreis-bench")
    change_status(changed)
    commit_all(repo, "Maßnahme abgeschlossen", EPOCH + 86400, 1)
    rel = changed.relative_to(repo).as_posix()
    cache = c.work / "integ-cache-check"  # the cache lives outside the work tree
    os.environ["INTEG_CACHE_DIR"] = str(cache)

    def empty_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir()

    check = [integ, "check", "--base", "HEAD~1", "--format", "json", *today]
    task = "check --base HEAD~1 · 25 concepts, 1 changed"
    r1 = c.m(
        Result(task, "integ check --no-cache (cold)"), [*check, "--no-cache"], repo, "check-nocache"
    )
    r1.time_goal(2)
    r2 = c.m(
        Result(task, "integ check, empty cache (cold)"),
        check,
        repo,
        "check-empty",
        before=empty_cache,
    )
    r2.time_goal(2)
    r3 = c.m(Result(task, "integ check, second run (warm)"), check, repo, "check-warm", warmup=True)
    r3.time_goal(0.5)
    for r in (r1, r2, r3):
        c.check_exit(r, f"integ check ({r.tool})")
        try:
            data = json.loads(r.last_stdout())
            if isinstance(data, dict):
                summ = data.get("summary", data)
                r.note = (
                    ", ".join(f"{k} {summ[k]}" for k in ("new_errors", "new_warnings") if k in summ)
                    or ""
                )
        except ValueError:
            r.note = "output not JSON"
        results.append(r)

    rp = c.m(
        Result(f"pre-commit · {rel}", "integ validate --format text FILE (warm)"),
        [integ, "validate", "--format", "text", rel, *today],
        repo,
        "precommit",
        warmup=True,
    )
    rp.time_goal(0.4)
    c.check_exit(rp, "integ validate (pre-commit)")
    results.append(rp)

    # cache speed-up: validate twice over an unchanged workspace
    specs = [("district", 25, 150)]
    if not c.args.skip_state:
        specs.append(("state", 1100, 40))
    for name, n, m in specs:
        ws = c.work / f"cache-{name}"
        if name == "district":
            shutil.rmtree(ws, ignore_errors=True)
            shutil.copytree(c.district_ws(), ws, ignore=shutil.ignore_patterns(".integ_cache"))
        elif len(list((ws / "concepts").glob("*.yaml"))) != n:
            note(f"check: generating the {name} workspace")
            generate.generate(ws, n, m, c.args.seed)
        wcache = c.work / f"integ-cache-{name}"  # the cache lives outside the work tree
        os.environ["INTEG_CACHE_DIR"] = str(wcache)

        def drop(wcache: Path = wcache) -> None:
            shutil.rmtree(wcache, ignore_errors=True)

        argv = [integ, "validate", "--format", "json", *today]
        task = f"validate cache · {name} ({n} concepts)"
        cold = c.m(
            Result(task, "integ validate, empty cache (first run)"),
            argv,
            ws,
            f"cache-{name}-cold",
            before=drop,
        )
        warm = c.m(
            Result(task, "integ validate, unchanged (second run)"), argv, ws, f"cache-{name}-warm"
        )
        for r in (cold, warm):
            c.check_exit(r, f"integ validate on {name} ({r.tool})")
            try:
                s = json.loads(r.last_stdout()).get("summary", {})
                r.note = f"{s.get('files', '?')} files, {s.get('errors', '?')} errors"
            except (ValueError, AttributeError):
                r.note = "output not JSON"
            results.append(r)
        x = div(cold.median, warm.median)
        ratios.append(
            Ratio(
                f"cache speed-up, {name}",
                x,
                "≥ 5×",
                x is not None and x >= 5,
                how="first run ÷ second run (medians)",
            )
        )


def section_other(c: Ctx) -> None:
    parts = []
    for script, label, goal in (
        (
            "update_speed.py",
            "`integ update` in a 5,000-line concept",
            "< 1 s (its own check: exit 0)",
        ),
        (
            "review_speed.py",
            "`integ review` (agenda)",
            "district < 2 s, state < 30 s (its own check: exit 0)",
        ),
    ):
        path = HERE / script
        if not path.exists():
            parts.append(
                f"**{label}** (bench/{script}): not measured, the script does not exist (yet)."
            )
            continue
        note(f"other: bench/{script}")
        argv = [c.py, str(path), "--repeat", str(c.args.repeat)]
        p = subprocess.run(
            argv,
            check=False,
            capture_output=True,
            text=True,
            timeout=c.args.timeout,
            cwd=ROOT,
            env=child_env(),
        )
        if p.returncode == 2 and "usage" in p.stderr.lower():  # no --repeat: defaults
            argv = argv[:2]
            p = subprocess.run(
                argv,
                check=False,
                capture_output=True,
                text=True,
                timeout=c.args.timeout,
                cwd=ROOT,
                env=child_env(),
            )
        rows = [line for line in p.stdout.splitlines() if line.startswith("|")]
        shown = " ".join(a if a != c.py else "python" for a in argv).replace(
            str(HERE) + "/", "bench/"
        )
        verdict = "exit 0" if p.returncode == 0 else f"exit {p.returncode}"
        if goal:
            verdict += " — **met**" if p.returncode == 0 else " — **MISSED** (or failed)"
            if p.returncode != 0:
                c.missed.append(f"bench/{script}")
        elif p.returncode != 0:
            c.problems.append(f"bench/{script} exited {p.returncode}:\n{head(p.stderr)}")
        parts.append(
            f"**{label}** (`{shown}`, {verdict}{'; goal ' + goal if goal else ''}):\n\n"
            + ("\n".join(rows) if rows else "(no table printed)\n\n" + head(p.stdout + p.stderr))
        )
    c.extra["other"] = "\n\n".join(parts)


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

SECTIONS = {
    "render": ("Render (issue 3)", section_render),
    "history": ("Diff and log (issue 4)", section_history),
    "check": ("Check and pre-commit (issue 6)", section_check),
    "other": ("Update and review", section_other),
}


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
    except AttributeError:
        return os.cpu_count() or 0


def version_of(argv: list[str]) -> str:
    try:
        p = subprocess.run(argv, check=False, capture_output=True, text=True, timeout=60)
        lines = (p.stdout or p.stderr).strip().splitlines()
        return lines[0] if lines and p.returncode == 0 else "n/a"
    except (OSError, subprocess.TimeoutExpired):
        return "n/a"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=5, help="timed runs per command (default 5)")
    p.add_argument(
        "--slow-repeat",
        type=int,
        default=1,
        help="timed runs of the slow ones: 25 PDFs into a folder and the naive "
        "ruamel.yaml log (default 1, no warm-up)",
    )
    p.add_argument("--out", type=Path, default=HERE / "results-more.md")
    p.add_argument(
        "--workdir",
        type=Path,
        help="folder for workspaces and repositories (default: a temporary "
        "folder, removed afterwards)",
    )
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--only",
        choices=sorted(SECTIONS),
        action="append",
        help="run only this section (repeatable)",
    )
    p.add_argument(
        "--skip-state",
        action="store_true",
        help="leave out the 1,100-concept workspace (cache speed-up)",
    )
    p.add_argument(
        "--no-warmup",
        action="store_true",
        help="no untimed warm-up run (the warm-cache rows keep theirs)",
    )
    p.add_argument("--timeout", type=float, default=1800, help="seconds per run")
    args = p.parse_args(argv)

    load_start = os.getloadavg()
    bindir = Path(sys.executable).parent
    integ = bindir / "integ"
    if not integ.exists():
        note(f"error: {integ} not found; run bench/more.py with the virtualenv's Python")
        return 2
    for mod in ("deepdiff", "ruamel.yaml"):
        if not have(mod):
            note(
                f"note: {mod} is not installed: its peer is marked n/a. To compare: "
                f"{bindir / 'pip'} install deepdiff ruamel.yaml"
            )
    tmp = None
    if args.workdir:
        work = args.workdir.resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="integ-bench-more-")
        work = Path(tmp)
    c = Ctx(args, work, work / "_runs", integ, sys.executable)
    names = args.only or list(SECTIONS)
    try:
        for key in names:
            note(SECTIONS[key][0])
            try:
                SECTIONS[key][1](c)
            except Exception as exc:  # noqa: BLE001 - report, go on with the next section
                import traceback

                c.problems.append(
                    f"section {key} failed: {exc}\n" + head(traceback.format_exc(), 30)
                )
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)

    load_end = os.getloadavg()
    now = dt.datetime.now().astimezone()
    info = [
        f"# integ benchmark, part 2 (render, diff/log, check, update) — {now:%Y-%m-%d %H:%M %Z}",
        "",
        (
            f"- integ: {version_of([str(integ), '--version'])}; pandoc: "
            f"{version_of([str(pandoc_binary()), '--version'])} (bundled with pypandoc-binary); "
            f"git: {version_of(['git', '--version'])}"
        ),
        f"- Python {platform.python_version()} ({sys.executable}); {platform.platform()}",
        (
            f"- nproc {nproc()}; CPU {cpu_model()}; load average (1 min) at start "
            f"{load_start[0]:.2f}, at end {load_end[0]:.2f} (other work on the machine skews times)"
        ),
        (
            f"- `--repeat {args.repeat}`, "
            f"{'one untimed warm-up run before each' if not args.no_warmup else 'no warm-up'} "
            f"(runs marked * had none); `--slow-repeat {args.slow_repeat}`; generator seed "
            f"{args.seed}; integ runs with `--today {TODAY}`"
        ),
        "",
        (
            f"Times are wall-clock seconds of a fresh process, median and minimum of the runs. "
            f"CPU s = user+sys, median; CPU/wall > 1 means more than one core worked. "
            f"Peak MB and CPU: {METHOD}. MB = 10^6 bytes. Peers written in Python run as "
            "`python -c` child processes (start-up and imports included), on the same input."
        ),
        "",
    ]
    body = []
    for key in names:
        title = SECTIONS[key][0]
        body.append(f"## {title}\n")
        if c.sections.get(key):
            body.append(table(c.sections[key]) + "\n")
        if c.ratios.get(key):
            body.append(ratio_table(c.ratios[key]) + "\n")
        if c.extra.get(key):
            body.append(c.extra[key] + "\n")
    md = "\n".join(info) + "\n" + "\n".join(body)
    if c.problems:
        md += "\n## Problems\n\n" + "\n\n".join(f"- {x}" for x in c.problems) + "\n"
    print(md)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(md, encoding="utf-8")
    note(f"written to {args.out}")
    missed = [r for rs in c.sections.values() for r in rs if r.ok is False] + [
        r for rs in c.ratios.values() for r in rs if r.ok is False
    ]
    return 1 if missed or c.missed or c.problems else 0


if __name__ == "__main__":
    sys.exit(main())
