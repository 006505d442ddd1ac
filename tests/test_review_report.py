"""The Integrationsbericht for the council (``render --kind review``, ``integ review -o``):
Berichtszeitraum, results per field of action, goals assessed from their indicators,
the Handlungsbedarf with who is responsible, networks by name, no coordinator to-dos.
Real git in tmp_path; DOCX read back with python-docx, PDF with pypdf."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from integ.labels import Locale
from integ.review import IndicatorProgress
from integ.review_report import goal_assessment, period_start

from .conftest import run_cli
from .test_diff import edit, git
from .test_render import docx_text, pdf_text

TODAY = "2026-12-02"
LK = "concepts/landkreis-rastatt.yaml"
GG = "concepts/stadt-gaggenau.yaml"
SPRACHE = "    cadence_months: 6\n    meetings:\n      - date: 2025-06-12\n"
TODOS = ("eintragen", "integ review", "git", "oder früher", "Versehen", "setzen")


def _plain(md: str) -> str:
    return re.sub(r"\\(.)", r"\1", md)


def report(ws: Path, path: str, name: str = "bericht.md", *args: str) -> Path:
    result = run_cli(
        "render", path, "--kind", "review", "--to", name.rsplit(".", 1)[1], "-o", name,
        "--today", TODAY, *args, cwd=ws,
    )  # fmt: skip
    assert result.code == 0, result.err
    return ws / name


# --------------------------------------------------------------------------- pure


def test_period_starts_at_the_last_review_else_the_adoption() -> None:
    today = dt.date(2026, 12, 2)
    data = {"adopted": {"date": "2023-07-18"}, "reviews": [{"date": "2025-05-13"}]}
    assert period_start(data, today) == (dt.date(2025, 5, 13), "review")
    data["reviews"].append({"date": "2026-12-02"})  # recorded today: not the start
    assert period_start(data, today) == (dt.date(2025, 5, 13), "review")
    assert period_start({"adopted": {"date": "2023-07-18"}}, today) == (
        dt.date(2023, 7, 18),
        "adopted",
    )
    assert period_start({}, today) == (None, "none")


def _ind(on_track: bool | None, stale: bool = False) -> IndicatorProgress:
    return IndicatorProgress(
        "c", "I", "t", "percent", "increase", 1, 2020, 2, 2025, 3, 2027, 0.5, on_track, "Z", stale
    )


def test_goal_assessment_from_its_indicators() -> None:
    loc = Locale("de")
    assert goal_assessment([_ind(True), _ind(True)], loc) == "im Plan"
    assert goal_assessment([_ind(False)], loc) == "nicht im Plan"
    assert (
        goal_assessment([_ind(True), _ind(False)], loc) == "teilweise im Plan (1 von 2 Indikatoren)"
    )
    assert goal_assessment([_ind(None, stale=True)], loc) == "keine aktuellen Daten"
    assert goal_assessment([_ind(True), _ind(None, stale=True)], loc) == "im Plan"
    assert goal_assessment([], loc) == "ohne Indikator"
    assert goal_assessment([_ind(False)], Locale("en")) == "off track"


# --------------------------------------------------------------------------- Markdown


def test_report_for_the_council(example: Path) -> None:
    path = example / LK
    edit(
        path, SPRACHE, SPRACHE.replace("months: 6", "months: 3")
    )  # the Arbeitskreis meets quarterly
    md = _plain(report(example, LK).read_text(encoding="utf-8"))
    # Berichtszeitraum since the last recorded review
    assert "Berichtszeitraum: 12.05.2026 bis 02.12.2026 (seit der letzten Überprüfung" in md
    # per field of action what the measures achieved in the period, and only that
    sprache = md.split("### Sprache")[1].split("### Bildung")[0]
    assert "M-SPR-03 Sprachcafés und Lernwerkstätten im Murgtal" in sprache
    assert "17.06.2026: Sechs Sprachcafés" in sprache
    assert "Caritasverband für den Landkreis Rastatt" in sprache  # the lead by name
    assert "28.04.2026" not in sprache  # before the period
    assert "Zentrale Warteliste seit Februar" not in sprache
    # per goal an assessment from its indicators
    assert re.search(r"\| Z-SPR-1 [^|]*\| I-SPR-1: 54\s% \(2025\), Ziel 60\s% \(2027\)", sprache)
    assert "teilweise im Plan (1 von 2 Indikatoren)" in sprache
    assert "| Z-SPR-2 " in sprache and "| im Plan |" in sprache
    adi = md.split("### Antidiskriminierung")[1]
    assert "keine aktuellen Daten |" in adi.split("## Handlungsbedarf")[0]
    # Handlungsbedarf for the council: what is open and who is responsible
    needs = md.split("## Handlungsbedarf")[1].split("\n## ")[0]
    assert (
        "| Maßnahme M-WOH-03 „Mietführerschein-Kurse für Geflüchtete“ sollte am 01.03.2026 "
        "beginnen und hat noch nicht begonnen. | AWO Kreisverband Rastatt e. V. | 01.03.2026 |"
    ) in needs
    assert "Das Netzwerk „Arbeitskreis Sprachkursträger“ hat sich zuletzt am 11.06.2026" in needs
    assert "netzwerk-sprache" not in md  # networks by name
    assert "Landratsamt Rastatt – Amt für Migration und Integration" in needs  # its convener
    for todo in TODOS:
        assert todo not in md, todo
    # no history: nothing said about it
    assert "Änderungen am Konzept" not in md and "Keine Fassung" not in md


def test_terminal_agenda_keeps_the_coordinators_to_dos(example: Path) -> None:
    result = run_cli("review", LK, "--today", TODAY, cwd=example)
    assert "einen Sachstand eintragen" in result.out


def test_period_since_adoption_and_changes_from_git(example: Path) -> None:
    path = example / GG
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("reviews:\n")], encoding="utf-8")  # no review recorded
    md = _plain(report(example, GG).read_text(encoding="utf-8"))
    assert "Berichtszeitraum: 26.02.2024 bis 02.12.2026 (seit dem Beschluss am 26.02.2024)" in md
    # with git: the Landkreis' history goes back before its last review (12.05.2026):
    # what changed since, in sentences; Gaggenau's does not (14.10.2025): nothing said
    path.write_text(text, encoding="utf-8")
    git(example, "init", "-q", "-b", "main")
    git(example, "add", "-A")
    git(example, "commit", "-q", "-m", "Konzept 2.0 beschlossen")  # dated 15.01.2026
    git(example, "tag", "konzept-2.0")
    edit(example / LK, "    start: 2016\n", "    start: 2017\n")
    md = _plain(report(example, LK, "lk.md").read_text(encoding="utf-8"))
    changes = md.split("## Änderungen am Konzept seit der letzten Überprüfung")[1]
    assert "Maßnahme M-BIL-01" in changes.split("\n## ")[0]
    md = _plain(report(example, GG, "gg.md").read_text(encoding="utf-8"))
    assert "Änderungen am Konzept" not in md and "Keine Fassung" not in md


def test_report_read_back_from_docx_and_pdf(example: Path) -> None:
    from docx import Document

    edit(example / LK, SPRACHE, SPRACHE.replace("months: 6", "months: 3"))
    docx = report(example, LK, "bericht.docx")
    pdf = report(example, LK, "bericht.pdf")
    doc = Document(str(docx))
    headings = [
        p.text for p in doc.paragraphs if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert headings[:5] == [
        "Übersicht",
        "Integrationskonzept des Landkreises Rastatt",
        "Stand der Maßnahmen",
        "Ergebnisse in den Handlungsfeldern",
        "Sprache",
    ]
    needs = next(t for t in doc.tables if t.rows[0].cells[0].text == "Nr.")
    assert [c.text for c in needs.rows[0].cells] == [
        "Nr.",
        "Offener Punkt",
        "Zuständig",
        "Fällig seit / bis",
    ]
    goals = next(t for t in doc.tables if t.rows[0].cells[0].text == "Ziel")
    assert [c.text for c in goals.rows[0].cells] == ["Ziel", "Indikatoren", "Bewertung"]
    text = docx_text(docx)
    assert "Berichtszeitraum: 12.05.2026 bis 02.12.2026" in text
    assert "Arbeitskreis Sprachkursträger" in text and "netzwerk-sprache" not in text
    for todo in TODOS:
        assert todo not in text, todo
    flat = " ".join(pdf_text(pdf).replace("\u00ad", "").split())
    assert "Berichtszeitraum: 12.05.2026 bis 02.12.2026" in flat
    assert "Ergebnisse in den Handlungsfeldern" in flat and "teilweise im Plan" in flat
    assert "Im Berichtszeitraum erreicht" in flat
    for todo in ("eintragen", "oder früher", "netzwerk-sprache"):
        assert todo not in flat, todo


def test_public_report_leaves_private_contacts_out(example: Path) -> None:
    md = report(example, LK).read_text(encoding="utf-8")
    assert "Tobias Wendling" not in md and "Selin" not in md
    internal = report(example, LK, "i.md", "--audience", "internal").read_text(encoding="utf-8")
    assert "Tobias Wendling" in internal


def test_english_report(example: Path) -> None:
    md = _plain(report(example, LK, "en.md", "--lang", "en").read_text(encoding="utf-8"))
    assert "Reporting period: 12 May 2026 to 2 Dec 2026" in md
    assert "Results by field of action" in md and "partly on track" in md
    assert "Berichtszeitraum" not in md and "Zuständig" not in md


@pytest.mark.parametrize("kind", ["review"])
def test_integ_review_o_is_the_same_council_paper(example: Path, kind: str) -> None:
    (example / "a").mkdir()
    result = run_cli("review", LK, "--today", TODAY, "-o", "a/bericht.md", cwd=example)
    assert result.code == 0, result.err
    made = (example / "a" / "bericht.md").read_text(encoding="utf-8")
    assert made == report(example, LK, "bericht.md").read_text(encoding="utf-8")
