#!/usr/bin/env python3
"""Time one `integ update` in a 5,000-line concept, end to end (a fresh process).

    python bench/update_speed.py [--lines 5000] [--repeat 5] [--workdir DIR]

Writes a valid concept of at least ``--lines`` lines (measures with descriptions and
log entries, fields, goals, indicators; 2-space indentation, comments, flow lists) into
a workspace, then runs ``integ update concepts/<id>.yaml M-0100 --status completed
--note ... --today 2026-11-25`` ``--repeat`` times in a subprocess, each time on a fresh
copy, and prints one Markdown table row:

    | lines | KB | median s | min s | max s | exit |

Standard library only. The executable is taken from the directory of the Python that
runs this script (run it with the virtualenv's Python). If `update` is not yet a
command of that integ, it is called through a two-line shim that registers it.
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

TODAY = "2026-11-25"
FIELDS = ["sprache", "bildung", "arbeit", "wohnen", "gesundheit", "teilhabe"]


def concept_text(min_lines: int) -> str:
    out = [
        "# yaml-language-server: $schema=../integ-concept.schema.json",
        "# Synthetisches Konzept für die Zeitmessung von `integ update`.",
        "",
        "format: integ/1",
        "id: gemeinde-bench",
        "title: Integrationskonzept der Gemeinde Bench",
        "municipality:",
        "  name: Gemeinde Bench",
        "  type: municipality",
        '  ags: "08216999"',
        'version: "1.0"',
        "status: adopted",
        "adopted:",
        "  date: 2025-03-18",
        "  body: Gemeinderat",
        "review:",
        "  cycle_months: 24",
        "  last: 2026-06-02",
        "contacts:",
        "  - id: ib-bench",
        "    name: Erika Beispiel",
        "    role: Integrationsbeauftragte",
        "    public: true",
        "target_groups:",
        "  - id: gefluechtete",
        "    name: Geflüchtete",
        "fields:",
    ]
    for f in FIELDS:
        out += [f"  - id: {f}", f"    title: Handlungsfeld {f.capitalize()}", "    goals:"]
        for g in (1, 2):
            gid = f"Z-{f[:3].upper()}-{g}"
            out += [
                f"      - id: {gid}",
                f"        title: Ziel {g} im Handlungsfeld {f.capitalize()}",
                "        indicators:",
                f"          - id: I-{f[:3].upper()}-{g}",
                "            title: Teilnehmende pro Jahr",
                "            unit: persons",
                "            direction: increase",
                "            baseline: {value: 40, year: 2023}",
                "            target: {value: 90, year: 2028}",
                "            values:",
                "              - {year: 2025, value: 51}",
                "              - {year: 2026, value: 58, note: vorläufig}",
            ]
    out.append("measures:")
    n = 0
    while len(out) < min_lines - 12:
        n += 1
        f = FIELDS[n % len(FIELDS)]
        out += [
            f"  # --- Maßnahme {n} ---",
            f"  - id: M-{n:04d}",
            f"    title: Maßnahme Nummer {n} im Handlungsfeld {f.capitalize()}",
            "    description: |",
            "      Ein Angebot mit Beratung, Begleitung und Gruppenterminen; es wird von",
            "      Haupt- und Ehrenamtlichen gemeinsam getragen.",
            f"    goals: [Z-{f[:3].upper()}-{1 + n % 2}]",
            "    lead: vhs-bench",
            "    partners: [freundeskreis-bench]",
            "    target_groups: [gefluechtete]",
            "    status: ongoing",
            "    start: 2025-01",
            "    end: 2027-12",
            "    log:",
            "      - date: 2025-02-10",
            "        status: ongoing",
            "        note: Start mit zwölf Teilnehmenden.",
            "      - date: 2026-09-14",
            "        status: ongoing",
            "        note: Zwei Gruppen mit zusammen 25 Teilnehmenden.",
            "",
        ]
    out += [
        "actors:",
        "  - {id: vhs-bench, name: Volkshochschule Bench, type: education}",
        "  - {id: freundeskreis-bench, name: Freundeskreis Asyl Bench, type: volunteer}",
        "reviews:",
        "  - date: 2026-06-02",
        "    by: ib-bench",
        "    summary: Zwischenbilanz.",
        '    version: "1.0"',
    ]
    return "\n".join(out) + "\n"


def make_concept(root: Path, min_lines: int = 5000) -> Path:
    """A workspace under ``root`` with one concept of at least ``min_lines`` lines."""
    (root / "concepts").mkdir(parents=True, exist_ok=True)
    (root / "integ.yaml").write_text("organisation: Bench\n", encoding="utf-8")
    path = root / "concepts" / "gemeinde-bench.yaml"
    path.write_text(concept_text(min_lines), encoding="utf-8")
    return path


SHIM = (
    "from integ.cli import app, main\n"
    "from integ.cli_update import update\n"
    "app.command('update')(update)\n"
    "main()\n"
)


def command() -> list[str]:
    exe = Path(sys.executable).parent / "integ"
    probe = subprocess.run(
        [str(exe), "update", "--help"], capture_output=True, text=True, check=False
    )
    if probe.returncode == 0:
        return [str(exe)]
    return [sys.executable, "-c", SHIM]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--lines", type=int, default=5000)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--workdir", type=Path, default=None)
    args = p.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="integ-update-bench-"))
    source = make_concept(work / "template", args.lines)
    text = source.read_text(encoding="utf-8")
    lines, kb = len(text.splitlines()), len(text.encode("utf-8")) / 1000
    cmd = command()
    times, codes = [], set()
    for i in range(args.repeat + 1):  # the first run warms the disk cache, not timed
        ws = work / f"run{i}"
        shutil.rmtree(ws, ignore_errors=True)
        shutil.copytree(work / "template", ws)
        argv_ = [
            *cmd,
            "update",
            "concepts/gemeinde-bench.yaml",
            "M-0100",
            "--status",
            "completed",
            "--note",
            "Abgeschlossen.",
            "--today",
            TODAY,
        ]
        start = time.perf_counter()
        run = subprocess.run(argv_, cwd=ws, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - start
        if run.returncode != 0:
            print(run.stderr, file=sys.stderr)
        codes.add(run.returncode)
        if i:
            times.append(elapsed)
    print("| lines | KB | median s | min s | max s | exit |")
    print("| ---: | ---: | ---: | ---: | ---: | --- |")
    print(
        f"| {lines:,} | {kb:.0f} | {statistics.median(times):.3f} | {min(times):.3f} | "
        f"{max(times):.3f} | {','.join(map(str, sorted(codes)))} |"
    )
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if codes == {0} and statistics.median(times) < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
