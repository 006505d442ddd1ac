"""integ review: the agenda of the example against hand-computed expectations, the JSON
shape, changes since the last review in real git repositories (pinned author and
dates), suspicious transitions, the report read back from DOCX and PDF, recording a
review, and the interactive walk in a real pseudo-terminal (pexpect)."""

from __future__ import annotations

import datetime as dt
import difflib
import io
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from integ import yaml_io
from integ.cli import app
from integ.diff import diff
from integ.review import Since, build, transitions
from integ.review_walk import Walk
from integ.workspace import Workspace

from .conftest import ROOT, TODAY, run_cli
from .test_diff import git
from .test_render import docx_text, heading_levels_docx, pdf_text

if not any(c.name == "review" for c in app.registered_commands):  # until cli.py has it
    from integ.cli_review import review as _review

    app.command("review")(_review)

# The same registration for a subprocess (the pexpect tests), a no-op once cli.py has it.
SHIM = (
    "from integ.cli import app, main\n"
    "if not any(c.name == 'review' for c in app.registered_commands):\n"
    "    from integ.cli_review import review\n"
    "    app.command('review')(review)\n"
    "main()\n"
)

LK = "concepts/landkreis-rastatt.yaml"
GG = "concepts/stadt-gaggenau.yaml"
DH = "concepts/gemeinde-durmersheim.yaml"

# concepts/EXPECTED_WARNINGS.md, as agenda items for --today 2026-11-25, in the order of
# the agenda: per concept (file order), overdue first by days, then due soon, then
# undated. Plus the funding of M-GES-01 (until 2027-03), which ends within six months
# without ending early (a note, not a warning). Computed by hand:
#   Durmersheim review.last 2024-09-17 + 24 months = 2026-09-17 (69 days ago)
#   M-WOH-03 planned, start 2026-03 -> 2026-03-01 (269 days)
#   M-TEI-03 newest Sachstand 2025-03-18 + 12 months = 2026-03-18 (252 days)
#   M-ARB-04 ongoing, end 2026-06 -> 2026-06-30 (148 days)
#   M-GES-02 review_by 2026-09-30 (56 days)
#   M-SPR-03 budget.until 2026-12 -> 2026-12-31, before end 2027-12 (in 36 days)
#   M-GES-01 budget.until 2027-03 -> 2027-03-31 (in 126 days, within six months)
#   I-ADI-2 newest value 2023: recent until 2024-12-31 (694 days)
#   runder-tisch-gaggenau last met 2025-06-26 + 6 months = 2025-12-26 (334 days)
EXPECTED = [
    ("gemeinde-durmersheim", "review-overdue", "gemeinde-durmersheim", "warning", "2026-09-17", 69),
    ("landkreis-rastatt", "indicator-stale", "I-ADI-2", "warning", "2024-12-31", 694),
    ("landkreis-rastatt", "measure-not-started", "M-WOH-03", "warning", "2026-03-01", 269),
    ("landkreis-rastatt", "measure-stale", "M-TEI-03", "warning", "2026-03-18", 252),
    ("landkreis-rastatt", "measure-overdue", "M-ARB-04", "warning", "2026-06-30", 148),
    ("landkreis-rastatt", "review-by-past", "M-GES-02", "warning", "2026-09-30", 56),
    ("landkreis-rastatt", "funding-ending", "M-SPR-03", "warning", "2026-12-31", -36),
    ("landkreis-rastatt", "funding-ending", "M-GES-01", "info", "2027-03-31", -126),
    ("stadt-gaggenau", "network-inactive", "runder-tisch-gaggenau", "warning", "2025-12-26", 334),
]


def review(ws: Path, *args: str) -> Any:
    result = run_cli("review", "--today", TODAY, "--no-interactive", *args, cwd=ws)
    assert "Traceback" not in result.err
    return result


def agenda_json(ws: Path, *args: str) -> dict[str, Any]:
    result = review(ws, "--format", "json", *args)
    assert result.code == 0, result.err
    return json.loads(result.out)  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- the agenda


def test_agenda_of_the_example_is_the_hand_computed_one(example: Path) -> None:
    data = agenda_json(example)
    got = [
        (i["concept"], i["kind"], i["id"], i["severity"], i["due"], i["days_overdue"])
        for i in data["items"]
    ]
    assert got == EXPECTED
    assert [i["number"] for i in data["items"]] == list(range(1, 10))


def test_every_warning_of_validate_is_on_the_agenda(example: Path) -> None:
    found = json.loads(run_cli("validate", "--today", TODAY, "--format", "json", cwd=example).out)[
        "findings"
    ]
    assert len(found) == 8
    items = agenda_json(example)["items"]
    on_agenda = {(Path(i["file"]).name, i["rule"], i["line"]) for i in items if i["rule"]}
    for f in found:
        assert (Path(f["file"]).name, f["rule"], f["line"]) in on_agenda, f


