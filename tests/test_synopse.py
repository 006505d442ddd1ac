"""The council's Synopse on a real git repository made in tmp_path: the example
workspace with the tag ``konzept-2.0`` (the adopted Fassung 2.0) against the working tree
of a Fortschreibung. Golden Markdown; DOCX read back with python-docx, PDF with pypdf."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from . import test_diff
from .conftest import DATA, run_cli
from .test_diff import edit, git
from .test_render import docx_text, pdf_text

TODAY = "2026-12-02"
LK = "concepts/landkreis-rastatt.yaml"
GG = "concepts/stadt-gaggenau.yaml"
repo = test_diff.repo  # the fixture: the example in git with the tag konzept-2.0


def _remove_measure(path: Path, ident: str, following: str) -> None:
    text = path.read_text(encoding="utf-8")
    a, b = text.index(f"  - id: {ident}\n"), text.index(f"  - id: {following}\n")
    path.write_text(text[:a] + text[b:], encoding="utf-8")


def fortschreibung(ws: Path) -> None:
    """The draft of the Fortschreibung 3.0 of the district's concept."""
    path = ws / LK
    edit(path, 'version: "2.0"\nstatus: adopted', 'version: "3.0"\nstatus: draft')
    # a completed measure leaves the concept; a measure dropped before leaves it too
    _remove_measure(path, "M-SPR-04", "M-SPR-05")
    _remove_measure(path, "M-IKO-04", "M-ADI-01")
    # a new Sachstand
    edit(
        path,
        "      - date: 2026-05-05\n        status: ongoing\n        note: Vier Kurse mit 58 "
        "Teilnehmenden, davon 49 Frauen; 31 Kinder werden betreut.\n",
        "      - date: 2026-05-05\n        status: ongoing\n        note: Vier Kurse mit 58 "
        "Teilnehmenden, davon 49 Frauen; 31 Kinder werden betreut.\n"
        "      - date: 2026-10-20\n        note: Fünfter Kurs in Bühl begonnen.\n",
    )
    # an indicator's target year moves, with a change_note as its Begründung
    edit(
        path,
        "            baseline: {value: 29, year: 2023}\n            target: {value: 20, year: 2027}\n",
        "            baseline: {value: 29, year: 2023}\n            target: {value: 20, year: 2028}\n"
        "            change_note: Die zweite Befragung findet erst 2028 statt.\n",
    )
    # a measure's start year (a year, never 2.017)
    edit(path, "    start: 2016\n", "    start: 2017\n")
    # the concept's own change has a Begründung too
    edit(
        path,
        "period: {start: 2023, end: 2027}\n",
        "period: {start: 2023, end: 2030}\n"
        "change_note: Fortschreibung nach dem Integrationsbericht 2026.\n",
    )


def synopse(ws: Path, name: str, *args: str) -> Path:
    result = run_cli("diff", "--from", "konzept-2.0", "-o", name, "--today", TODAY, *args, cwd=ws)
    assert result.code == 0, result.err
    return ws / name


# --------------------------------------------------------------------------- Markdown


def test_golden_markdown_of_the_example(repo: Path) -> None:
    fortschreibung(repo)
    produced = synopse(repo, "synopse.md").read_text(encoding="utf-8")
    golden = DATA / "golden" / "synopse.landkreis.md"
    if os.environ.get("INTEG_UPDATE_GOLDEN"):
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8"), (
        "the Synopse changed; INTEG_UPDATE_GOLDEN=1 pytest updates the golden file"
    )


def _title(md: str) -> str:
    meta = json.loads(md.split("---\n")[1])
    return re.sub(r"\\(.)", r"\1", meta["title"])


def _rows(md: str) -> dict[str, list[str]]:
    """Table rows by their element column, cells unescaped."""
    out = {}
    for line in md.splitlines():
        if line.startswith("| ") and not line.startswith("|:"):
            cells = [re.sub(r"\\(.)", r"\1", c.strip()) for c in line.strip("|").split(" | ")]
            out[cells[1]] = cells
    return out


