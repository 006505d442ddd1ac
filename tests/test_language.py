"""One language per run, across every command, every output format and every document
kind: under ``de`` no English sentence and no rule id shown as a word (rule ids may only
appear as codes, in brackets or backticks); under ``en`` no German label, except the
concept's own content.

Two workspaces: (a) the example of the repository, (b) a fresh ``integ init`` with one
``integ new`` concept, both in a git repository with one uncommitted change, so that
``diff``, ``log`` and ``check`` have something to say.

How the words are found:
- the output is reduced to what a person reads: Markdown escapes undone, codes removed
  (backticks, ``[code]`` and ``(code)`` without spaces, ``--options``, paths, file
  names, ``integ COMMAND``, GitHub's ``::warning …::`` prefix, XML markup), and of JSON,
  SARIF and GitLab reports only the strings that contain a space (codes have none);
- the concept's own content is allowed: every word of every string in the workspace's
  YAML files (titles, names, notes) is removed from the lists below;
- German labels are the words of German catalogue texts that no English catalogue text
  has (so "Status" or "AGS", the same in both, do not count), plus a few that must never
  be missed; English words are a list of common English words and the nouns of the
  format ("goal", "measure" …).
"""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.pofile import read_po

from integ import i18n
from integ.rules import all_rules

from .conftest import TODAY, run_cli
from .test_diff import git

LOCALE = Path(i18n.__file__).parent / "locale"
KINDS = ("concept", "council", "excerpt", "overview", "review")

#: English words that have no place in German output (matched as whole words, lower
#: case, after codes are removed)
ENGLISH = (
    "the",
    "is",
    "are",
    "has",
    "have",
    "has no",
    "should",
    "must",
    "does",
    "not",
    "with",
    "and",
    "of",
    "for",
    "this",
    "that",
    "there",
    "which",
    "when",
    "missing",
    "goal",
    "measure",
    "indicator",
    "actor",
    "network",
    "overdue",
    "due",
    "error",
    "errors",
    "warning",
    "warnings",
    "field of action",
    "no goals",
    "yet",
    "since",
    "until",
    "file",
    "value",
    "today",
    "found",
    "each",
    "every",
    "one",
    "line",
    "column",
)
#: German words that have no place in English output unless the concept writes them
GERMAN = (
    "Maßnahme",
    "Maßnahmen",
    "Ziel",
    "Ziele",
    "Handlungsfeld",
    "Handlungsfelder",
    "laufend",
    "geplant",
    "abgeschlossen",
    "verstetigt",
    "Sachstand",
    "fällig",
    "überfällig",
    "Überprüfung",
    "Fehler",
    "Warnung",
    "Warnungen",
    "Indikator",
    "Indikatoren",
    "Akteur",
    "Akteure",
    "Netzwerk",
    "Zielgruppe",
    "Zielgruppen",
    "Handlungsbedarf",
    "Wiedervorlage",
    "Federführung",
    "Beschluss",
    "Fassung",
    "Bisherige",
    "Neue",
    "Stand",
    "Seite",
    "Inhalt",
    "Abbildung",
    "Tabelle",
    "Quelle",
    "Konzept",
    "Kommune",
    "Summe",
    "keine",
    "noch",
    "seit",
    "bis",
    "und",
    "oder",
    "der",
    "die",
    "das",
    "nicht",
    "mit",
    "von",
    "für",
)
#: words of the English catalogue that are also German words of the content or the
#: other way round, and that the catalogues themselves use in both languages
NEUTRAL = {"integ", "yaml", "git", "pdf", "docx", "html", "md", "csv", "xlsx", "ics"}


# --------------------------------------------------------------------------- catalogue