def test_json_has_the_shape_of_the_spec(example: Path) -> None:
    data = agenda_json(example)
    assert data["today"] == TODAY
    assert {"today", "items", "changes_since_review", "indicators"} <= set(data)
    for item in data["items"]:
        assert {"concept", "kind", "id", "severity", "message", "due"} <= set(item)
        assert isinstance(item["message"], str) and item["message"]
    assert {"ref", "changes"} <= set(data["changes_since_review"])
    assert data["changes_since_review"]["changes"] == []  # no git in tmp_path
    assert len(data["indicators"]) == 4 + 24 + 6
    for ind in data["indicators"]:
        assert {"concept", "id", "baseline", "latest", "target", "progress", "on_track"} <= set(ind)
    spr = next(
        i for i in data["indicators"] if (i["concept"], i["id"]) == ("landkreis-rastatt", "I-SPR-1")
    )
    # 47 (2022) -> 54 (2025), target 60 (2027): 7/13 of the way; measured today (2026),
    # 4/5 of the time has passed: 0.538 < 0.8 - 0.1, off track (not at 2025's 3/5)
    assert (spr["baseline"], spr["latest"], spr["target"]) == (47, 54, 60)
    assert spr["progress"] == pytest.approx(0.538)
    assert spr["on_track"] is False and spr["stale"] is False
    keep = next(
        i for i in data["indicators"] if (i["concept"], i["id"]) == ("landkreis-rastatt", "I-TEI-1")
    )
    assert (keep["progress"], keep["on_track"]) == (None, False)  # keep, below target


def test_text_output_is_german_numbered_and_grouped(example: Path) -> None:
    result = review(example)
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == ("Überprüfung zum 25.11.2026: 9 Punkte in 3 Konzepten, davon 7 überfällig")
    assert lines[2] == "Gemeinde Durmersheim · concepts/gemeinde-durmersheim.yaml · Fassung 1.0"
    assert lines[3] == (
        "  Punkt 1 von 9 ! Überprüfung überfällig · gemeinde-durmersheim · "
        "69 Tage überfällig (fällig 17.09.2026)"
    )
    assert (
        "  Punkt 7 von 9 · Förderung endet · M-SPR-03 · fällig in 36 Tagen (fällig "
        "31.12.2026)" in lines
    )
    # the words of the agenda's own texts, with the finding's params, in German
    assert (
        "      Maßnahme M-SPR-03 „Sprachcafés und Lernwerkstätten im Murgtal“: Die Förderung "
        "(Förderprogramm „Integration vor Ort“ (VwV Integration)) endet am 31.12.2026, die "
        "Maßnahme läuft bis 12/2027: die Anschlussfinanzierung klären. "
        "(concepts/landkreis-rastatt.yaml:659)" in lines
    )
    assert "Kein git-Repository" in result.out
    assert (
        "  ! I-TEI-1 Aktive Ehrenamtliche in den Freundes- und Helferkreisen: 540 "
        "Personen (2023) → 530 Personen (2025), Zielwert 540 Personen (2027): nicht "
        "im Plan" in lines
    )
    order = [
        result.out.index(n)
        for n in ("Gemeinde Durmersheim ·", "Landkreis Rastatt ·", "Stadt Gaggenau ·")
    ]
    assert order == sorted(order)


def test_not_interactive_without_a_terminal(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # run_cli has no terminal: the agenda is printed, nothing is asked
    result = run_cli("review", "--today", TODAY, cwd=example)
    assert result.code == 0 and "Punkt 9 von 9" in result.out and "Aktion" not in result.out
    # --interactive without a terminal: the input ends at once, nothing is changed
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    before = (example / LK).read_bytes()
    result = run_cli("review", LK, "--today", TODAY, "--interactive", cwd=example)
    assert result.code == 0 and "Keine Änderungen gespeichert." in result.out
    assert (example / LK).read_bytes() == before


def test_markdown_output(example: Path) -> None:
    result = review(example, GG, "--format", "markdown")
    assert result.code == 0
    assert result.out.startswith("# Überprüfung zum 25\\.11\\.2026\\: 1 Punkt in 1 Konzept")
    assert "### Tagesordnung\n\n1. **Netzwerk trifft sich nicht**" in result.out
    assert (
        "| Indikator | Ausgangswert | Aktueller Wert | Zielwert | Fortschritt | im Plan |"
        in result.out
    )


def test_warnings_never_fail_the_review_whatever_the_date(example: Path) -> None:
    for day in ("2026-11-25", "2031-01-01", dt.date.today().isoformat()):
        result = run_cli("review", "--no-interactive", "--today", day, cwd=example)
        assert result.code == 0, (day, result.err)


def test_a_concept_with_errors_is_first_and_exits_1(example: Path) -> None:
    path = example / GG
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("    status: completed\n", "    status: erledigt\n", 1), encoding="utf-8"
    )
    result = review(example, GG, "--format", "json")
    assert result.code == 1
    first = json.loads(result.out)["items"][0]
    assert (first["kind"], first["severity"], first["rule"]) == (
        "unknown-value",
        "error",
        "unknown-value",
    )