def test_every_point_of_the_synopse(repo: Path) -> None:
    fortschreibung(repo)
    md = synopse(repo, "synopse.md").read_text(encoding="utf-8")
    plain = re.sub(r"\\(.)", r"\1", md)
    # the right concept, the versions in the council's words, no git jargon
    assert _title(md) == "Synopse: Integrationskonzept des Landkreises Rastatt"
    assert "# Integrationskonzept des Landkreises Rastatt" in plain
    assert "Fassung 2.0 vom 18.07.2023 → Entwurf der Fassung 3.0 vom 02.12.2026" in plain
    for jargon in ("WORKTREE", "HEAD", "konzept-2.0", "Durmersheim", "Gaggenau\n"):
        assert jargon not in plain, jargon
    # only concepts with changes
    assert plain.count("\n# ") == 1 and "Keine inhaltlichen Änderungen" not in plain
    rows = _rows(md)
    assert rows["Element"][-1] == "Erläuterung"
    concept = rows["Konzept"]
    assert "Status: ~~beschlossen~~" in concept[2] and "[Entwurf]{.underline}" in concept[3]
    assert "Fassung: ~~2.0~~" in concept[2] and "[3.0]{.underline}" in concept[3]
    assert "[2030]{.underline}" in concept[3]
    assert concept[5] == "Fortschreibung nach dem Integrationsbericht 2026."
    # removals: completed is not dropped
    assert rows["Maßnahme M-SPR-04"][4] == "abgeschlossen, entfernt"
    assert rows["Maßnahme M-SPR-04"][5].startswith("16.12.2024: 18 Veranstaltungen")
    assert rows["Maßnahme M-IKO-04"][4] == "gestrichen"
    assert rows["Maßnahme M-IKO-04"][5].startswith("Datenschutzrechtliche Prüfung negativ")
    # a new Sachstand is the Erläuterung, not a change of the text
    spr02 = rows["Maßnahme M-SPR-02"]
    assert spr02[4] == "Sachstand fortgeschrieben"
    assert spr02[5] == "20.10.2026: Fünfter Kurs in Bühl begonnen."
    # years without a thousands separator, the change_note as Begründung
    (adi,) = [r for k, r in rows.items() if k.startswith("Indikator I-ADI-2")]
    assert "Zieljahr: ~~2027~~" in adi[2] and "Zieljahr: [2028]{.underline}" in adi[3]
    assert adi[5] == "Die zweite Befragung findet erst 2028 statt."
    (bil,) = [r for k, r in rows.items() if k.startswith("Maßnahme M-BIL-01")]
    assert "~~2016~~" in bil[2] and "[2017]{.underline}" in bil[3]
    assert bil[5] == ""  # no note, no Sachstand: empty
    assert not re.search(r"\b\d\.\d{3}\b(?! €)", plain.split("| Handlungsfeld")[1]), "2.027?"


def test_an_old_change_note_is_no_reason_for_a_new_change(repo: Path) -> None:
    path = repo / LK
    edit(path, "    start: 2016\n", "    start: 2016\n    change_note: Alte Begründung.\n")
    git(repo, "commit", "-qam", "Begründung")
    git(repo, "tag", "-f", "konzept-2.0")
    edit(path, "    start: 2016\n", "    start: 2017\n")
    rows = _rows(synopse(repo, "s.md").read_text(encoding="utf-8"))
    (bil,) = [r for k, r in rows.items() if k.startswith("Maßnahme M-BIL-01")]
    assert bil[5] == ""
    # the note alone is no change
    edit(path, "    start: 2017\n", "    start: 2016\n")
    edit(path, "Alte Begründung.", "Neue Begründung.")
    text = synopse(repo, "t.md").read_text(encoding="utf-8")
    assert "M\\-BIL\\-01" not in text and "keine inhaltlichen Änderungen" in text


def test_versions_described_by_fassung(repo: Path) -> None:
    path = repo / LK
    edit(path, "    start: 2016\n", "    start: 2017\n")
    md = re.sub(r"\\(.)", r"\1", synopse(repo, "a.md").read_text(encoding="utf-8"))
    assert "Fassung 2.0 vom 18.07.2023 → Entwurf vom 02.12.2026" in md
    # a commit after the tag that is not the adopted text: with the date it was made
    git(repo, "commit", "-qam", "Sachstand")
    edit(path, "    start: 2017\n", "    start: 2018\n")
    result = run_cli("diff", "--from", "HEAD", "-o", "b.md", "--today", TODAY, cwd=repo)
    assert result.code == 0, result.err
    md = re.sub(r"\\(.)", r"\1", (repo / "b.md").read_text(encoding="utf-8"))
    assert "Fassung 2.0 vom 18.07.2023, Stand 15.01.2026 → Entwurf vom 02.12.2026" in md
    # a new concept has no earlier Fassung
    (repo / "concepts" / "neu.yaml").write_text(
        (repo / GG).read_text(encoding="utf-8").replace("id: stadt-gaggenau", "id: neu", 1),
        encoding="utf-8",
    )
    md = re.sub(r"\\(.)", r"\1", synopse(repo, "c.md").read_text(encoding="utf-8"))
    assert "keine frühere Fassung → " in md


def test_several_concepts_each_with_its_own_section(repo: Path) -> None:
    fortschreibung(repo)
    edit(
        repo / GG,
        "Lerntreff Deutsch in Bad Rotenfels und Ottenau",
        "Lerntreff Deutsch in Bad Rotenfels und Hörden",
    )
    raw = synopse(repo, "s.md").read_text(encoding="utf-8")
    assert _title(raw) == "Synopse der Integrationskonzepte: Landkreis Rastatt"
    md = re.sub(r"\\(.)", r"\1", raw)
    heads = [line for line in md.splitlines() if line.startswith("# ")]
    assert heads == [
        "# Integrationskonzept des Landkreises Rastatt",
        "# Integrationskonzept der Stadt Gaggenau",
    ]
    assert "Durmersheim" not in md
    docx = synopse(repo, "s.docx")
    from docx import Document

    doc = Document(str(docx))
    headers = {p.text for s in doc.sections for p in s.header.paragraphs if p.text}
    assert headers == {"Landkreis Rastatt"}


