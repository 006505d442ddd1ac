"""The Beschlussvorlage (render --kind council): its shape, its numbers, its issuer,
read back from Markdown, DOCX (python-docx, LibreOffice) and PDF (pypdf)."""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from integ import finance

from .conftest import DATA, run_cli
from .test_diff import edit, git
from .test_render import MINIMAL, docx_text, pdf_text, write_concept

DAY = "2026-12-02"
LK = "concepts/landkreis-rastatt.yaml"
DUR = "concepts/gemeinde-durmersheim.yaml"
GAG = "concepts/stadt-gaggenau.yaml"


def council(ws: Path, concept: str, out: str, *more: str) -> Path:
    to = out.rsplit(".", 1)[1]
    result = run_cli(
        "render",
        concept,
        "--kind",
        "council",
        "--to",
        to,
        "--today",
        DAY,
        "-o",
        out,
        *more,
        cwd=ws,
    )
    assert result.code == 0, result.err + result.out
    return ws / out


def plain(md: str) -> str:
    import re

    return re.sub(r"\\(.)", r"\1", md).replace("\u00a0", " ")


# --------------------------------------------------------------------------- finance


def m(ident: str, start: Any, end: Any, budget: dict[str, Any], status: str = "ongoing") -> Any:
    return {"id": ident, "start": start, "end": end, "budget": budget, "status": status}


def test_m_arb_04_runs_24_months_not_three_years() -> None:
    arb04 = m("M-ARB-04", "2024-07", "2026-06", {"amount": 52000, "until": "2026-06"})
    fx = finance.effects([arb04], {"start": 2023, "end": 2027}, dt.date(2024, 6, 15))
    assert fx.years == [2024, 2025, 2026]
    assert fx.rows[0].years == {2024: 26000, 2025: 52000, 2026: 26000}
    assert fx.total == 104000  # the old table said 156.000 €


def test_past_months_and_years_are_no_effects() -> None:
    arb04 = m("M-ARB-04", "2024-07", "2026-06", {"amount": 52000})
    fx = finance.effects([arb04], {}, dt.date(2025, 3, 10))  # from April 2025 on
    assert fx.years == [2025, 2026]
    assert fx.rows[0].years == {2025: 39000, 2026: 26000}
    assert finance.effects([arb04], {}, dt.date(2026, 6, 1)).rows == []


def test_end_is_the_earliest_of_measure_funding_and_period() -> None:
    a = m("A", 2027, None, {"amount": 12000, "until": "2027-03"})
    b = m("B", 2027, None, {"amount": 12000})
    fx = finance.effects([a, b], {"end": "2027-06"}, dt.date(2026, 12, 2))
    assert [r.years for r in fx.rows] == [{2027: 9000}]  # 3 + 6 months, one row "—"
    assert fx.open_ended == []
    fx = finance.effects([b], {}, dt.date(2026, 12, 2))
    assert fx.rows == [] and fx.open_ended == [("B", 12000, "")]


def test_total_amounts_are_spread_over_the_run() -> None:
    x = m("X", "2027-03", "2028-02", {"amount": 6000, "per": "total", "source": "municipality"})
    fx = finance.effects([x], {}, dt.date(2026, 11, 25))
    assert fx.rows[0].years == {2027: 5000, 2028: 1000}


