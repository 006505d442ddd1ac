"""Markdown attributes in concept text never become HTML attributes or Word styles
(issue 14.31): every kind of document, HTML and DOCX, payloads in descriptions, the
vision, log notes and review summaries; and the Lua filter's second line of defence."""

from __future__ import annotations

import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from integ.markdown import markdown

from .conftest import TODAY, run_cli
from .test_diff import GAGGENAU, edit

PAYLOADS = [
    '[X]{onclick="alert(1)"}',
    '[L](https://example.org){onmouseover="alert(2)"}',
    '[Y]{style="background:url(http://evil.example/x)"}',
    "[Z]{#toc}",
    '[W]{custom-style="Titelseite"}',
    "[V]{.boese}",
    "`c`{onclick=x}",
    "![i](bild.png){onerror=y}",
    '[R]{=html} `<b onclick="z">`{=html}',
]
TEXT = " ".join(PAYLOADS)
# (the place in the example, what it becomes)
PLACES = [
    (
        "vision: |\n  Gaggenau ist eine Industriestadt,",
        f"vision: |\n  {TEXT}\n  Gaggenau ist eine Industriestadt,",
    ),
    (
        "    status: permanent\n    start: 2016\n",
        f"    status: permanent\n    start: 2016\n    description: {json.dumps(TEXT)}\n",
    ),
    (
        "note: Zweimal wöchentlich, im Schnitt 25 Gäste; seit 2025 mit Lernecke für Prüfungsvorbereitung.",
        f"note: {json.dumps(TEXT)}",
    ),
    (
        "summary: Zwischenbilanz im Ausschuss für Bildung und Soziales; elf von dreizehn Maßnahmen laufen, Migrationsbeirat verworfen.",
        f"summary: {json.dumps(TEXT)}",
    ),
    ("    name: Geflüchtete\n", f"    name: Geflüchtete\n    description: {json.dumps(TEXT)}\n"),
]
KINDS = [
    ("concept", ()),
    ("council", ()),
    ("excerpt", ("--field", "sprache")),
    ("review", ()),
]
# what pandoc itself writes as attributes in HTML (tables, figures, headings)
PANDOC_STYLE_TAGS = {"col", "th", "td", "table"}


class Attrs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attrs: list[tuple[str, str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs += [(tag, k, v or "") for k, v in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def bad_html(html: str) -> list[tuple[str, str, str]]:
    p = Attrs()
    p.feed(html)
    return [
        (tag, k, v)
        for tag, k, v in p.attrs
        if k.startswith("on")
        or (k == "style" and tag not in PANDOC_STYLE_TAGS)
        or (k == "id" and v == "toc")
        or (k == "class" and "boese" in v)
        or (k == "data-custom-style" and tag == "span")
        or (k == "src" and "bild.png" in v)
    ]


def docx_styles(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return set(re.findall(r'<w:rStyle w:val="([^"]+)"', xml))


@pytest.fixture
def hostile(example: Path) -> Path:
    for old, new in PLACES:
        edit(example / GAGGENAU, old, new)
    return example


def _flat(text: str) -> str:
    return text.replace("“", '"').replace("”", '"').replace("„", '"')


@pytest.mark.parametrize(("kind", "extra"), KINDS, ids=[k for k, _ in KINDS])
def test_attributes_in_concept_text_stay_text(
    hostile: Path, kind: str, extra: tuple[str, ...]
) -> None:
    assert run_cli("validate", GAGGENAU, cwd=hostile).code == 0
    for to in ("html", "docx"):
        target = f"{kind}.{to}"
        result = run_cli(
            "render",
            GAGGENAU,
            "--kind",
            kind,
            "--to",
            to,
            *extra,
            "-o",
            target,
            "--today",
            TODAY,
            cwd=hostile,
        )
        assert result.code == 0, result.err
    html = (hostile / f"{kind}.html").read_text(encoding="utf-8")
    assert bad_html(html) == []
    p = Attrs()
    p.feed(html)
    shown = _flat("".join(p.text))
    if kind != "council":  # the Beschlussvorlage holds none of these texts
        assert '{onclick="alert(1)"}' in shown  # the text is there, as text
    styles = docx_styles(hostile / f"{kind}.docx")
    assert "Titelseite" not in styles and not any("boese" in s for s in styles)
    with zipfile.ZipFile(hostile / f"{kind}.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
        assert "boese" not in z.read("word/styles.xml").decode("utf-8")
    if kind != "council":
        assert "{custom-style=" in _flat(body.replace("&quot;", '"'))


def test_review_report_from_the_review_command(hostile: Path) -> None:
    result = run_cli(
        "review",
        GAGGENAU,
        "--no-interactive",
        "-o",
        "bericht.html",
        "--today",
        TODAY,
        cwd=hostile,
    )
    assert result.code in (0, 1), result.err
    assert bad_html((hostile / "bericht.html").read_text(encoding="utf-8")) == []


def test_markdown_escapes_every_brace() -> None:
    assert str(markdown('[X]{onclick="alert(1)"}')) == '[X]\\{onclick="alert(1)"\\}'
    assert str(markdown("[Z]{#toc}")) == "[Z]\\{#toc\\}"
    assert "{" not in str(markdown(TEXT)).replace("\\{", "")


def test_the_lua_filter_drops_attributes_markdown_did_not_escape() -> None:
    """The second line of defence: attributes that reach pandoc anyway (a user
    template, a future escaping bug) are dropped, integ's own are kept."""
    from integ.render import _pandoc

    source = (
        '[X]{onclick="alert(1)" .boese #toc style="color:red" custom-style="Titelseite"}\n\n'
        '[L](https://example.org){onmouseover="a" .c #i}\n\n'
        '# Kapitel {#toc .boese onclick="h"}\n\n'
        '::: {#d .boese custom-style="Beliebig" onclick="d"}\nText\n:::\n\n'
        '::: {custom-style="Titelseite"}\nTitel\n:::\n\n'
        '[neu]{.underline} [alt]{.deletion author="integ" date="2026-01-01"} '
        '[x]{.underline author="a"}\n'
    )
    html = _pandoc(["--to", "html"], source).decode("utf-8")
    assert bad_html(html) == []
    p = Attrs()
    p.feed(html)
    kept = {(t, k, v) for t, k, v in p.attrs}
    assert ("div", "data-custom-style", "Titelseite") in kept  # integ's own style
    assert not any(v == "Beliebig" or k == "author" and v == "a" for _, k, v in kept)
    assert "<u>neu</u>" in html and "<u>x</u>" in html  # pandoc reads .underline as <u>
    assert ("span", "data-author", "integ") in kept  # a tracked change keeps its author
    assert not any(k == "id" and v in ("toc", "i", "d") for _, k, v in kept)
    assert not any(k == "class" and v in ("c", "boese") for _, k, v in kept)