# --------------------------------------------------------------------------- Word, PDF


@pytest.fixture
def documents(repo: Path) -> dict[str, Path]:
    fortschreibung(repo)
    return {to: synopse(repo, f"synopse.{to}") for to in ("docx", "pdf")}


def test_docx_read_back(documents: dict[str, Path]) -> None:
    from docx import Document

    doc = Document(str(documents["docx"]))
    (table,) = doc.tables
    head = [c.text for c in table.rows[0].cells]
    assert head == [
        "Handlungsfeld",
        "Element",
        "Bisherige Fassung",
        "Neue Fassung",
        "Art der Änderung",
        "Erläuterung",
    ]
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert rows["Maßnahme M-SPR-04"][4] == "abgeschlossen, entfernt"
    assert rows["Maßnahme M-IKO-04"][4] == "gestrichen"
    assert rows["Konzept"][0] == "Allgemein"
    assert "2.0" in rows["Konzept"][2] and "3.0" in rows["Konzept"][3]
    runs = [r for row in table.rows[1:] for c in row.cells for p in c.paragraphs for r in p.runs]
    assert any(r.font.strike and "2027" in r.text for r in runs)
    assert any(r.font.underline and "2028" in r.text for r in runs)
    text = docx_text(documents["docx"])
    assert "Fassung 2.0 vom 18.07.2023 → Entwurf der Fassung 3.0 vom 02.12.2026" in text
    assert "Synopse: Integrationskonzept des Landkreises Rastatt" in doc.core_properties.title
    headers = {p.text for s in doc.sections for p in s.header.paragraphs if p.text}
    assert headers == {"Landkreis Rastatt"}
    for wrong in ("WORKTREE", "HEAD", "Durmersheim", "2.027", "2.028", "2.016", "2.017"):
        assert wrong not in text, wrong
    assert doc.sections[-1].page_width > doc.sections[-1].page_height


def test_pdf_read_back(documents: dict[str, Path]) -> None:
    from pypdf import PdfReader

    reader = PdfReader(str(documents["pdf"]))
    text = pdf_text(documents["pdf"]).replace("\u00ad", "")
    flat = " ".join(text.split())
    assert "Synopse: Integrationskonzept des Landkreises Rastatt" in flat
    assert "Fassung 2.0 vom 18.07.2023 → Entwurf der Fassung 3.0 vom 02.12.2026" in flat
    assert "Erläuterung" in flat and "abgeschlossen, entfernt" in flat
    assert "Die zweite Befragung findet erst 2028 statt." in flat
    for wrong in ("WORKTREE", "HEAD", "Durmersheim", "2.027", "2.028"):
        assert wrong not in flat, wrong
    # the running header names the district on every page after the first
    for page in reader.pages[1:]:
        assert "Landkreis Rastatt" in page.extract_text()
    assert str(reader.metadata.title) == "Synopse: Integrationskonzept des Landkreises Rastatt"


def test_public_synopse_leaves_private_contacts_out(repo: Path) -> None:
    path = repo / LK
    edit(path, "    name: Tobias Wendling\n", "    name: Tobias Wendling-Neu\n")
    edit(path, "    start: 2016\n", "    start: 2017\n")
    text = synopse(repo, "p.md").read_text(encoding="utf-8")
    assert "Wendling" not in text and "2017" in text


def test_english(repo: Path) -> None:
    fortschreibung(repo)
    md = synopse(repo, "en.md", "--lang", "en").read_text(encoding="utf-8")
    plain = re.sub(r"\\(.)", r"\1", md)
    assert "Version 2.0 of 18 Jul 2023 → Draft of version 3.0, 2 Dec 2026" in plain
    assert "completed, removed" in plain and "Explanation" in plain
    assert "Erläuterung" not in plain and "gestrichen" not in plain


def test_a_new_meeting_alone_gives_no_section_a_network_change_a_row(repo: Path) -> None:
    fortschreibung(repo)
    edit(
        repo / GG,
        "    meetings:\n      - date: 2024-05-16\n",
        "    meetings:\n      - date: 2024-03-01\n        topics: [Auftakt]\n"
        "      - date: 2024-05-16\n",
    )
    md = _plain_md(synopse(repo, "a.md"))
    assert "Gaggenau\n" not in md and "# Integrationskonzept der Stadt Gaggenau" not in md
    edit(repo / GG, "    cadence_months: 6\n    # Seit", "    cadence_months: 4\n    # Seit")
    md = _plain_md(synopse(repo, "b.md"))
    assert "# Integrationskonzept der Stadt Gaggenau" in md
    row = next(line for line in md.splitlines() if "Netzwerk runder-tisch-gaggenau" in line)
    assert row.startswith("| Allgemein |") and "~~6 Monate~~" in row and "[4 Monate]" in row


def _plain_md(path: Path) -> str:
    return re.sub(r"\\(.)", r"\1", path.read_text(encoding="utf-8"))
