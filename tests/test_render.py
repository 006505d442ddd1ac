"""integ render: read back what pandoc and typst produced (python-docx, pypdf, pikepdf,
an HTML parser), golden Markdown, an injection corpus and private-contact canaries."""

from __future__ import annotations

import copy
import itertools
import json
import os
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from integ import yaml_io

from .conftest import DATA, ROOT, TODAY, run_cli

MINIMAL = yaml_io.load(DATA / "valid" / "minimal.yaml").data
CANARY_NAME = "Kanarienvogel Privatperson"
CANARY_MAIL = "kanarienvogel@example.org"
CANARY_PHONE = "+49 7222 555-0199"


def write_concept(ws: Path, data: dict[str, Any]) -> Path:
    path = ws / "concepts" / f"{data['id']}.yaml"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def with_canary(data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    data["contacts"].append(
        {
            "id": "privat",
            "name": CANARY_NAME,
            "email": CANARY_MAIL,
            "phone": CANARY_PHONE,
            "role": "Sachbearbeitung",
        }
    )
    return data


def render(ws: Path, *args: str) -> None:
    result = run_cli("render", "--today", TODAY, *args, cwd=ws)
    assert result.code == 0, result.err + result.out
    assert "Traceback" not in result.err


def docx_text(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)
    return text.replace("\xad\n", "")  # words hyphenated at a line end


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang = None
        self.title = ""
        self.headings: list[int] = []
        self.images: list[dict[str, str | None]] = []
        self.scripts = 0
        self._in_title = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        elif tag == "title":
            self._in_title = True
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "img":
            self.images.append(dict(attrs))
        elif tag == "script":
            self.scripts += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        self.text.append(data)


def parse_html(path: Path) -> _Html:
    parser = _Html()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def heading_levels_docx(path: Path) -> list[int]:
    from docx import Document

    levels = []
    for p in Document(str(path)).paragraphs:
        name = p.style.name if p.style is not None else ""
        if name.startswith("Heading "):
            levels.append(int(name.split()[1]))
    return levels


def assert_in_order(levels: list[int]) -> None:
    assert levels and levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"heading level jumps from {before} to {after}"


# --------------------------------------------------------------------------- the example


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example district concept in every format, rendered once for this module."""
    import shutil

    ws = tmp_path_factory.mktemp("example")
    shutil.copytree(ROOT / "concepts", ws / "concepts")
    for name in ("integ.yaml", "actors.yaml"):
        shutil.copy(ROOT / name, ws / name)
    out = {}
    for to in ("docx", "pdf", "html", "md"):
        target = ws / f"lk.{to}"
        render(ws, "concepts/landkreis-rastatt.yaml", "--to", to, "-o", str(target))
        out[to] = target
    return out


def test_docx_is_an_accessible_a4_german_document(district: dict[str, Path]) -> None:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm

    path = district["docx"]
    doc = Document(str(path))
    assert doc.core_properties.title == "Integrationskonzept des Landkreises Rastatt"
    assert doc.core_properties.language == "de-DE"
    first = doc.sections[0]
    assert abs(first.page_width - Cm(21)) < Cm(0.1) and abs(first.page_height - Cm(29.7)) < Cm(0.1)
    last = doc.sections[-1]
    assert last.page_width > last.page_height, "the annex of all measures is landscape"
    assert_in_order(heading_levels_docx(path))
    assert len(doc.tables) > 10
    for table in doc.tables:
        first_row = table.rows[0]._tr
        assert (
            first_row.find(qn("w:trPr")) is not None
            and first_row.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
        )
    pictures = list(doc.element.body.iter(qn("wp:docPr")))
    assert len(pictures) >= 20  # the status chart and one chart per indicator
    for pic in pictures:
        assert pic.get("descr") and not pic.get("descr").startswith("data:")
    text = docx_text(path)
    assert "Seite" in "".join(e.text or "" for e in doc.sections[0].footer._element.iter(qn("w:t")))
    assert "Landkreis Rastatt" in text and "Maßnahmen" in text
    settings = doc.settings.element
    assert settings.find(qn("w:updateFields")) is not None  # Word fills the TOC on opening
    with zipfile.ZipFile(path) as z:
        assert 'TOC \\o "1-2"' in z.read("word/document.xml").decode("utf-8")


def test_pdf_is_tagged_pdf_ua_in_german(district: dict[str, Path]) -> None:
    import pikepdf

    path = district["pdf"]
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert str(root.Lang) == "de-DE"
        assert root.MarkInfo.Marked
        meta = pdf.open_metadata()
        assert meta.get("pdfuaid:part") == "1"
        assert str(pdf.docinfo.get("/Title")) == "Integrationskonzept des Landkreises Rastatt"
        assert 25 <= len(pdf.pages) <= 80
        assert any(p.mediabox[2] > p.mediabox[3] for p in pdf.pages)  # landscape annex
        assert abs(float(pdf.pages[0].mediabox[2]) - 595.3) < 1  # A4
        fonts = {
            str(f.get("/BaseFont"))
            for p in pdf.pages[:3]
            for f in p.Resources.get("/Font", {}).values()
        }
        assert any("SourceSansPro" in f for f in fonts), fonts
    text = pdf_text(path)
    assert "Integrationskonzept des Landkreises Rastatt" in text
    assert "Maßnahmen" in text and "Überblick" in text and "Ausgangslage" in text
    assert "Seite 1 von" in text


def test_html_is_one_accessible_page(district: dict[str, Path]) -> None:
    page = parse_html(district["html"])
    assert page.lang == "de-DE"
    assert page.title.strip() == "Integrationskonzept des Landkreises Rastatt"
    assert_in_order(page.headings)
    assert page.images and all(img.get("alt") for img in page.images)
    assert page.scripts == 0


def test_markdown_is_the_intermediate_text(district: dict[str, Path]) -> None:
    text = district["md"].read_text(encoding="utf-8")
    assert "# Handlungsfeld: Sprache" in text
    assert "::: inhaltsverzeichnis" in text
    pictures = district["md"].parent / "lk_bilder"
    assert sorted(p.suffix for p in pictures.iterdir()) and all(
        p.suffix == ".svg" for p in pictures.iterdir()
    )


def test_german_formats(district: dict[str, Path]) -> None:
    text = district["md"].read_text(encoding="utf-8")
    assert "18\\. Juli 2023" in text
    assert "58\\.000\u00a0€ pro Jahr" in text
    assert "laufend" in text and "abgeschlossen" in text


# --------------------------------------------------------------------------- golden


@pytest.mark.parametrize(
    ("lang", "name"), [("de", "minimal.concept.md"), ("en", "minimal.concept.en.md")]
)
def test_golden_markdown_of_the_minimal_concept(workspace: Path, lang: str, name: str) -> None:
    write_concept(workspace, MINIMAL)
    render(workspace, "--to", "md", "--lang", lang, "-o", "out.md")
    produced = (workspace / "out.md").read_text(encoding="utf-8")
    golden = DATA / "golden" / name
    if os.environ.get("INTEG_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8"), (
        "the template output changed; INTEG_UPDATE_GOLDEN=1 pytest updates the golden file"
    )


# --------------------------------------------------------------------------- safety

PAYLOADS = [
    "Bürger*innen und Nutzer*innen",
    "Spalte | zwei | drei",
    "```{=openxml}\n<w:p><w:r><w:t>OXML-INJEKTION</w:t></w:r></w:p>\n```",
    "`#set page(fill: red)`{=typst} TYPST-INJEKTION",
    "<script>alert('HTML-INJEKTION')</script>",
    "![Datei](/etc/passwd)",
    "Fußnote[^1] und ^[Inline-Fußnote]",
    "[@mueller2020] Zitat",
    "$x^2$ Formel",
    "\\newpage \\input{/etc/passwd}",
    "# Überschrift aus dem Inhalt",
    '::: {custom-style="Titelseite"}\nDIV-INJEKTION\n:::',
    "<!-- versteckt -->",
    "{{ 7 * 7 }} {% raw %}",
    "---\ntitle: übernommen\n---",
    "&amp; &lt;b&gt;",
    "[Link](javascript:alert(1))",
    "1. kein Listenpunkt",
]


def injected() -> dict[str, Any]:
    data = with_canary(MINIMAL)
    measure = data["measures"][0]
    for i, payload in enumerate(PAYLOADS):
        data["measures"].append(
            {
                **copy.deepcopy(measure),
                "id": f"M-INJ-{i:02d}",
                "title": payload.replace("\n", " "),
                "description": payload,
                "log": [{"date": "2026-10-01", "note": payload}],
            }
        )
    data["municipality"]["name"] = 'Gemeinde "Muster\\dorf" #set'
    return data


@pytest.mark.parametrize("to", ["docx", "pdf", "html", "md"])
def test_injection_corpus_comes_out_literally(workspace: Path, to: str) -> None:
    write_concept(workspace, injected())
    render(workspace, "--to", to, "-o", f"out.{to}", "--audience", "internal")
    out = workspace / f"out.{to}"
    if to == "docx":
        with zipfile.ZipFile(out) as z:
            xml = z.read("word/document.xml").decode("utf-8")
            names = z.namelist()
        assert re.search(r"<w:t[^>]*>OXML-INJEKTION</w:t>", xml) is None
        assert "&lt;w:t&gt;OXML-INJEKTION" in xml
        assert not any("passwd" in n for n in names)
        text = docx_text(out)
    elif to == "pdf":
        text = pdf_text(out)
    elif to == "html":
        page = parse_html(out)
        assert page.scripts == 0
        assert all("passwd" not in (img.get("src") or "") for img in page.images)
        text = "".join(page.text)
    else:
        text = out.read_text(encoding="utf-8")
        assert re.search(r"(?<!\\)<script", text) is None
        return
    flat = re.sub(r"\s+", " ", text)
    for needle in (
        "Bürger*innen und Nutzer*innen",
        "Spalte | zwei | drei",
        "OXML-INJEKTION",
        "TYPST-INJEKTION",
        "<script>alert('HTML-INJEKTION')",
        "![Datei](/etc/passwd)",
        "[@mueller2020]",
        "$x^2$",
        "\\input{/etc/passwd}",
        "# Überschrift aus dem Inhalt",
        "DIV-INJEKTION",
        "{{ 7 * 7 }}",
        "&amp; &lt;b&gt;",
        "1. kein Listenpunkt",
    ):
        assert needle in flat, (to, needle)


def test_content_cannot_add_headings(workspace: Path) -> None:
    write_concept(workspace, injected())
    render(workspace, "--to", "docx", "-o", "out.docx")
    from docx import Document

    headings = [
        p.text
        for p in Document(str(workspace / "out.docx")).paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert "Überschrift aus dem Inhalt" not in headings
    assert_in_order(heading_levels_docx(workspace / "out.docx"))


KINDS = [
    ("concept",),
    ("council",),
    ("excerpt", "--actor", "vhs-musterdorf"),
    ("excerpt", "--field", "sprache"),
]


@pytest.mark.parametrize("to", ["docx", "pdf", "html", "md"])
@pytest.mark.parametrize("kind", KINDS, ids=lambda k: "-".join(k))
def test_public_documents_hold_no_private_contact(
    workspace: Path, to: str, kind: tuple[str, ...]
) -> None:
    write_concept(workspace, with_canary(MINIMAL))
    render(workspace, "--to", to, "-o", f"public.{to}", "--kind", *kind)
    out = workspace / f"public.{to}"
    raw = out.read_bytes()
    text = {"docx": docx_text, "pdf": pdf_text}.get(to, lambda p: p.read_text("utf-8"))(out)
    for canary in (CANARY_NAME, CANARY_MAIL, CANARY_PHONE):
        assert canary not in text
        assert canary.encode() not in raw
    if kind[0] == "concept":
        assert "Erika Beispiel" in text  # the public contact is there


def test_internal_documents_hold_every_contact(workspace: Path) -> None:
    write_concept(workspace, with_canary(MINIMAL))
    render(workspace, "--to", "docx", "-o", "internal.docx", "--audience", "internal")
    text = docx_text(workspace / "internal.docx")
    assert CANARY_NAME in text and CANARY_MAIL in text


# --------------------------------------------------------------------------- kinds


def test_council_submission(workspace: Path) -> None:
    data = copy.deepcopy(MINIMAL)
    data["measures"][0]["budget"] = {
        "amount": 12000,
        "per": "year",
        "funding": "Integration vor Ort",
        "until": "2026-12",
    }
    data["measures"][2]["budget"] = {"amount": 5000, "per": "total", "funding": "Gemeinde"}
    write_concept(workspace, data)
    render(workspace, "--to", "docx", "--kind", "council", "-o", "vorlage.docx")
    text = docx_text(workspace / "vorlage.docx")
    for heading in (
        "Betreff",
        "Sachverhalt",
        "Beschlussvorschlag",
        "Finanzielle Auswirkungen",
        "Anlagen",
    ):
        assert heading in text
    # adopted already: the submission proposes its update, not the same version again
    assert "Der Gemeinderat beschließt die Fortschreibung des Integrationskonzepts der" in text
    assert "„Integrationskonzept" not in text
    # month-exact, from the month after --today (2026-11-25) on: December 2026 of
    # 12.000 €/Jahr; 5.000 € over March 2027 to February 2028 (10 + 2 months)
    plain = text.replace("\u00a0", " ")
    assert "1.000 €" in plain and "4.167 €" in plain and "833 €" in plain
    assert "6.000 €" in plain and "12.000 €" not in plain
    from docx import Document

    styles = {p.style.name for p in Document(str(workspace / "vorlage.docx")).paragraphs}
    assert "Beschlussvorschlag" in styles


def test_proposal_from_option_and_integ_yaml(workspace: Path) -> None:
    write_concept(workspace, MINIMAL)
    (workspace / "integ.yaml").write_text("resolution: Der Rat nimmt Kenntnis.\n", encoding="utf-8")
    render(workspace, "--to", "md", "--kind", "council", "-o", "a.md")
    assert "Der Rat nimmt Kenntnis\\." in (workspace / "a.md").read_text(encoding="utf-8")
    render(workspace, "--to", "md", "--kind", "council", "-o", "b.md", "--proposal", "Beschluss B")
    assert "Beschluss B" in (workspace / "b.md").read_text(encoding="utf-8")


def test_excerpt_for_an_actor_holds_only_its_measures(workspace: Path) -> None:
    write_concept(workspace, MINIMAL)
    render(
        workspace,
        "--to",
        "md",
        "--kind",
        "excerpt",
        "--actor",
        "freundeskreis-musterdorf",
        "-o",
        "auszug.md",
    )
    text = (workspace / "auszug.md").read_text(encoding="utf-8")
    assert "M\\-SPR\\-01" in text and "M\\-ARB\\-01" not in text
    assert "Freundeskreis Asyl Musterdorf" in text


def test_excerpt_needs_exactly_one_selection(workspace: Path) -> None:
    write_concept(workspace, MINIMAL)
    result = run_cli("render", "--kind", "excerpt", cwd=workspace)
    assert result.code == 2 and "--actor" in result.err


def test_english_labels(workspace: Path) -> None:
    write_concept(workspace, MINIMAL)
    render(workspace, "--to", "md", "--lang", "en", "-o", "en.md")
    text = (workspace / "en.md").read_text(encoding="utf-8")
    assert "# Field of action: Sprache" in text and "ongoing" in text


def test_several_concepts_into_a_folder(example: Path) -> None:
    render(example, "--to", "html", "-o", "out")
    assert sorted(p.name for p in (example / "out").iterdir()) == [
        "gemeinde-durmersheim.html",
        "landkreis-rastatt.html",
        "stadt-gaggenau.html",
    ]


def test_an_invalid_concept_is_not_rendered(workspace: Path) -> None:
    data = copy.deepcopy(MINIMAL)
    data["measures"][0]["lead"] = "niemand"
    write_concept(workspace, data)
    result = run_cli("render", "--to", "docx", "-o", "x.docx", cwd=workspace)
    assert result.code == 1
    assert "concepts/minimal.yaml:" in result.err and "niemand" in result.err
    assert not (workspace / "x.docx").exists()


# --------------------------------------------------------------------------- templates


def test_workspace_template_overrides_the_built_in(workspace: Path) -> None:
    write_concept(workspace, MINIMAL)
    (workspace / "templates").mkdir()
    (workspace / "templates" / "concept.md.j2").write_text(
        "# Eigene Vorlage\n\n{{ concept.title }} – {{ measures | length }} Maßnahmen\n",
        encoding="utf-8",
    )
    render(workspace, "--to", "md", "-o", "own.md")
    text = (workspace / "own.md").read_text(encoding="utf-8")
    assert "# Eigene Vorlage" in text and "3 Maßnahmen" in text


@pytest.mark.parametrize(
    "body",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ concept.__class__.__init__.__globals__ }}",
        "{% include '/etc/passwd' %}",
        "{% include '../../../../etc/passwd' %}",
        "{{ does_not_exist }}",
        "{{ measures[0].title | safe }}",
        "{% for x in range(10**9) %}{% endfor %}",
        "{% if %}",
    ],
)
def test_user_templates_are_sandboxed(workspace: Path, body: str) -> None:
    write_concept(workspace, MINIMAL)
    template = workspace / "evil.md.j2"
    template.write_text("# T\n\n" + body + "\n", encoding="utf-8")
    result = run_cli(
        "render", "--to", "md", "-o", "evil.md", "--template", str(template), cwd=workspace
    )
    assert result.code == 2, result.out
    assert result.err.startswith("integ: ") and "Traceback" not in result.err
    assert "root:" not in result.err


def test_reference_doc_option_applies_corporate_design(workspace: Path) -> None:
    from docx import Document

    from integ.docx_reference import build_reference_docx

    write_concept(workspace, MINIMAL)
    ref = build_reference_docx(workspace / "haus.docx", header="Hausvorlage Musterdorf")
    render(workspace, "--to", "docx", "-o", "a.docx", "--reference-doc", str(ref))
    header = "".join(
        p.text for p in Document(str(workspace / "a.docx")).sections[0].header.paragraphs
    )
    assert "Hausvorlage Musterdorf" in header


def test_only_web_and_mail_links_survive(workspace: Path) -> None:
    data = copy.deepcopy(MINIMAL)
    data["measures"][0]["description"] = (
        "[Gefahr](javascript:alert(1)) [Datei](file:///etc/passwd) "
        "[Web](https://www.example.org) [Mail](mailto:info@example.org)"
    )
    write_concept(workspace, data)
    render(workspace, "--to", "html", "-o", "links.html")
    html = (workspace / "links.html").read_text(encoding="utf-8")
    assert "javascript:" not in html and "file:///" not in html
    assert 'href="https://www.example.org"' in html and 'href="mailto:info@example.org"' in html


@pytest.mark.parametrize("to", ["docx", "pdf", "md"])
def test_district_report_over_all_concepts(example: Path, to: str) -> None:
    render(example, "--kind", "overview", "--to", to, "-o", f"ueberblick.{to}")
    out = example / f"ueberblick.{to}"
    if to == "docx":
        from docx import Document
        from docx.oxml.ns import qn

        doc = Document(str(out))
        assert doc.core_properties.title == "Integrationsarbeit im Landkreis Rastatt: Überblick"
        assert_in_order(heading_levels_docx(out))
        pictures = list(doc.element.body.iter(qn("wp:docPr")))
        assert len(pictures) == 4 and all(p.get("descr") for p in pictures)
        text = docx_text(out)
    elif to == "pdf":
        text = pdf_text(out)
    else:
        text = out.read_text(encoding="utf-8").replace("\\", "")
    for needle in (
        "Gemeinde Durmersheim",
        "Stadt Gaggenau",
        "Landkreis Rastatt",
        "Noch ohne eigenes Integrationskonzept",
        "Gemeinde Au am Rhein",
        "Akteure in mehreren Konzepten",
        "Runder Tisch Integration Gaggenau",
    ):
        assert needle in text, needle


# --------------------------------------------------------------------------- language

#: words that give an English label away in a German document, and the other way round
ENGLISH_WORDS = {
    "the",
    "is",
    "has",
    "have",
    "does",
    "must",
    "missing",
    "unknown",
    "found",
    "warning",
    "warnings",
    "error",
    "errors",
    "file",
    "measure",
    "measures",
    "goal",
    "goals",
    "which",
    "this",
    "that",
    "are",
    "not",
    "of",
    "and",
    "with",
    "without",
    "since",
    "yet",
    "no",
    "none",
    "field",
    "fields",
    "overdue",
    "changed",
    "added",
    "removed",
    "indicator",
    "indicators",
    "value",
    "values",
    "review",
    "due",
    "until",
    "after",
    "before",
    "its",
    "each",
    "every",
    "page",
    "version",
    "contents",
    "adopted",
    "draft",
    "ongoing",
    "planned",
    "completed",
    "track",
    "target",
    "baseline",
    "figure",
    "figures",
    "funding",
    "total",
    "year",
    "per",
    "lead",
    "partners",
    "period",
    "progress",
    "actors",
    "contacts",
    "overview",
    "chart",
    "bar",
    "line",
    "today",
    "next",
    "last",
}
GERMAN_WORDS = {
    "und",
    "der",
    "die",
    "das",
    "nicht",
    "keine",
    "kein",
    "Maßnahme",
    "Maßnahmen",
    "Ziel",
    "Ziele",
    "Fehler",
    "Warnung",
    "Warnungen",
    "geprüft",
    "überfällig",
    "seit",
    "Datei",
    "Dateien",
    "Handlungsfeld",
    "Handlungsfelder",
    "Indikator",
    "Indikatoren",
    "Überprüfung",
    "Sachstand",
    "Wert",
    "Werte",
    "bis",
    "mit",
    "ohne",
    "ist",
    "sind",
    "wurde",
    "eine",
    "einen",
    "Fassung",
    "Seite",
    "von",
    "Inhalt",
    "Zuständigkeit",
    "Zeitraum",
    "Ausgangswert",
    "Zielwert",
    "Messwerte",
    "Akteure",
    "beschlossen",
    "laufend",
    "geplant",
    "im",
    "Plan",
    "Beschlussvorlage",
    "Auszug",
    "Anhang",
    "Liniendiagramm",
    "Balkendiagramm",
    "heute",
    "pro",
    "Jahr",
    "insgesamt",
    "Leitbild",
    "Ausgangslage",
    "Kennzahlen",
    "Netzwerk",
}
#: what is not a label: Markdown structure, codes, ids, paths, numbers
_MARKUP = re.compile(
    r":::.*|\{[^}]*\}|\]\([^)]*\)|`[^`]*`|\[[a-z0-9-]+\]|https?://\S+|<[^>]*>"
    r"|\b[\w]+(?:[-_./:][\w]+)+\b|\"(?:lang|toc-title)\"|custom-style=\"[^\"]*\""
)
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")


def _content_pieces(root: Path) -> list[str]:
    """Every string of the workspace's YAML files (and their lines), longest first."""
    import yaml

    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, str) and len(node.strip()) > 2:
            found.add(node.strip())
            for line in node.splitlines():
                line = line.strip().lstrip("-*# ").strip()
                if len(line) > 2:
                    found.add(line)
                found.update(p.strip() for p in re.split(r"[*_]", line) if len(p.strip()) > 2)

    for path in root.rglob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return sorted(found, key=len, reverse=True)