def test_payers_are_grouped_and_never_summed_without_breakdown() -> None:
    measures = [
        m(
            "A",
            2027,
            2027,
            {
                "amount": 38000,
                "shares": [
                    {"source": "eu", "amount": 22800},
                    {"source": "district", "amount": 15200},
                ],
            },
        ),
        m("B", 2027, 2027, {"amount": 10000, "source": "district"}),
        m("C", 2027, 2027, {"amount": 5000, "funding": "Stiftung Gute Nachbarschaft"}),
        m(
            "D",
            2027,
            2027,
            {
                "amount": 7000,
                "shares": [{"source": "state", "amount": 4000}],
                "funding": "Land und ?",
            },
        ),
        m("E", 2027, 2027, {"amount": 99999, "source": "state"}, status="dropped"),
    ]
    fx = finance.effects(measures, {}, dt.date(2026, 12, 2))
    rows = [(r.source, r.funding, r.years.get(2027)) for r in fx.rows]
    assert rows == [
        ("district", "", 25200),
        ("state", "", 4000),
        ("eu", "", 22800),
        (None, "Land und ?", 3000),  # shares that do not add up: the rest stays visible
        (None, "Stiftung Gute Nachbarschaft", 5000),
    ]
    assert fx.by_source("district") == 25200 and fx.total == 60000


# --------------------------------------------------------------------------- shape


def test_golden_markdown_of_the_example_submissions(example: Path) -> None:
    for concept, name in ((LK, "landkreis-rastatt.council.md"), (DUR, "durmersheim.council.md")):
        produced = council(example, concept, "out.md").read_text(encoding="utf-8")
        golden = DATA / "golden" / name
        if os.environ.get("INTEG_UPDATE_GOLDEN"):
            golden.write_text(produced, encoding="utf-8")
        assert produced == golden.read_text(encoding="utf-8"), (
            "the submission changed; INTEG_UPDATE_GOLDEN=1 pytest updates the golden file"
        )


def test_example_submission_reads_back_from_markdown(example: Path) -> None:
    text = plain(council(example, LK, "lk.md").read_text(encoding="utf-8"))
    for part in (
        "| Vorlage-Nr. | Aktenzeichen | Federführendes Amt | Datum |",
        "| DS 2026/117 | 50.3-012.21 | Amt für Migration und Integration | 02.12.2026 |",
        "Sozialausschuss | 19.01.2027 | öffentlich | Vorberatung",
        "Kreistag | 09.02.2027 | öffentlich | Beschlussfassung",
    ):
        assert part in text, part
    order = [
        text.index(f"# {h}")
        for h in (
            "Betreff",
            "Beschlussvorschlag",
            "Sachverhalt",
            "Finanzielle Auswirkungen",
            "Anlagen",
        )
    ]
    assert order == sorted(order)
    # an adopted version is not adopted again: the update is proposed
    assert "beschließt die Fortschreibung des Integrationskonzepts des Landkreises" in text
    assert "„Integrationskonzept" not in text
    assert "1. Der Kreistag" in text and "2. Die Verwaltung" in text
    assert "3-mal überprüft" in text and "4 Netzwerken" in text
    # money by payer, 2027 only (the period ends 2027, --today is December 2026)
    assert "| Mittelgeber | 2027 | Summe |" in text
    assert "2023" not in text.split("# Finanzielle")[1].split("# Anlagen")[0]
    assert "Landkreis (Kreishaushalt) | 263.467 €" in text
    assert "ohne Angabe des Mittelgebers" not in text
    # no git history here: the concept only, no Synopse
    assert "Synopse" not in text


def test_numbered_points_from_the_option_stay_points(workspace: Path) -> None:
    write_concept(workspace, MINIMAL)
    out = council(
        workspace,
        "concepts/minimal.yaml",
        "v.docx",
        "--proposal",
        "Der {body} beschließt:\n1. Erstens.\n2. Zweitens,\n   fortgesetzt.",
    )
    from docx import Document

    boxed = [p for p in Document(str(out)).paragraphs if p.style.name == "Beschlussvorschlag"]
    assert [p.text for p in boxed] == [
        "Der Gemeinderat beschließt:",
        "Erstens.",
        "Zweitens, fortgesetzt.",
    ]
    numbered = [p for p in boxed if p._p.pPr.numPr is not None]
    assert len(numbered) == 2