@cache
def catalogue(lang: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for po in sorted((LOCALE / lang / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as fp:
            for message in read_po(fp):
                if message.id:
                    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
                    texts = message.string
                    out[msgid] = list(texts) if isinstance(texts, tuple) else [texts]
    return out


WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def tokens(text: str) -> set[str]:
    """The words of a text (letters, hyphenated words split as well)."""
    found: set[str] = set()
    for w in WORD.findall(text):
        found.add(w)
        found.update(w.split("-"))
    return found


@cache
def german_labels() -> frozenset[str]:
    """Words of German catalogue texts that no English text has (at least 3 letters,
    without ``{fields}``), and the listed ones."""
    field = re.compile(r"\{[^}]*\}")
    de = set().union(*(tokens(field.sub(" ", s)) for v in catalogue("de").values() for s in v))
    en = set().union(*(tokens(field.sub(" ", s)) for v in catalogue("en").values() for s in v))
    en_lower = {w.lower() for w in en}
    words = {w for w in de if len(w) >= 3 and w.lower() not in en_lower}
    return frozenset(words | set(GERMAN))


# --------------------------------------------------------------------------- reading


CODE = [
    re.compile(r'\b(?:custom-style|lang|class|id)="[^"]*"'),  # pandoc attributes
    re.compile(r"\b[a-z-]+="),  # alt=, the names of attributes (their values stay)
    re.compile(r"^\S+  \[[^\]]+\]$", re.MULTILINE),  # integ rules: "rule-id  [Fehler]"
    re.compile(r'\{[^{}"\n]*\}'),  # YAML flow mappings (an example's keys and values)
    re.compile(r"```.*?```", re.DOTALL),  # fenced code in Markdown is code
    re.compile(r"^:::+ *[\w-]*", re.MULTILINE),  # a fenced div and its class (::: zusammen)
    re.compile(r"`[^`\n]*`"),
    re.compile(r"[„“\"][^\s„“”\"]+[“”\"]"),  # a quoted code: „goal-without-measure“
    re.compile(r"^\s+\$?\s*integ\b.*$", re.MULTILINE),  # a command line in an example
    re.compile(r"\b[a-z_]+ = "),  # "error = Fehler", "completed = abgeschlossen" (a value)
    re.compile(r"\[[^\]\s]*\]"),  # [rule-id]
    re.compile(r"\([^)\s]*\)"),  # (budget.until)
    re.compile(r"::[a-z]+ [^:]*::"),  # ::warning file=…,title=integ rule::
    re.compile(r"(?<!\S)--?[a-z][\w-]*"),  # --no-interactive, -o
    re.compile(r"\bintegs? [a-z][a-z-]+"),  # integ review (a command)
    re.compile(r"\S*[/\\]\S*"),  # paths
    re.compile(r"\S+\.(?:ya?ml|md|docx|pdf|html|csv|xlsx|ics|json|png|svg|typ)\b"),
    re.compile(r"https?://\S+"),
    re.compile(r"\b[\w.-]+@[\w.-]+"),  # e-mail addresses
    re.compile(r"\b\w+(?:\.\w+)+:?"),  # review.last, budget.until (keys with a dot)
    re.compile(r"\b[a-z_]+_[a-z_]+\b"),  # status_reason, review_by (keys)
    re.compile(r"\b[a-z][a-z_]*:(?=\s|$)", re.MULTILINE),  # "values:", "log:" (a key)
]


def readable(text: str) -> str:
    """What a person reads of a text output: Markdown escapes undone, codes removed."""
    text = re.sub(r"\\(.)", r"\1", text)
    text = re.sub(r"<[^>\n]+>", " ", text)  # html tags in Markdown
    for pattern in CODE:
        text = pattern.sub(" ", text)
    return text


def sentences(node: Any) -> list[str]:
    """The strings of a JSON document that contain a space (messages, titles, labels;
    codes such as ``warning``, ``ongoing`` or rule ids have none)."""
    if isinstance(node, dict):
        return [s for v in node.values() for s in sentences(v)]
    if isinstance(node, list):
        return [s for v in node for s in sentences(v)]
    if isinstance(node, str) and " " in node.strip():
        return [node]
    return []


def xml_text(text: str) -> str:
    root = ET.fromstring(text.split("\n", 1)[1] if text.startswith("#") else text)
    parts = []
    for el in root.iter():
        parts += [v for v in el.attrib.values() if " " in v]
        parts += [el.text or "", el.tail or ""]
    return "\n".join(parts)


def of_output(fmt: str, text: str) -> str:
    if fmt in ("json", "sarif", "gitlab"):
        return readable("\n".join(sentences(json.loads(text)))) if text.strip() else ""
    if fmt == "junit":
        return readable(xml_text(text))
    if fmt == "ics":
        lines = [
            ln.split(":", 1)[1]
            for ln in text.replace("\r\n ", "").splitlines()
            if ln.startswith(("SUMMARY", "DESCRIPTION", "CATEGORIES", "LOCATION"))
        ]
        return readable("\n".join(lines).replace("\\n", "\n").replace("\\,", ","))
    return readable(text)


def xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    parts = [name for name in book.sheetnames]
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            parts += [str(c) for c in row if isinstance(c, str)]
    return "\n".join(parts)


def csv_text(folder: Path) -> str:
    parts = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fp:
            sample = fp.read(4096)
            fp.seek(0)
            dialect = csv.Sniffer().sniff(sample, delimiters=";,")
            parts += [c for row in csv.reader(fp, dialect) for c in row]
    return "\n".join(parts)


# --------------------------------------------------------------------------- workspaces


def _strings(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in [str(k), *_strings(v)]]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return [str(node)] if node is not None else []


#: the author and message of the commit the tests make (``log`` shows them)
COMMIT_WORDS = {"Erika", "Beispiel", "Stand"}


@cache
def example_words() -> frozenset[str]:
    """The words of the rules' examples (concept content in German: ``integ rules``
    shows them under ``--lang en`` too). Allowed under ``en`` only: under ``de`` an
    example in English words is a finding."""
    from integ.rules_doc import _sections

    words: set[str] = set()
    for rule in all_rules().values():
        parts = _sections(rule.doc)
        for part in ("Bad:", "Good:"):
            words |= tokens(parts.get(part, ""))
    return frozenset(words)


def shows_examples(output: str, lang: str) -> frozenset[str]:
    """The examples' words, for the outputs under ``en`` that show the rules' examples."""
    if lang == "en" and output.startswith(("rules", "validate sarif")):
        return example_words()
    return frozenset()


def content_words(ws: Path) -> set[str]:
    """Every word of the workspace's own YAML (what the concept says in its language)
    and of the commit."""
    words: set[str] = set(COMMIT_WORDS)
    for path in [*ws.glob("*.yaml"), *(ws / "concepts").glob("*.yaml")]:
        text = path.read_text(encoding="utf-8")
        try:
            strings = _strings(yaml.safe_load(text))
        except yaml.YAMLError:
            strings = [text]
        for s in strings:
            words |= tokens(s)
    return words


def _commit_and_change(ws: Path) -> str:
    """A repository with the workspace committed and one change on top; returns the
    changed concept's path."""
    git(ws, "init", "-q", "-b", "main")
    git(ws, "add", "-A")
    git(ws, "commit", "-q", "-m", "Stand")
    git(ws, "remote", "add", "origin", str(ws))
    git(ws, "fetch", "-q", "origin")
    concept = max((ws / "concepts").glob("*.yaml"))
    text = concept.read_text(encoding="utf-8")
    text = text.replace('version: "1.0"', 'version: "1.1"', 1).replace(
        "status: planned", "status: ongoing", 1
    )
    concept.write_text(text, encoding="utf-8")
    return concept.relative_to(ws).as_posix()


def render(ws: Path, lang: str, concept: str, to: str, kind: str, target: Path, *extra: str) -> Any:
    """``integ render`` of one concept into ``target``."""
    return run_cli(
        "--lang", lang, "render", concept, "--to", to, "--kind", kind, *extra,
        "-o", str(target), "--today", TODAY, cwd=ws, env={"COLUMNS": "400", "NO_COLOR": "1"},
    )  # fmt: skip


def make_fresh(root: Path) -> Path:
    ws = root / "fresh"
    assert run_cli("init", str(ws), "--organisation", "Stadt Neustadt").code == 0
    made = run_cli("new", "stadt-neustadt", "--name", "Stadt Neustadt", "--type", "town", cwd=ws)
    assert made.code == 0, made.err
    concept = ws / "concepts" / "stadt-neustadt.yaml"
    text = concept.read_text(encoding="utf-8")
    for old, new in FILLED.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    concept.write_text(text.rstrip("\n") + "\n" + NETWORKS, encoding="utf-8")
    return ws


#: what a coordinator adds to the skeleton in the first week: a goal with an indicator,
#: measures in several states (one overdue, one not started, one stale, one to look at
#: again), an actor and a network that has not met; words that are no labels, so that
#: the documents' and the review's labels are seen under ``en`` without content cover
FILLED = {
    "status: draft ": "adopted: {date: 2025-03-20, body: Gemeinderat, resolution: GR-17}\n"
    "status: adopted ",
    "  cycle_months: 24 ": "  last: 2024-01-15\n  cycle_months: 24 ",
    "\nmeasures:\n": """
      - id: Z-SPR-2
        title: Kursplätze B1
        indicators:
          - id: I-SPR-2
            title: Kursplätze
            unit: count
            baseline: {year: 2022, value: 10}
            target: {year: 2028, value: 70}
            values:
              - {year: 2023, value: 25}
measures:
  - id: M-SPR-02
    title: Sprachcafé
    goals: [Z-SPR-2]
    status: ongoing
    lead: vhs-neustadt
    start: 2024-02
    end: 2025-12
    budget: {amount: 12000, per: year, funding: Stadthaushalt, until: 2026-12}
    review_by: 2026-06-30
    log:
      - {date: 2024-03-01, note: Erstes Treffen.}
  - id: M-SPR-03
    title: Kursfinder
    goals: [Z-SPR-2]
    status: planned
    lead: vhs-neustadt
    start: 2026-01
""",
    "\nactors:\n": """
actors:
  - {id: vhs-neustadt, name: VHS Neustadt, type: education}
""",
}
#: appended at the end of the file
NETWORKS = """networks:
  - id: runder-tisch
    name: Runder Tisch
    convener: vhs-neustadt
    members: [vhs-neustadt]
    cadence_months: 6
    meetings:
      - {date: 2025-01-20}
"""


def commands(concept: str, field: str, summary: Path) -> dict[str, tuple[str, list[str]]]:
    """name → (format of the output, arguments)."""
    today = ["--today", TODAY]
    out: dict[str, tuple[str, list[str]]] = {}
    for fmt in ("text", "json", "github", "sarif", "junit"):
        out[f"validate {fmt}"] = (fmt, ["validate", "--format", fmt, *today])
    for fmt in ("text", "markdown", "json"):
        out[f"status {fmt}"] = (fmt, ["status", "--format", fmt, *today])
        out[f"status --alignment {fmt}"] = (fmt, ["status", "--alignment", "--format", fmt, *today])
        out[f"diff {fmt}"] = (fmt, ["diff", concept, "--from", "HEAD", "--format", fmt])
        out[f"review {fmt}"] = (fmt, ["review", "--no-interactive", "--format", fmt, *today])
        out[f"rules {fmt}"] = (fmt, ["rules", "--format", fmt])
    for fmt in ("text", "json"):
        out[f"log {fmt}"] = (fmt, ["log", concept, "--format", fmt])
    for fmt in ("text", "json", "github", "gitlab"):
        out[f"check {fmt}"] = (fmt, ["check", "--base", "origin/main", "--format", fmt, *today])
    out["check summary"] = (
        "summary",
        ["check", "--base", "origin/main", "-o", str(summary), "--format", "text", *today],
    )
    for name in ("goal-without-measure", "file-encoding", "network-inactive", "actor-conflict"):
        out[f"rules {name}"] = ("text", ["rules", name])
    out["rules goal-without-measure markdown"] = (
        "markdown",
        ["rules", "goal-without-measure", "--format", "markdown"],
    )
    out["help"] = ("text", ["help"])
    for command in ("validate", "schema", "rules", "init", "new", "render", "diff", "log",
                    "git-setup", "check", "status", "export", "update", "review", "help"):  # fmt: skip
        out[f"help {command}"] = ("text", ["help", command])
    out["update --dry-run"] = (
        "text",
        ["update", concept, field, "--note", "Gespräch geführt", "--dry-run", *today],
    )
    return out


# --------------------------------------------------------------------------- the check


def problems(lang: str, text: str, allowed: set[str]) -> list[str]:
    """The words of ``text`` that do not belong to ``lang``."""
    found: list[str] = []
    if lang == "de":
        lowered = " " + " ".join(text.split()).lower() + " "
        rule_ids = set(all_rules()) & set(re.findall(r"[a-z][a-z0-9-]*", text))
        for rule_id in sorted(rule_ids):
            if re.search(rf"(?<![\w-]){re.escape(rule_id)}(?![\w-])", text):
                found.append(f"rule id {rule_id!r}")
        allowed_lower = {w.lower() for w in allowed}
        for word in ENGLISH:
            if all(w in allowed_lower for w in word.split()):
                continue
            for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", lowered):
                context = lowered[max(0, m.start() - 40) : m.end() + 40].strip()
                found.append(f"English {word!r}: …{context}…")
                break
    else:
        flat = " ".join(text.split())
        labels = (german_labels() - allowed - NEUTRAL) & tokens(flat)  # the candidates
        for w in sorted(labels):
            m = re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", flat)
            if m:
                context = flat[max(0, m.start() - 40) : m.end() + 40]
                found.append(f"German {w!r}: …{context}…")
    return found


def wrong_words(got: dict[str, str], lang: str, allowed: set[str]) -> dict[str, list[str]]:
    """Output name → the words in it that do not belong to ``lang``."""
    return {
        name: found
        for name, text in got.items()
        if (found := problems(lang, text, allowed | shows_examples(name, lang)))
    }


def outputs(ws: Path, lang: str, tmp: Path) -> dict[str, str]:
    """What every command, format and document kind shows, as readable text."""
    concept_path = _commit_and_change(ws)
    data = yaml.safe_load((ws / concept_path).read_text(encoding="utf-8"))
    field = data["fields"][0]["id"]
    measure = next((m["id"] for m in data.get("measures") or []), None)
    summary = tmp / f"summary-{lang}.md"
    env = {"COLUMNS": "400", "NO_COLOR": "1"}
    got: dict[str, str] = {}
    for name, (fmt, args) in commands(concept_path, measure or field, summary).items():
        if name == "update --dry-run" and measure is None:
            continue
        result = run_cli("--lang", lang, *args, cwd=ws, env=env)
        assert "Traceback" not in result.err, (name, result.err)
        assert result.code in (0, 1), (name, result.code, result.err)
        if fmt == "summary":
            got[name] = of_output("markdown", summary.read_text(encoding="utf-8"))
        else:
            got[name] = of_output(fmt, result.out)
        got[name + " (stderr)"] = readable(result.err)
    for kind in KINDS:
        extra = ["--field", field] if kind == "excerpt" else []
        target = tmp / f"{kind}-{lang}.md"
        result = render(ws, lang, concept_path, "md", kind, target, *extra)
        assert result.code == 0, (kind, result.err)
        got[f"render {kind}"] = readable(target.read_text(encoding="utf-8"))
        got[f"render {kind} (messages)"] = readable(result.out + result.err)
    for to in ("csv", "xlsx", "ics"):
        target = tmp / f"export-{lang}" / ("tables" if to == "csv" else f"export.{to}")
        target.parent.mkdir(exist_ok=True)
        result = run_cli(
            "--lang",
            lang,
            "export",
            "--to",
            to,
            "-o",
            str(target),
            "--today",
            TODAY,
            cwd=ws,
            env=env,
        )
        assert result.code == 0, (to, result.err)
        if to == "csv":
            got["export csv"] = readable(csv_text(target))
        elif to == "xlsx":
            got["export xlsx"] = readable(xlsx_text(target))
        else:
            got["export ics"] = of_output("ics", target.read_text(encoding="utf-8"))
        got[f"export {to} (messages)"] = readable(result.out + result.err)
    return got


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("which", ["example", "fresh"])
def test_every_output_is_in_one_language(
    which: str, lang: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    ws = request.getfixturevalue("example") if which == "example" else make_fresh(tmp_path)
    allowed = content_words(ws)
    got = outputs(ws, lang, tmp_path)
    assert got["validate text"].strip() and got["render concept"].strip()
    bad = wrong_words(got, lang, allowed)
    report = "\n".join(f"{name}:\n  " + "\n  ".join(found) for name, found in bad.items())
    assert not bad, f"{which}, --lang {lang}:\n{report}"


def test_the_check_finds_what_it_looks_for() -> None:
    """The word lists catch what they are for, and codes are not words."""
    assert problems("de", readable("field of action bildung has no goals yet"), set())
    assert problems("de", readable("Ziel ohne Maßnahme: goal-without-measure"), set())
    assert not problems("de", readable("Ziel ohne Maßnahme [goal-without-measure]"), set())
    assert not problems("de", readable("Ziel ohne Maßnahme `goal-without-measure`"), set())
    assert problems("en", readable("Measure M-1 is laufend"), set())
    assert not problems("en", readable("Measure M-1: Sprachkurs"), {"Sprachkurs"})
    assert "Sachstand" in german_labels() and "Status" not in german_labels()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_word_and_pdf_documents_are_in_one_language(lang: str, tmp_path: Path) -> None:
    from .test_render import docx_text, pdf_text

    ws = make_fresh(tmp_path)
    allowed = content_words(ws)
    concept = "concepts/stadt-neustadt.yaml"
    to, read = ("docx", docx_text) if lang == "de" else ("pdf", pdf_text)
    kind = "review" if lang == "de" else "concept"
    target = tmp_path / f"out.{to}"
    result = render(ws, lang, concept, to, kind, target)
    assert result.code == 0, result.err
    assert problems(lang, readable(read(target)), allowed) == []


def test_documents_judge_indicators_against_the_runs_today() -> None:
    """The concept document says whether an indicator is on track as of the run's
    today (``--today``), as the review does: without a recent value, neither."""
    import datetime as dt

    from integ import view

    indicator = {
        "id": "I-1",
        "title": "Teilnehmende",
        "unit": "count",
        "baseline": {"year": 2020, "value": 0},
        "target": {"year": 2030, "value": 100},
        "values": [{"year": 2022, "value": 40}],
    }
    concept = {
        "format": "integ/1",
        "id": "stadt-x",
        "title": "Konzept",
        "fields": [
            {
                "id": "bildung",
                "title": "Bildung",
                "goals": [{"id": "Z-1", "title": "Ziel", "indicators": [indicator]}],
            }
        ],
    }

    def judged(today: dt.date) -> str:
        ctx = view.build(
            concept, kind="concept", audience="internal", lang="en", today=today, charts=False
        )
        return str(ctx["fields"][0]["goals"][0]["indicators"][0]["on_track"])

    assert judged(dt.date(2023, 6, 1)) == "on track"  # 40 % of the way after 30 % of the time
    assert judged(dt.date(2026, 11, 25)) == ""  # no value since 2022: not judged


BROKEN = """\
format: integ/1
id: stadt-neustadt
titel: Integrationskonzept der Stadt Neustadt
municipality: {name: Stadt Neustadt, type: town}
version: "1.0"
status: draft
review: {cycle_months: 24, last: 01.03.2025}
fields:
  - id: sprache
    title: Sprache
    goals:
      - id: Z-SPR-1
        title: Mehr Menschen erreichen B1
        indicators:
          - id: I-SPR-1
            title: Anteil B1
            unit: percent
            values:
              - {year: 2025, value: 19,5}
measures:
  - id: M-SPR-01
    title: Sprachcafé
    goals: [Z-SPR-1, Z-SPR-9]
    status: laufend
    lead: vhs-müsterstadt
    start: 06/2026
"""
SYNTAX = """\
format: integ/1
id: stadt-altdorf
title: "Integrationskonzept
municipality:
  name: Stadt Altdorf
   type: town
"""


@pytest.mark.parametrize("lang", ["de", "en"])
def test_findings_of_a_broken_concept_are_in_one_language(lang: str, workspace: Path) -> None:
    """The mistakes a coordinator makes (the issue's list) give findings in the run's
    language only, in every format of validate, and init and new speak it too."""
    made = run_cli("--lang", lang, "init", str(workspace / "neu"))
    created = run_cli("--lang", lang, "new", "stadt-neu", "--name", "Stadt Neu", "--type",
                      "town", cwd=workspace / "neu")  # fmt: skip
    assert made.code == created.code == 0
    (workspace / "concepts" / "stadt-neustadt.yaml").write_text(BROKEN, encoding="utf-8")
    (workspace / "concepts" / "stadt-altdorf.yaml").write_text(SYNTAX, encoding="utf-8")
    allowed = content_words(workspace) | tokens(BROKEN + SYNTAX) - {"laufend"}
    got = {"init": readable(made.out + made.err), "new": readable(created.out + created.err)}
    for fmt in ("text", "json", "github", "sarif", "junit"):
        result = run_cli("--lang", lang, "validate", "--format", fmt, "--today", TODAY,
                         cwd=workspace)  # fmt: skip
        assert result.code == 1, (fmt, result.err)
        got[f"validate {fmt}"] = of_output(fmt, result.out)
        got[f"validate {fmt} (stderr)"] = readable(result.err)
        if fmt == "text":  # the suggestions are there (and are codes, not words)
            assert "19.5" in result.out and "2025-03-01" in result.out, result.out
    bad = wrong_words(got, lang, allowed)
    assert not bad, bad