def label_words(text: str, content: list[str]) -> list[str]:
    """The words of a Markdown document that integ wrote (content and codes taken out)."""
    text = re.sub(r"\\(.)", r"\1", text)  # integ escapes every punctuation mark
    for piece in content:
        text = text.replace(piece, " ")
    text = re.sub(r"\b[a-z_]+:(?=\s|$)", " ", text)  # a YAML key named as code: goals:
    return _WORD.findall(_MARKUP.sub(" ", text))


@pytest.fixture(scope="module")
def two_concepts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workspace plus a fresh concept from ``integ new``."""
    import shutil

    ws = tmp_path_factory.mktemp("lang")
    shutil.copytree(ROOT / "concepts", ws / "concepts")
    for name in ("integ.yaml", "actors.yaml"):
        shutil.copy(ROOT / name, ws / name)
    result = run_cli("new", "stadt-neustadt", "--name", "Stadt Neustadt", "--type", "town", cwd=ws)
    assert result.code == 0, result.err
    return ws


DOCUMENTS = [
    (kind, concept, lang)
    for kind in ("concept", "council", "excerpt", "overview", "review")
    for concept in ("landkreis-rastatt", "stadt-neustadt")
    for lang in ("de", "en")
    if not (kind == "overview" and concept == "stadt-neustadt")  # one overview per workspace
]


@pytest.mark.parametrize(
    ("kind", "concept", "lang"), DOCUMENTS, ids=["-".join(d) for d in DOCUMENTS]
)
def test_documents_speak_one_language(
    two_concepts: Path, kind: str, concept: str, lang: str
) -> None:
    from integ.rules import all_rules

    ws = two_concepts
    target = ws / f"{kind}-{concept}-{lang}.md"
    extra = ["--field", "sprache"] if kind == "excerpt" else []
    render(
        ws,
        f"concepts/{concept}.yaml",
        "--to",
        "md",
        "--kind",
        kind,
        "--lang",
        lang,
        *extra,
        "-o",
        str(target),
    )
    text = target.read_text(encoding="utf-8")
    front = json.loads(text.split("---\n")[1])
    assert front["lang"] == "de-DE", "the document is tagged with its content's language"
    words = label_words(text, _content_pieces(ws))
    if lang == "de":
        from integ import i18n

        if kind == "review" and not i18n.has("finding.field-without-goals", "de"):
            # the Handlungsbedarf table quotes the findings, whose German texts are the
            # rules' catalogue (findings.po); without it only the labels are checked
            text = "\n".join(
                line.rsplit("|", 2)[0] if line.startswith("| ") else line
                for line in text.splitlines()
            )
            words = label_words(text, _content_pieces(ws))
        english = sorted({w for w in words if w.lower() in ENGLISH_WORDS})
        assert english == [], f"English words in a German document: {english}"
        plain = re.sub(r"\\(.)", r"\1", text)
        bare = [
            r
            for r in all_rules()
            if "-" in r and re.search(rf"(?<![\w\[`/.-]){re.escape(r)}(?![\w\]`-])", plain)
        ]
        assert bare == [], f"rule ids shown as words: {bare}"
    else:
        german = sorted({w for w in words if w in GERMAN_WORDS})
        assert german == [], f"German words in an English document: {german}"


def test_english_docx_and_pdf_read_back(two_concepts: Path) -> None:
    ws = two_concepts
    for to in ("docx", "pdf"):
        render(
            ws,
            "concepts/landkreis-rastatt.yaml",
            "--to",
            to,
            "--lang",
            "en",
            "-o",
            str(ws / f"en.{to}"),
        )
    text = docx_text(ws / "en.docx")
    assert "Field of action: Sprache" in text and "Handlungsfeld:" not in text
    assert "Lead" in text and "Zuständigkeit" not in text
    from docx import Document

    assert Document(str(ws / "en.docx")).core_properties.language == "de-DE"
    import pikepdf

    with pikepdf.open(ws / "en.pdf") as pdf:
        assert str(pdf.Root.Lang) == "de-DE"
        assert pdf.open_metadata().get("pdfuaid:part") == "1"
    text = pdf_text(ws / "en.pdf")
    assert "Page 1 of" in text and "Seite 1 von" not in text
    assert "Measures by status per field of action" in text
    assert "Figure\xa01" in text and "Abbildung" not in text  # Typst's own word, too


def test_numbers_years_and_money_in_documents(two_concepts: Path) -> None:
    """One rounding everywhere (12.25 → 12,3 in tables and charts), no year with a
    thousands separator, money and per cent written by integ.i18n."""
    ws = two_concepts
    render(ws, "concepts/landkreis-rastatt.yaml", "--to", "md", "-o", str(ws / "num.md"))
    text = (ws / "num.md").read_text(encoding="utf-8")
    plain = re.sub(r"\\(.)", r"\1", text)
    assert "8,5 % (2027)" in plain.replace("\u00a0", " ")  # was "8,50 %" beside "10,9 %"
    assert not re.search(r"\b2\.0[2-3]\d\b", plain), "a year with a thousands separator"
    assert "1.450.000 €" in plain.replace("\u00a0", " ")
    assert "Fassung 2.0" in plain


# ------------------------------------------------------------ issue 14, points 37, 38
def test_pdf_with_emoji_cjk_and_typst_words(workspace: Path) -> None:
    """Emoji and Chinese/Japanese text come out of the shipped fallback fonts (PDF/UA
    refuses a glyph no font has); what no shipped font has (Hangul) becomes U+FFFD
    instead of stopping the PDF; `justify: true` in a title is the title's text."""
    import pikepdf

    data = copy.deepcopy(MINIMAL)
    data["title"] = "Konzept justify: true 🎉"
    data["measures"][0]["title"] = "Sprachcafé 😀👍🏽 👨‍👩‍👧 🇩🇪 ✓ 中文课程 日本語のクラス 한국어"
    data["measures"][0]["description"] = "Mit\u200bumbruch und wei\u00adches Trennzeichen ☕"
    write_concept(workspace, data)
    render(workspace, "concepts/minimal.yaml", "--to", "pdf", "-o", "x.pdf")
    text = pdf_text(workspace / "x.pdf")
    assert "Konzept justify: true" in text
    assert "中文课程" in text and "日本語のクラス" in text
    assert "😀" in text and "☕" in text
    assert "\ufffd" in text and "한" not in text
    with pikepdf.open(workspace / "x.pdf") as pdf:
        fonts = {
            str(f.get("/BaseFont"))
            for p in pdf.pages
            for f in p.Resources.get("/Font", {}).values()
        }
    assert any("Symbola" in f for f in fonts) and any("Droid" in f for f in fonts), fonts