def test_resolution_per_concept_wins_and_settings_merge(workspace: Path) -> None:
    (workspace / "integ.yaml").write_text(
        "organisation: Testamt\nresolution: Workspace-Text\n"
        "council: {office: Hauptamt, number: W-1}\n",
        encoding="utf-8",
    )
    data = copy.deepcopy(MINIMAL)
    data["council"] = {"number": "GR 7/2026", "resolution": ["Punkt {version}.", "Punkt zwei."]}
    write_concept(workspace, data)
    text = plain(council(workspace, "concepts/minimal.yaml", "v.md").read_text(encoding="utf-8"))
    assert "| Vorlage-Nr. | Federführendes Amt | Datum |" in text
    assert "| GR 7/2026 | Hauptamt | 02.12.2026 |" in text
    assert "1. Punkt 1.0." in text and "2. Punkt zwei." in text
    assert "Workspace-Text" not in text and "W-1" not in text


@pytest.mark.parametrize(
    ("resolution", "words"),
    [
        ("Der {gremium} beschließt.", ["{gremium}", "council.resolution", "{body}"]),
        ("Beschluss vom {adopted_date}.", ["{adopted_date}", "noch nicht beschlossen"]),
        ("Eine { Klammer.", ["geschweifte Klammer", "{body}"]),
    ],
)
def test_placeholders_are_filled_or_refused(
    example: Path, resolution: str, words: list[str]
) -> None:
    path = example / DUR
    text = path.read_text(encoding="utf-8")
    start = text.index("  resolution:\n")
    path.write_text(text[:start] + f"  resolution: {resolution!r}\n", encoding="utf-8")
    result = run_cli(
        "render", DUR, "--kind", "council", "--to", "md", "--today", DAY, "-o", "x.md", cwd=example
    )
    assert result.code != 0 and "Traceback" not in result.err
    for w in words:
        assert w in result.err, (w, result.err)
    assert not (example / "x.md").exists()