def test_funding_within_six_months_only(example: Path) -> None:
    data = agenda_json(example, "--today", "2026-06-01")
    funding = [
        (i["id"], i["severity"], i["due"]) for i in data["items"] if i["kind"] == "funding-ending"
    ]
    # 2026-06-01 + 6 months = 2026-12-01: M-ARB-04 (until 2026-06) is in, M-SPR-03
    # (2026-12-31) only because it ends early, M-GES-01 (2027-03) not yet
    assert ("M-ARB-04", "info", "2026-06-30") in funding
    assert ("M-SPR-03", "warning", "2026-12-31") in funding
    assert "M-GES-01" not in {f[0] for f in funding}


def test_bad_options_exit_2(example: Path) -> None:
    assert review(example, "--since", "HEAD").code == 2  # no git here
    assert review(example, "-o", "bericht.txt").code == 2
    assert review(example, "--today", "gestern").code == 2


# --------------------------------------------------------------------------- git


def git_on(day: str, cwd: Path, *args: str) -> str:
    """Like test_diff.git, committed on ``day``."""
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="Erika Beispiel",
        GIT_AUTHOR_EMAIL="ib@example.org",
        GIT_COMMITTER_NAME="Erika Beispiel",
        GIT_COMMITTER_EMAIL="ib@example.org",
        GIT_AUTHOR_DATE=f"{day}T10:00:00+01:00",
        GIT_COMMITTER_DATE=f"{day}T10:00:00+01:00",
        GIT_CONFIG_GLOBAL="/dev/null",
        GIT_CONFIG_NOSYSTEM="1",
    )
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    ).stdout


def in_block(text: str, ident: str, old: str, new: str) -> str:
    """Replace the first ``old`` after the line ``- id: IDENT``."""
    start = text.index(f"  - id: {ident}\n")
    at = text.index(old, start)
    return text[:at] + new + text[at + len(old) :]


def drop_block(text: str, ident: str, next_ident: str) -> str:
    return text[: text.index(f"  - id: {ident}\n")] + text[text.index(f"  - id: {next_ident}\n") :]


@pytest.fixture
def history(example: Path) -> dict[str, str]:
    """The example in git: the reviewed version on 2025-10-01 (Gaggenau reviewed
    2025-10-14), then on 2026-01-15 a commit that sets M-ARB-02 from completed back to
    planned, M-TEI-03 from dropped to ongoing and removes the ongoing M-WOH-02; and in
    the working tree a new title of M-ARB-01."""
    git_on("2025-10-01", example, "init", "-q", "-b", "main")
    git_on("2025-10-01", example, "add", "-A")
    git_on("2025-10-01", example, "commit", "-q", "-m", "concepts: reviewed version")
    reviewed = git(example, "rev-parse", "HEAD").strip()
    path = example / GG
    text = path.read_text(encoding="utf-8")
    text = in_block(text, "M-ARB-02", "status: completed", "status: planned")
    text = in_block(text, "M-TEI-03", "status: dropped", "status: ongoing")
    text = drop_block(text, "M-WOH-02", "M-WOH-03")
    path.write_text(text, encoding="utf-8")
    git(example, "commit", "-q", "-am", "concepts: Gaggenau edited")  # 2026-01-15
    edited = git(example, "rev-parse", "HEAD").strip()
    text = in_block(text, "M-ARB-01", "title: ", "title: Neue ")
    path.write_text(text, encoding="utf-8")
    return {"reviewed": reviewed, "edited": edited}


def test_changes_since_the_commit_of_the_last_review(
    example: Path, history: dict[str, str]
) -> None:
    data = agenda_json(example, GG)
    since = data["changes_since_review"]
    assert since["ref"] == history["reviewed"]  # last commit on or before 2025-10-14
    (concept,) = since["concepts"]
    assert (concept["basis"], concept["review_date"], concept["available"]) == (
        "date",
        "2025-10-14",
        True,
    )
    found = {
        (c["op"], c["kind"], c["id"], c.get("field"), c.get("old"), c.get("new"))
        for c in since["changes"]
    }
    assert ("changed", "measure", "M-ARB-02", "status", "completed", "planned") in found
    assert ("changed", "measure", "M-TEI-03", "status", "dropped", "ongoing") in found
    assert ("removed", "measure", "M-WOH-02", None, None, None) in found
    assert any(c[2] == "M-ARB-01" and c[3] == "title" for c in found)
    assert all(c["concept"] == "stadt-gaggenau" for c in since["changes"])