def test_fallback_fonts_ship_with_their_licences() -> None:
    from integ import toolchain

    names = {p.name for p in toolchain.FONTS.iterdir()}
    assert {"Symbola-integ.ttf", "DroidSansFallback-integ.ttf"} <= names
    assert {"LICENSE-Symbola.txt", "LICENSE-DroidSansFallback.txt"} <= names
    covered = toolchain.covered()
    assert {ord("ä"), 0x1F600, 0x4E2D, 0x3042, 0xFFFD} <= covered
    assert toolchain.displayable("a😀中한") == ("a😀中\ufffd", 1)


# ------------------------------------------------------------------ issue 14, point 24
def test_pandoc_runs_with_a_bounded_heap_and_says_when_it_is_too_small(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """pandoc's heap has a limit (bench/render_memory.py measures the resident size
    under it); a document that needs more is a message, not a machine out of memory."""
    from integ import toolchain
    from integ.errors import IntegError

    source = ("Absatz mit Text. " * 50 + "\n\n").encode() * 400
    assert toolchain.pandoc(["--from", "markdown", "--to", "html"], source)
    monkeypatch.setattr(toolchain, "PANDOC_HEAP_MB", 8)
    with pytest.raises(IntegError, match="zu groß.*8 MB"):
        toolchain.pandoc(["--from", "markdown", "--to", "docx"], source)
