"""The first week, end to end (issue 12, "Done when"): with the integ installed in this
environment's venv, a person makes a workspace and a concept, adds a field of action
with a goal, an indicator and two measures through `integ add` (on a terminal, driven
by pexpect, and in a script), fills in what the skeleton left as examples, validates
clean and renders the concept for the council. tests/test_wheel.py runs the same walk
with the integ of a wheel built by `python -m build`, installed into a fresh venv."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

INTEG = Path(sys.executable).parent / ("integ.exe" if os.name == "nt" else "integ")
CONCEPT = "concepts/stadt-gaggenau.yaml"
YEAR = dt.date.today().year

pytestmark = pytest.mark.skipif(
    not INTEG.is_file() or os.name == "nt", reason="needs the integ console script and a pty"
)


@dataclass
class Integ:
    """The integ program to drive (this venv's, or one installed from the wheel)."""

    program: Path = INTEG
    env: dict[str, str] | None = None

    def environ(self) -> dict[str, str]:
        env = {**(self.env or os.environ), "INTEG_LANG": "de", "NO_COLOR": "1", "COLUMNS": "120"}
        env.pop("INTEG_NO_PROMPT", None)
        return env


class _Terminal:
    """integ on a pseudo terminal: wait for a question, answer it."""

    def __init__(self, cwd: Path, *args: str, integ: Integ | None = None) -> None:
        integ = integ or Integ()
        self.child = pexpect.spawn(
            str(integ.program),
            list(args),
            cwd=str(cwd),
            env=integ.environ(),
            encoding="utf-8",
            timeout=120,
        )
        self.seen: list[str] = []

    def answer(self, question: str, text: str) -> None:
        self.child.expect_exact(question)
        self.seen.append(str(self.child.before) + question)
        self.child.sendline(text)

    def finish(self) -> str:
        self.child.expect(pexpect.EOF)
        rest = str(self.child.before)
        self.child.close()
        assert self.child.exitstatus == 0, "".join(self.seen) + rest
        return "".join(self.seen) + rest


@dataclass
class Outcome:
    code: int
    out: str
    err: str


def _cli(integ: Integ, ws: Path, *args: str) -> Outcome:
    """integ in a script: no terminal, so it never asks."""
    done = subprocess.run(
        [str(integ.program), *args],
        cwd=ws,
        env=integ.environ(),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


def test_from_init_to_the_council_document(tmp_path: Path) -> None:
    first_week(tmp_path, Integ())


def first_week(tmp_path: Path, integ: Integ) -> None:
    """The whole first week with ``integ``; the wheel's test calls it too."""
    ws = tmp_path / "integration"
    ws.mkdir()

    def _ok(ws: Path, *args: str) -> str:
        result = _cli(integ, ws, *args)
        assert result.code == 0, (args, result.out, result.err)
        return result.out

    def run_cli(*args: str, cwd: Path) -> Outcome:
        return _cli(integ, cwd, *args)

    def Terminal(cwd: Path, *args: str) -> _Terminal:
        return _Terminal(cwd, *args, integ=integ)

    # integ init asks for the organisation and offers git init
    term = Terminal(ws, "init")
    term.answer("Name der Verwaltung", "Stadtverwaltung Gaggenau")
    if shutil.which("git"):
        term.answer("git init", "j")
        said = term.finish()
        assert (ws / ".git").is_dir() and "git-Klon" in said
    else:
        term.answer("git init", "n")
        term.finish()
    assert "Stadtverwaltung Gaggenau" in (ws / "integ.yaml").read_text(encoding="utf-8")

    # integ new asks for the name; the id is proposed, the type follows from it
    term = Terminal(ws, "new")
    term.answer("Name der Kommune", "Stadt Gaggenau")
    term.answer("Kennung des Konzepts", "")
    assert "angelegt" in term.finish()
    assert "type: town" in (ws / CONCEPT).read_text(encoding="utf-8")

    # a field of action (script), a goal and an indicator (terminal)
    _ok(ws, "add", "field", "--title", "Arbeit und Ausbildung", "--id", "arbeit")
    term = Terminal(ws, "add", "goal")
    term.answer("In welchem Handlungsfeld?", "arbeit")
    term.answer("Das Ziel in einem Satz", "Geflüchtete finden schneller eine Arbeit")
    term.answer("Kennung [Z-ARB-1]", "")
    term.answer("Zielebene", "")
    term.answer("Beschreibung", "")
    assert "Ziel Z-ARB-1 eingetragen" in term.finish()
    term = Terminal(ws, "add", "indicator")
    term.answer("Zu welchem Ziel?", "Z-ARB-1")
    term.answer("Was gemessen wird", "In Arbeit vermittelte Geflüchtete")
    term.answer("Kennung [I-ARB-1]", "")
    term.answer("Einheit", "Personen")
    term.answer("Richtung", "")
    term.answer("Quelle", "Jobcenter")
    term.answer("Ausgangswert", f"{YEAR}=20")
    term.answer("Zielwert", f"{YEAR + 3}=35")
    assert "Indikator I-ARB-1 eingetragen" in term.finish()

    # an actor and a measure in a script, a second measure on the terminal
    _ok(ws, "add", "actor", "--name", "Jobcenter Gaggenau", "--type", "jobcenter")
    _ok(
        ws, "add", "measure", "--title", "Jobcoaching für Geflüchtete", "--goal", "Z-ARB-1",
        "--lead", "jobcenter-gaggenau", "--status", "laufend", "--start", str(YEAR),
    )  # fmt: skip
    term = Terminal(ws, "add", "measure")
    term.answer("Titel der Maßnahme", "Sprachkurs im Betrieb")
    term.answer("Welchen Zielen dient die Maßnahme?", "Z-ARB-1")
    term.answer("Kennung [M-ARB-02]", "")
    term.answer("Beschreibung", "Deutsch am Arbeitsplatz, zwei Abende in der Woche.")
    term.answer("Wer ist zuständig?", "jobcenter-gaggenau")
    term.answer("Partner", "stadt-gaggenau-verwaltung")
    term.answer("Zielgruppen", "1")
    term.answer("Stand der Umsetzung [geplant]", "geplant")
    term.answer("Beginn", str(YEAR + 1))
    term.answer("Ende", "")
    assert "Maßnahme M-ARB-02 eingetragen" in term.finish()

    # fill in: the skeleton's examples go, its texts become her own
    _ok(ws, "remove", "M-SPR-01")
    _ok(ws, "remove", "sprache")
    text = (ws / CONCEPT).read_text(encoding="utf-8")
    text = text.replace(
        "Unser Leitbild: Wie wollen wir in unserer Kommune zusammenleben? Beschreiben Sie "
        "hier in wenigen Sätzen, wofür die Integrationsarbeit steht.",
        "Gaggenau ist eine Stadt, in der alle mitreden können.",
    ).replace(
        "Beschreiben Sie hier die Ausgangslage: wer zugewandert ist, welche Angebote es gibt "
        "und wo es fehlt, mit Zahlen und Quellen.",
        "In Gaggenau leben Menschen aus mehr als neunzig Ländern.",
    )
    (ws / CONCEPT).write_text(text, encoding="utf-8")

    report = json.loads(
        run_cli("validate", "--format", "json", "--no-cache", "--strict", cwd=ws).out
    )
    assert report["findings"] == [], report["findings"]

    rendered = run_cli("render", CONCEPT, "-o", str(tmp_path / "konzept.docx"), cwd=ws)
    assert rendered.code == 0, rendered.err
    assert "Beispieltexte" not in rendered.err
    import docx

    words = "\n".join(p.text for p in docx.Document(str(tmp_path / "konzept.docx")).paragraphs)
    for expected in (
        "Jobcoaching für Geflüchtete",
        "Sprachkurs im Betrieb",
        "Geflüchtete finden schneller eine Arbeit",
        "Gaggenau ist eine Stadt, in der alle mitreden können.",
    ):
        assert expected in words, expected
    assert "Beispiel" not in words and "Beschreiben Sie" not in words
