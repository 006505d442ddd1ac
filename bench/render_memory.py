"""Render cost of a big concept (issue 14, point 24): a generated ~2.5 MB concept
that validates (many measures with long texts) and one concept with a single 1 MB
paragraph, rendered to DOCX and PDF; wall time and peak resident size of integ and of
its children (pandoc), from ``/usr/bin/time -v``.

    python bench/render_memory.py [--measures 4400 8800] [--out bench/results-render-memory.md]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from generate import generate

INTEG = [sys.executable, "-m", "integ"]
TODAY = "2026-11-25"


def timed(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """(seconds, peak resident MB, exit code) of a command under /usr/bin/time -v."""
    done = subprocess.run(
        ["/usr/bin/time", "-v", *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", done.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    seconds = 0.0
    if wall:
        h, m, s = wall.groups()
        seconds = int(h or 0) * 3600 + int(m) * 60 + float(s)
    return seconds, int(rss.group(1)) / 1024 if rss else 0.0, done.returncode


def big_concept(root: Path, measures: int) -> Path:
    generate(root, 1, measures)
    return next((root / "concepts").glob("*.yaml"))


def long_line(root: Path) -> Path:
    from integ import yaml_io

    (root / "concepts").mkdir(parents=True)
    (root / "integ.yaml").write_text("organisation: Testamt\n", encoding="utf-8")
    data = yaml_io.load(ROOT / "tests" / "data" / "valid" / "minimal.yaml").data
    rng = random.Random(1)
    words = ["Integration", "Sprachkurs", "und", "die", "Gemeinde", "fördert", "Teilhabe"]
    data["measures"][0]["description"] = " ".join(rng.choice(words) for _ in range(111_111))
    path = root / "concepts" / "minimal.yaml"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--measures", type=int, nargs="+", default=[4400, 8800])
    p.add_argument("--out", type=Path, default=None)
    args = p.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        inputs: list[tuple[str, Any]] = [
            (f"{n:,} measures", lambda r, n=n: big_concept(r, n)) for n in args.measures
        ]
        for name, make in (*inputs, ("1 MB paragraph", long_line)):
            root = Path(tmp) / name.replace(" ", "-")
            concept = make(root)
            size = concept.stat().st_size / 1e6
            for to in ("docx", "pdf", "html"):
                cmd = [*INTEG, "render", str(concept), "--to", to, "-o", f"out.{to}"]
                seconds, mb, code = timed([*cmd, "--today", TODAY], root)
                rows.append((name, f"{size:.2f}", to, f"{seconds:.1f}", f"{mb:.0f}", code))
                print(rows[-1], file=sys.stderr, flush=True)
            shutil.rmtree(root)
    lines = [
        "| input | MB | to | s | peak RSS MB | exit |",
        "|---|---|---|---|---|---|",
        *("| " + " | ".join(str(c) for c in r) + " |" for r in rows),
    ]
    text = "\n".join(lines) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