def test_suspicious_transitions_come_first(example: Path, history: dict[str, str]) -> None:
    items = agenda_json(example, GG)["items"]
    head = [(i["kind"], i["id"], i.get("old"), i.get("new")) for i in items[:3]]
    assert head == [
        ("suspicious-transition", "M-ARB-02", "completed", "planned"),
        ("suspicious-transition", "M-TEI-03", "dropped", "ongoing"),
        ("measure-vanished", "M-WOH-02", "ongoing", None),
    ]
    text = review(example, GG).out
    assert "Punkt 1 von" in text and "Auffälliger Statuswechsel · M-ARB-02" in text
    assert "von abgeschlossen zurück auf geplant gesetzt" in text


def test_the_ref_of_the_review_entry_and_since(example: Path, history: dict[str, str]) -> None:
    path = example / GG
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('    version: "1.0"\n', f'    version: "1.0"\n    ref: {history["edited"]}\n'),
        encoding="utf-8",
    )
    data = agenda_json(example, GG)
    assert data["changes_since_review"]["ref"] == history["edited"]
    kinds = {i["kind"] for i in data["items"]}
    assert "suspicious-transition" not in kinds  # that commit is the reviewed one
    data = agenda_json(example, GG, "--since", history["reviewed"])
    assert data["changes_since_review"]["ref"] == history["reviewed"]
    assert "suspicious-transition" in {i["kind"] for i in data["items"]}
    assert review(example, GG, "--since", "gibt-es-nicht").code == 2


def test_a_review_older_than_the_repository_is_said(example: Path, history: dict[str, str]) -> None:
    data = agenda_json(example, DH)  # reviewed 2024-09-17, the repository is younger
    (concept,) = data["changes_since_review"]["concepts"]
    assert concept["available"] is False
    assert "17.09.2024" in concept["note"]


def test_transitions_pure() -> None:
    old = {
        "id": "x",
        "measures": [
            {"id": "M-1", "title": "Eins", "status": "completed"},
            {"id": "M-2", "title": "Zwei", "status": "dropped"},
            {"id": "M-3", "title": "Drei", "status": "ongoing"},
            {"id": "M-4", "title": "Vier", "status": "ongoing"},
            {"id": "M-5", "title": "Fünf", "status": "dropped"},
            {"id": "M-6", "title": "Sechs", "status": "permanent"},
        ],
    }
    new = {
        "id": "x",
        "measures": [
            {"id": "M-1", "title": "Eins", "status": "planned"},
            {"id": "M-2", "title": "Zwei", "status": "ongoing"},
            {"id": "M-3", "title": "Drei", "status": "completed"},
            {"id": "M-6", "title": "Sechs", "status": "ongoing"},
        ],
    }
    since = Since(
        ref="abc", commit="abc", basis="ref", available=True, changes=diff(old, new), old=old
    )
    got = [
        (i.kind, i.id, i.extra["old"], i.extra["new"])
        for i in transitions("x", "x.yaml", since, new, 0)
    ]
    assert got == [
        ("suspicious-transition", "M-1", "completed", "planned"),
        ("suspicious-transition", "M-2", "dropped", "ongoing"),
        ("measure-vanished", "M-4", "ongoing", None),
    ]