def test_a_filled_placeholder(workspace: Path) -> None:
    write_concept(workspace, MINIMAL)
    out = council(
        workspace,
        "concepts/minimal.yaml",
        "v.md",
        "--proposal",
        "Der {body} nimmt {title} am {date} zur Kenntnis.",
    )
    assert (
        "Der Gemeinderat nimmt Integrationskonzept der Gemeinde Musterdorf am "
        "2. Dezember 2026 zur Kenntnis."
    ) in plain(out.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- documents


def test_docx_and_pdf_of_the_example(example: Path) -> None:
    from docx import Document
    from docx.oxml.ns import qn
    from pypdf import PdfReader

    for concept, issuer in ((LK, "Landratsamt Rastatt"), (DUR, "Bürgermeisteramt Durmersheim")):
        docx = council(example, concept, "v.docx")
        pdf = council(example, concept, "v.pdf")
        doc = Document(str(docx))
        assert doc.core_properties.author == issuer
        reader = PdfReader(str(pdf))
        assert reader.metadata.author == issuer
        assert len(reader.pages) <= 2, "the submission is one or two pages"
        # no Heading 1 starts a page of its own in Word
        for p in doc.paragraphs:
            if p.style.name == "Heading 1":
                brk = p._p.pPr.find(qn("w:pageBreakBefore"))
                assert brk is not None and brk.get(qn("w:val")) == "0", p.text
        boxed = [p.text for p in doc.paragraphs if p.style.name == "Beschlussvorschlag"]
        assert len(boxed) == 2 and boxed[0].startswith("Der ")
        words, text = docx_text(docx), pdf_text(pdf)
        for part in (
            "Beratungsfolge",
            "Vorberatung",
            "Beschlussfassung",
            "Mittelgeber",
            "Anlagen",
            boxed[0][:40],
        ):
            assert part in words, part
            assert part in text.replace("\n", " "), part
        assert "Landratsamt" not in words or concept == LK
    dur = docx_text(example / "v.docx")
    assert "nichtöffentlich" in dur and "GR 2027/014" in dur


def test_amounts_do_not_break_in_word_cells(example: Path) -> None:
    """Amounts keep a no-break space before the euro sign, and the money columns get
    at least the width of their longest amount (pandoc's relative widths)."""
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(str(council(example, LK, "v.docx")))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Mittelgeber")
    amounts = [c.text for r in table.rows[1:] for c in r.cells[1:]]
    assert all("\u00a0€" in a for a in amounts if a != "–")
    grid = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    longest = max(len(a) for a in amounts)
    # 11 pt Source Sans: a digit is about 0.5 em = 110 twips; a cell has 2 × 108 padding
    assert min(grid[1:]) >= longest * 110 + 216, (grid, longest)


def test_beschlussvorschlag_is_boxed_in_typst() -> None:
    from integ.render import _pandoc

    md = '::: {custom-style="Beschlussvorschlag"}\n1. Erstens.\n\n2. Zweitens.\n:::\n'
    typ = _pandoc(["--to", "typst"], md).decode("utf-8")
    assert "#block(" in typ and "stroke:" in typ
    assert typ.index("#block(") < typ.index("Erstens")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_shows_the_submission_on_two_pages(example: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    docx = council(example, LK, "v.docx")
    out = tmp_path / "lo"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(docx),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    assert len(PdfReader(str(out / "v.pdf")).pages) <= 2


# --------------------------------------------------------------------------- history


@pytest.fixture
def repo(example: Path) -> Path:
    git(example, "init", "-q", "-b", "main")
    git(example, "add", "-A")
    git(example, "commit", "-q", "-m", "Konzept 2.0 beschlossen")
    git(example, "tag", "konzept-2.0")
    return example


def test_changes_since_the_adopted_version_and_the_synopse(repo: Path) -> None:
    edit(repo / LK, "    start: 2024-07\n    end: 2026-06", "    start: 2024-07\n    end: 2027-06")
    text = plain(council(repo, LK, "v.md").read_text(encoding="utf-8"))
    assert "Gegenüber der am 18. Juli 2023 beschlossenen Fassung 2.0" in text
    assert "0 Maßnahmen neu aufgenommen und 0 herausgenommen" in text
    assert "stellt die Änderung der beschlossenen Fassung gegenüber" in text
    assert "2. Synopse: Gegenüberstellung der Fassung 2.0 vom 18. Juli 2023" in text


def test_nothing_changed_since_adoption_means_taking_note(repo: Path) -> None:
    text = plain(council(repo, LK, "v.md").read_text(encoding="utf-8"))
    assert "nimmt den Sachstand der Umsetzung des Integrationskonzepts" in text
    assert "beschließt" not in text.split("# Beschlussvorschlag")[1].split("# Sachverhalt")[0]
    assert "Synopse" not in text


# --------------------------------------------------------------------------- issuer


@pytest.mark.parametrize(
    ("concept", "issuer"),
    [(LK, "Landratsamt Rastatt"), (DUR, "Bürgermeisteramt Durmersheim"), (GAG, "Stadt Gaggenau")],
)
def test_each_municipality_issues_its_own_documents(
    example: Path, concept: str, issuer: str
) -> None:
    from docx import Document

    for kind in ("concept", "excerpt", "review"):
        extra = ["--municipality", "stadt-gaggenau"] if kind == "excerpt" else []
        if kind == "excerpt" and concept != LK:
            continue
        result = run_cli(
            "render", concept, "--kind", kind, "--today", DAY, "-o", "d.docx", *extra, cwd=example
        )
        assert result.code == 0, result.err
        assert Document(str(example / "d.docx")).core_properties.author == issuer, kind
    result = run_cli("render", concept, "--to", "md", "--today", DAY, "-o", "d.md", cwd=example)
    assert result.code == 0, result.err
    text = plain((example / "d.md").read_text(encoding="utf-8"))
    # the imprint names the issuer; the title block carries it as the author
    assert re.search(rf"Herausgeber:\W*{re.escape(issuer)}", text), text[-600:]
    if concept != LK:
        assert "Landratsamt Rastatt" not in text.split("# ")[0]