def test_workers_give_the_same_agenda(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The district-scale workspace (2.6 MB) is reviewed on every core; the agenda is the
    one a single process makes, git history included."""
    import integ.review as review_module

    ws = tmp_path / "district"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "generate.py"),
            str(ws),
            "--concepts",
            "25",
            "--measures",
            "150",
        ],
        check=True,
        capture_output=True,
    )
    git_on("2026-01-10", ws, "init", "-q", "-b", "main")
    git_on("2026-01-10", ws, "add", "-A")
    git_on("2026-01-10", ws, "commit", "-q", "-m", "concepts")
    first = sorted((ws / "concepts").glob("*.yaml"))[1]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("status: completed", "status: planned", 1), encoding="utf-8")
    monkeypatch.chdir(ws)
    workspace = Workspace.open(ws)
    day = dt.date(2027, 11, 25)
    calls: list[int] = []
    real = review_module._concept

    def counted(*args: Any) -> Any:
        calls.append(os.getpid())
        return real(*args)

    monkeypatch.setattr(review_module, "_concept", counted)
    parallel = build(workspace, [], day, since="HEAD", use_cache=False).as_json()
    assert calls == []  # every concept was done in a worker
    monkeypatch.setattr(review_module, "PARALLEL_MIN_BYTES", 10**12)
    serial = build(workspace, [], day, since="HEAD", use_cache=False).as_json()
    assert len(calls) == 25
    assert parallel == serial
    assert len(serial["items"]) > 1000
    assert "suspicious-transition" in {i["kind"] for i in serial["items"]}


# --------------------------------------------------------------------------- the report


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    ws = tmp_path_factory.mktemp("review")
    shutil.copytree(ROOT / "concepts", ws / "concepts")
    for name in ("integ.yaml", "actors.yaml"):
        shutil.copy(ROOT / name, ws / name)
    out = {}
    for to in ("docx", "pdf", "md"):
        result = run_cli("review", "--today", TODAY, "-o", f"bericht.{to}", cwd=ws)
        assert result.code == 0, result.err
        out[to] = ws / f"bericht.{to}"
    for folder in ("a", "b"):
        (ws / folder).mkdir()
    result = run_cli("review", GG, "--today", TODAY, "-o", "a/gg.md", cwd=ws)
    assert result.code == 0, result.err
    result = run_cli(
        "render", GG, "--kind", "review", "--to", "md", "--today", TODAY, "-o", "b/gg.md", cwd=ws
    )
    assert result.code == 0, result.err
    out["review_md"], out["render_md"] = ws / "a" / "gg.md", ws / "b" / "gg.md"
    return out


def test_report_docx_headings_and_tables(reports: dict[str, Path]) -> None:
    from docx import Document

    path = reports["docx"]
    levels = heading_levels_docx(path)
    assert levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels))
    headings = [
        p.text
        for p in Document(str(path)).paragraphs
        if p.style is not None and p.style.name.startswith("Heading ")
    ]
    assert headings[0] == "Übersicht"
    durmersheim = headings.index("Integrationskonzept der Gemeinde Durmersheim")
    landkreis = headings.index("Integrationskonzept des Landkreises Rastatt")
    assert headings[durmersheim:landkreis][:3] == [
        "Integrationskonzept der Gemeinde Durmersheim",
        "Stand der Maßnahmen",
        "Ergebnisse in den Handlungsfeldern",
    ]
    # per field of action a heading of its own, then the council's Handlungsbedarf
    lk = headings[landkreis:]
    assert lk[3:5] == ["Sprache", "Bildung"]
    assert lk.index("Handlungsbedarf") > lk.index("Antidiskriminierung")
    # no history in git: no section that says there is nothing to compare
    assert "Änderungen seit der letzten Überprüfung" not in " ".join(headings)
    assert "Änderungen am Konzept seit der letzten Überprüfung" not in headings
    assert headings[-1] == "Erläuterungen"
    tables = Document(str(path)).tables
    overview = [c.text for c in tables[0].rows[0].cells]
    assert overview == [
        "Konzept",
        "Fassung",
        "Berichtszeitraum",
        "Nächste Überprüfung",
        "Offene Punkte",
        "Ziele im Plan",
    ]
    assert [c.text for c in tables[0].rows[2].cells][:5] == [
        "Landkreis Rastatt",
        "2.0",
        "12.05.2026 bis 25.11.2026",
        "11.05.2027",
        "7",
    ]
    agenda = [t for t in tables if t.rows[0].cells[0].text == "Nr."]
    assert len(agenda) == 3
    rows = [[c.text for c in r.cells] for r in agenda[1].rows]
    assert rows[0] == ["Nr.", "Offener Punkt", "Zuständig", "Fällig seit / bis"]
    assert rows[2] == [
        "2",
        (
            "Maßnahme M-WOH-03 „Mietführerschein-Kurse für Geflüchtete“ sollte am 01.03.2026 "
            "beginnen und hat noch nicht begonnen."
        ),
        "AWO Kreisverband Rastatt e. V.",
        "01.03.2026",
    ]
    text = docx_text(path)
    assert "im Plan" in text and "Berichtszeitraum: 12.05.2026 bis 25.11.2026" in text
    for todo in ("eintragen", "git", "Fassung in", "oder früher", "integ review"):
        assert todo not in text, todo


def test_report_pdf(reports: dict[str, Path]) -> None:
    text = pdf_text(reports["pdf"]).replace("\u00ad", "-")  # typst's hyphens
    for words in (
        "Integrationsbericht 2026",
        "Übersicht",
        "Handlungsbedarf",
        "M-ARB-04",
        "Erläuterungen",
        "Seite 2 von",
    ):
        assert words in text, words


def test_render_kind_review_is_the_same_report(reports: dict[str, Path]) -> None:
    made = reports["review_md"].read_text(encoding="utf-8")
    assert made == reports["render_md"].read_text(encoding="utf-8")
    assert "# Integrationskonzept der Stadt Gaggenau" in made
    assert "## Handlungsbedarf" in made


# --------------------------------------------------------------------------- recording


def test_record_non_interactive(example: Path) -> None:
    before = (example / DH).read_text(encoding="utf-8")
    result = review(
        example,
        DH,
        "--record",
        "--by",
        "ib-durmersheim",
        "--summary",
        "Entwurf mit dem Freundeskreis besprochen.",
    )
    assert result.code == 0, result.err
    after = (example / DH).read_text(encoding="utf-8")
    removed, added = changed_lines(before, after)
    assert removed == ["  last: 2024-09-17"]
    assert added == [
        "  last: 2026-11-25",
        "  - date: 2026-11-25",
        "    by: ib-durmersheim",
        "    summary: Entwurf mit dem Freundeskreis besprochen.",
        '    version: "1.0"',
    ]
    data = agenda_json(example, DH)
    assert "review-overdue" not in {i["kind"] for i in data["items"]}
    assert review(example, GG, "--record", "--by", "niemand").code == 1  # refused


def test_stopping_early_asks_before_recording(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (example / DH).read_bytes()
    monkeypatch.setattr(sys, "stdin", io.StringIO("q\nn\n"))  # stop; do not record
    result = run_cli(
        "review",
        DH,
        "--today",
        TODAY,
        "--interactive",
        "--record",
        "--by",
        "ib-durmersheim",
        cwd=example,
    )
    assert result.code == 0, result.err
    assert "Die Überprüfung von Gemeinde Durmersheim jetzt eintragen" in result.out
    assert (example / DH).read_bytes() == before
    monkeypatch.setattr(sys, "stdin", io.StringIO("q\nj\n\n"))  # stop; record anyway
    result = run_cli(
        "review",
        DH,
        "--today",
        TODAY,
        "--interactive",
        "--record",
        "--by",
        "ib-durmersheim",
        cwd=example,
    )
    assert result.code == 0, result.err
    text = (example / DH).read_text(encoding="utf-8")
    assert "  last: 2026-11-25" in text
    assert (
        '    summary: "Überprüfung mit integ review: 1 Punkt auf der Tagesordnung, '
        'keine Änderungen eingetragen."\n' in text
    )  # the default summary, quoted (': ')


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0):
        if line.startswith(("---", "+++", "@@")):
            continue
        (removed if line.startswith("-") else added).append(line[1:])
    return removed, added


# --------------------------------------------------------------------------- walk (scripted)


class ScriptUI:
    """Answers from a list; ``hooks`` run before the answer to a matching question."""

    def __init__(self, answers: list[str], hooks: dict[str, Any] | None = None) -> None:
        self.answers = list(answers)
        self.hooks = dict(hooks or {})
        self.said: list[str] = []
        self.asked: list[str] = []

    def say(self, text: str, style: str = "") -> None:
        self.said.append(text)

    def ask(self, question: str, default: str = "") -> str:
        self.asked.append(question)
        for key in list(self.hooks):
            if key in question:
                self.hooks.pop(key)()
        if not self.answers:
            raise EOFError
        return self.answers.pop(0) or default

    def item(self, item: Any, number: int, total: int) -> None:
        self.said.append(f"Punkt {number} von {total}: {item.id}")


def walk(
    ws: Path, paths: list[str], answers: list[str], hooks: dict[str, Any] | None = None
) -> tuple[Walk, ScriptUI]:
    old = Path.cwd()
    os.chdir(ws)
    try:
        workspace = Workspace.open(ws)
        agenda = build(workspace, [ws / p for p in paths], dt.date.fromisoformat(TODAY))
        ui = ScriptUI(answers, hooks)
        w = Walk(workspace, agenda, ui)
        w.run()
    finally:
        os.chdir(old)
    return w, ui


def test_walk_refuses_an_invalid_value_and_leaves_the_file(example: Path) -> None:
    before = (example / LK).read_bytes()
    # items: I-ADI-2, M-WOH-03, M-TEI-03, M-ARB-04, M-GES-02, M-SPR-03, M-GES-01
    w, ui = walk(example, [LK], ["v", "2026", "150", "", "q"])
    assert (example / LK).read_bytes() == before
    assert any(
        s.startswith("Nicht gespeichert:") and "außerhalb von 0 bis 100" in s for s in ui.said
    )
    assert w.result.saved == [] and w.result.quit


def test_walk_keeps_the_input_when_the_file_changed_on_disk(example: Path) -> None:
    path = example / LK

    def someone_else_edits() -> None:
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace(
                "# Jährlicher Integrationsbericht", "# Jährlicher (!) Integrationsbericht"
            ),
            encoding="utf-8",
        )

    # a first edit reads the file; then someone saves it in an editor while integ asks
    # for the second; integ says so, keeps the answer and applies it to the new file
    w, ui = walk(
        example,
        [LK],
        ["", "n", "Kurse ab Februar 2027.", "w", "31.01.2027", "j", "q"],
        hooks={"Neue Wiedervorlage": someone_else_edits},
    )
    assert any("wurde inzwischen geändert" in s for s in ui.said)
    text = path.read_text(encoding="utf-8")
    assert "# Jährlicher (!) Integrationsbericht" in text
    assert "note: Kurse ab Februar 2027." in text and "review_by: 2027-01-31" in text
    assert [s.change.describe() for s in w.result.saved] == [
        "M-WOH-03: Sachstand vom 25.11.2026 eingetragen: Kurse ab Februar 2027.",
        "M-WOH-03: Wiedervorlage: 31.01.2027",
    ]


def test_walk_status_needs_a_reason_for_dropped(example: Path) -> None:
    before = (example / LK).read_text(encoding="utf-8")
    _, ui = walk(example, [LK], ["", "s", "gestrichen", "", "q"])  # no reason: cancelled
    assert (example / LK).read_text(encoding="utf-8") == before
    assert "Abgebrochen, nichts geändert." in ui.said
    assert any("Begründung" in q for q in ui.asked)


# --------------------------------------------------------------------------- walk (pty)


def spawn(ws: Path, *args: str) -> Any:
    pexpect = pytest.importorskip("pexpect")  # in the test extras
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(ws),
        "NO_COLOR": "1",
        "TERM": "dumb",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
        "COLUMNS": "200",
        "PYTHONPATH": str(ROOT),  # this checkout's integ, not an installed one
    }
    return pexpect.spawn(
        sys.executable,
        ["-c", SHIM, "review", *args],
        cwd=str(ws),
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(50, 200),
        # A test run started in the background (`pytest &`, some CI runners) inherits an
        # ignored SIGINT, and Python then leaves Ctrl-C ignored: the Ctrl-C tests would
        # wait for their timeout. The child gets the default disposition back.
        preexec_fn=_default_sigint,
    )


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def answer(child: Any, prompt: str, text: str) -> None:
    child.expect_exact(prompt)
    child.sendline(text)


ACTION = "Aktion ("


def test_interactive_walk_in_a_terminal(example: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    before = (example / LK).read_text(encoding="utf-8")
    child = spawn(
        example,
        LK,
        "--today",
        TODAY,
        "--record",
        "--by",
        "ib-kreis",
        "--interactive",
        "-o",
        "bericht.md",
    )
    child.expect_exact("Punkt 1 von 7")  # I-ADI-2: the 2025 survey value, as typed
    answer(child, ACTION, "v")
    answer(child, "Jahr des Werts", "2025")
    answer(child, "Wert (Enter", "27,5")
    answer(child, "Anmerkung", "Sonderauswertung")
    child.expect_exact("Gespeichert: I-ADI-2: Wert 2025: 27,5 eingetragen (Sonderauswertung)")
    answer(child, ACTION, "")
    child.expect_exact("Punkt 2 von 7")  # M-WOH-03 not started: postpone it
    answer(child, ACTION, "s")
    answer(child, "Neuer Status", "5")
    answer(child, "Begründung", "Kursleitung fehlt bis Februar 2027.")
    answer(child, "Sachstand dazu", "")
    child.expect_exact("Gespeichert: M-WOH-03: Status: geplant → verschoben")
    answer(child, ACTION, "b")
    answer(child, "Neuer Beginn", "02/2027")  # MM/JJJJ
    child.expect_exact("Gespeichert: M-WOH-03: Beginn: 03/2026 → 02/2027")
    answer(child, ACTION, "")
    child.expect_exact("Punkt 3 von 7")  # M-TEI-03 stale: a Sachstand
    answer(child, ACTION, "n")
    answer(child, "Sachstand vom 25.11.2026", "Neue Koordinatorin seit Oktober; 21 Tandems.")
    child.expect_exact("Gespeichert: M-TEI-03: Sachstand vom 25.11.2026 eingetragen")
    answer(child, ACTION, "")
    child.expect_exact("Punkt 4 von 7")  # M-ARB-04 past its end: extended
    answer(child, ACTION, "e")
    answer(child, "Neues Ende", "2026-13")  # a typo is caught before the engine
    child.expect_exact("„2026-13“ ist kein Zeitpunkt")
    answer(child, "Neues Ende", "06/2027")
    answer(child, ACTION, "")
    child.expect_exact("Punkt 5 von 7")  # M-GES-02 review_by passed
    answer(child, ACTION, "w")
    answer(child, "Neue Wiedervorlage", "31.03.2027")  # TT.MM.JJJJ
    child.expect_exact("Gespeichert: M-GES-02: Wiedervorlage: 30.09.2026 → 31.03.2027")
    answer(child, ACTION, "")
    child.expect_exact("Punkt 6 von 7")
    answer(child, ACTION, "")
    child.expect_exact("Punkt 7 von 7")
    answer(child, ACTION, "")
    child.expect_exact("Gespeichert wurden 7 Änderungen:")
    answer(child, "Ergebnis der Überprüfung", "Integrationsbericht 2026 im Sozialausschuss.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    after = (example / LK).read_text(encoding="utf-8")
    removed, added = changed_lines(before, after)
    # exactly the lines of the answers, in file order; everything else byte for byte
    assert removed == [
        "  last: 2026-05-12",
        "    end: 2026-06",
        "    status: planned",
        "    start: 2026-03",
        "    review_by: 2026-09-30",
    ]
    assert added == [
        "  last: 2026-11-25",
        "              - {year: 2025, value: 27.5, note: Sonderauswertung}",
        "    end: 2027-06",
        "    status: postponed",
        "    status_reason: Kursleitung fehlt bis Februar 2027.",
        "    start: 2027-02",
        "    review_by: 2027-03-31",
        "      - date: 2026-11-25",
        "        status: ongoing",
        "        note: Neue Koordinatorin seit Oktober; 21 Tandems.",
        "  - date: 2026-11-25",
        "    by: ib-kreis",
        "    summary: Integrationsbericht 2026 im Sozialausschuss.",
        '    version: "2.0"',
    ]
    assert run_cli("validate", LK, "--today", TODAY, cwd=example).code == 0
    report = (example / "bericht.md").read_text(encoding="utf-8")
    edited = report[report.index("## Bei der Überprüfung geändert") :]
    edited = edited[: edited.index("## Indikatoren")]
    assert [line for line in edited.splitlines() if line.startswith("- ")] == [
        "- I\\-ADI\\-2\\: Wert 2025\\: 27\\,5 \\(Sonderauswertung\\)",
        "- M\\-WOH\\-03\\: Status geplant → verschoben",
        "- M\\-WOH\\-03\\: Begründung Kursleitung fehlt bis Februar 2027\\.",
        "- M\\-WOH\\-03\\: Beginn 03\\/2026 → 02\\/2027",
        (
            "- M\\-TEI\\-03\\: neuer Sachstand vom 25\\.11\\.2026\\: Neue Koordinatorin seit "
            "Oktober\\; 21 Tandems\\."
        ),
        "- M\\-ARB\\-04\\: Ende 06\\/2026 → 06\\/2027",
        "- M\\-GES\\-02\\: Wiedervorlage 30\\.09\\.2026 → 31\\.03\\.2027",
    ]
    assert "Die Überprüfung wurde am 25\\.11\\.2026 im Konzept eingetragen\\." in report


def test_ctrl_c_leaves_a_valid_file_with_the_changes_so_far(example: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    before = (example / LK).read_text(encoding="utf-8")
    child = spawn(example, LK, "--today", TODAY)
    child.expect_exact("Punkt 1 von 7")
    answer(child, ACTION, "")
    child.expect_exact("Punkt 2 von 7")
    answer(child, ACTION, "s")
    answer(child, "Neuer Status", "laufend")
    answer(child, "Sachstand dazu", "Erster Kurs hat am 3. November begonnen.")
    child.expect_exact("Gespeichert: M-WOH-03: Status: geplant → laufend")
    answer(child, ACTION, "")
    child.expect_exact("Punkt 3 von 7")
    answer(child, ACTION, "n")
    child.expect_exact("Sachstand vom")
    child.send("Halb getipp")
    child.sendintr()  # Ctrl-C while typing the second change
    child.expect_exact("Abgebrochen; alles bis hierher ist gespeichert.")
    # the summary, wrapped at a word boundary (rich gives a dumb terminal 80 columns)
    child.expect_exact("M-WOH-03: Sachstand vom 25.11.2026")
    child.expect_exact("eingetragen: Erster Kurs hat am 3. November begonnen.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    after = (example / LK).read_text(encoding="utf-8")
    removed, added = changed_lines(before, after)
    assert removed == ["    status: planned"]
    assert added == [
        "    status: ongoing",
        "      - date: 2026-11-25",
        "        status: ongoing",
        "        note: Erster Kurs hat am 3. November begonnen.",
    ]
    assert "Halb" not in after
    assert not [p for p in (example / "concepts").iterdir() if p.name.startswith(".")]
    doc = yaml_io.load(example / LK)
    assert doc.ok and not doc.findings
    assert run_cli("validate", LK, "--today", TODAY, cwd=example).code == 0


def test_ctrl_c_after_choosing_a_status_says_it_was_not_saved(example: Path) -> None:
    """Issue 14, point 8: Ctrl-C at the Sachstand prompt, after the status was chosen,
    must not claim that everything is saved."""
    pexpect = pytest.importorskip("pexpect")
    before = (example / LK).read_bytes()
    child = spawn(example, LK, "--today", TODAY)
    child.expect_exact("Punkt 1 von 7")
    answer(child, ACTION, "")
    child.expect_exact("Punkt 2 von 7")
    answer(child, ACTION, "s")
    answer(child, "Neuer Status", "laufend")
    child.expect_exact("Sachstand dazu")
    child.sendintr()
    child.expect_exact("Abgebrochen; nicht gespeichert: M-WOH-03: Status: geplant → laufend.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert (example / LK).read_bytes() == before
