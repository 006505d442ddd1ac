"""``docs/format.md`` ("Das Format"), generated from the model in :mod:`integ.concept`.

Every key of a concept file, of ``actors.yaml`` and of ``integ.yaml`` comes from the
pydantic models through their JSON Schema: its German description, whether it is
required, what kind of value it takes (with the German words of every enumeration) and
its default. The examples below are checked against the same models by
``tests/test_formatdoc.py``, which also regenerates the page and compares it with the
committed file, so the page cannot drift from the format.

    python -m integ.formatdoc            # writes docs/format.md
    python -m integ.formatdoc --check    # exit 1 when docs/format.md is out of date
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import concept

OUT = Path(__file__).resolve().parent.parent / "docs" / "format.md"

# --------------------------------------------------------------------------- examples
#: One example per part of the format, written as the part itself (a mapping); the
#: page shows it under its key. Each must be valid for its model (tests check it).
EXAMPLES: dict[str, str] = {
    "Municipality": """\
name: Stadt Gaggenau
type: town
ags: "08216015"
state: BW
district: landkreis-rastatt
""",
    "Adopted": """\
date: 2024-02-26
body: Gemeinderat
resolution: GR-2024-012
ref: konzept-1.0
""",
    "Period": """\
start: 2024
end: 2028
""",
    "Review": """\
cycle_months: 24
last: 2025-10-14
next: 2027-10-01
""",
    "Contact": """\
id: ib-gaggenau
name: Erika Beispiel
role: Integrationsbeauftragte der Stadt Gaggenau
organisation: Stadtverwaltung Gaggenau, Amt für Familie und Soziales
email: e.beispiel@example.org
phone: "+49 7225 000-000"
public: true
""",
    "Situation": """\
text: |
  In Gaggenau leben rund 30.000 Menschen, etwa 18 % ohne deutsche
  Staatsangehörigkeit.
figures:
  - id: F-auslaenderanteil
    label: Anteil der Bevölkerung ohne deutsche Staatsangehörigkeit
    value: 18.2
    unit: percent
    year: 2024
    source: Statistisches Landesamt Baden-Württemberg
""",
    "Figure": """\
id: F-gefluechtete
label: Geflüchtete in der Anschlussunterbringung
value: 412
unit: persons
year: 2024
source: Stadtverwaltung Gaggenau
note: Stichtag 31.12.
""",
    "TargetGroup": """\
id: gefluechtete
name: Geflüchtete
description: Menschen mit Fluchtgeschichte, besonders in den ersten drei Jahren.
""",
    "Field_": """\
id: sprache
title: Sprache
summary: Deutsch lernen ist der Schlüssel zu Arbeit, Schule und Nachbarschaft.
cross_cutting: false
goals:
  - id: Z-SPR-1
    title: Neuzugewanderte erreichen innerhalb von zwei Jahren das Sprachniveau B1.
""",
    "Goal": """\
id: Z-SPR-1
title: Neuzugewanderte erreichen innerhalb von zwei Jahren das Sprachniveau B1.
level: strategic
description: Gemeint sind Erwachsene, die einen Integrationskurs besuchen.
contributes_to: [landkreis-rastatt:Z-SPR-2]
indicators:
  - id: I-SPR-1
    title: Anteil der Teilnehmenden mit B1-Abschluss
    unit: percent
""",
    "Indicator": """\
id: I-SPR-1
title: Anteil der Teilnehmenden mit B1-Abschluss
unit: percent
direction: increase
source: BAMF-Integrationskursgeschäftsstatistik
description: Bezogen auf alle Teilnehmenden, die den Kurs beendet haben.
baseline: {value: 48, year: 2022}
target: {value: 60, year: 2027}
values:
  - {year: 2023, value: 51}
  - {year: 2024, value: 55, note: vorläufig}
""",
    "Anchor": """\
value: 48
year: 2022
note: Erhebung des Landratsamts
""",
    "Measurement": """\
year: 2024
value: 55
note: vorläufig
source: BAMF
""",
    "Measure": """\
id: M-SPR-01
title: Sprachcafés in allen Stadtteilen
description: Offene Treffen zum Deutschsprechen, einmal in der Woche.
goals: [Z-SPR-1]
lead: vhs-gaggenau
partners: [caritas-rastatt]
target_groups: [gefluechtete]
status: ongoing
priority: high
tags: [schwerpunkt]
start: 2024-01
end: 2026-12
budget:
  amount: 12000
  per: year
  funding: Förderprogramm „Integration vor Ort“
  until: 2026-12
review_by: 2026-03-31
log:
  - date: 2025-05-12
    status: ongoing
    note: 14 Sprachcafés mit etwa 160 Teilnehmenden im Monat.
""",
    "Budget": """\
amount: 12000
per: year
funding: Förderprogramm „Integration vor Ort“
shares:
  - {source: state, amount: 9600, note: VwV Integration}
  - {source: municipality, amount: 2400}
until: 2026-12
note: Eigenanteil der Stadt 20 %
""",
    "Share": """\
source: state
amount: 9600
note: VwV Integration
""",
    "Council": """\
number: DS 2026/117
file_reference: 50.3-012.21
office: Amt für Migration und Integration
consultations:
  - {body: Sozialausschuss, date: 2027-01-19, role: preliminary}
  - {body: Kreistag, date: 2027-02-09, role: decision}
resolution:
  - Der {body} beschließt die Fortschreibung in der Fassung {version} (Anlage 1).
  - Die Verwaltung wird beauftragt, jährlich zu berichten.
""",
    "Consultation": """\
body: Verwaltungsausschuss
date: 2027-03-02
public: false
role: preliminary
""",
    "LogEntry": """\
date: 2025-05-12
status: ongoing
note: 14 Sprachcafés mit etwa 160 Teilnehmenden im Monat.
by: ib-gaggenau
""",
    "Actor": """\
id: vhs-gaggenau
name: Volkshochschule Gaggenau
type: education
short_name: VHS
url: https://www.example.org/vhs
description: Träger der Integrations- und Sprachkurse.
""",
    "Network": """\
id: runder-tisch
name: Runder Tisch Integration
description: Alle Träger der Integrationsarbeit in der Stadt.
convener: stadt-gaggenau
members: [stadt-gaggenau, vhs-gaggenau, caritas-rastatt]
cadence_months: 6
meetings:
  - date: 2025-06-26
    topics: [Wohnraum, Arbeitsmarkt]
""",
    "Meeting": """\
date: 2025-06-26
topics: [Wohnraum, Arbeitsmarkt]
note: Protokoll im Intranet
""",
    "ReviewEntry": """\
date: 2025-10-14
by: ib-gaggenau
summary: Zwischenbilanz nach zwei Jahren; drei Maßnahmen abgeschlossen.
version: "1.0"
ref: 3f2a9c1
""",
    "GlossaryEntry": """\
term: VKL
explanation: Vorbereitungsklasse für neu zugewanderte Schülerinnen und Schüler
""",
    "Design": """\
font: Arial
colour: "#8B0000"
accent: "#FFE4B5"
logo_alt: Wappen der Stadt Gaggenau
""",
    "MunicipalityRef": """\
id: stadt-gaggenau
name: Stadt Gaggenau
ags: "08216015"
repo: https://git.gaggenau.de/rathaus/integrationskonzept.git
ref: konzept-2.0
path: concepts/stadt-gaggenau.yaml
""",
}

#: A whole small concept: valid as it stands, without a warning for the date in
#: ``EXAMPLE_TODAY`` (the test runs ``integ validate`` on it).
EXAMPLE_TODAY = "2026-11-25"
EXAMPLE_CONCEPT = """\
# yaml-language-server: $schema=../integ-concept.schema.json
format: integ/1
id: stadt-musterstadt
title: Integrationskonzept der Stadt Musterstadt
municipality:
  name: Stadt Musterstadt
  type: town
version: "1.0"
status: draft
review:
  cycle_months: 24
  next: 2027-06-30
vision: |
  Musterstadt ist ein Zuhause für alle, die hier leben.
fields:
  - id: sprache
    title: Sprache
    goals:
      - id: Z-SPR-1
        title: Neuzugewanderte erreichen innerhalb von zwei Jahren das Sprachniveau B1.
        indicators:
          - id: I-SPR-1
            title: Anteil der Teilnehmenden mit B1-Abschluss
            unit: percent
            baseline: {value: 48, year: 2025}
            target: {value: 60, year: 2028}
            values:
              - {year: 2026, value: 50}
measures:
  - id: M-SPR-01
    title: Sprachcafé im Bürgerhaus
    goals: [Z-SPR-1]
    lead: vhs-musterstadt
    status: ongoing
    start: 2026-01
    end: 2027-12
    log:
      - date: 2026-10-01
        note: Jeden Dienstag, etwa 20 Teilnehmende.
actors:
  - id: vhs-musterstadt
    name: Volkshochschule Musterstadt
    type: education
"""

EXAMPLE_REGISTRY = """\
actors:
  - id: jobcenter-rastatt
    name: Jobcenter Landkreis Rastatt
    type: jobcenter
  - id: caritas-rastatt
    name: Caritasverband für den Landkreis Rastatt
    type: welfare
"""

EXAMPLE_SETTINGS = """\
organisation: Landratsamt Rastatt
locale: de
concepts: concepts
actors: actors.yaml
templates: templates
reference_docx: templates/hausvorlage.docx
logo: templates/wappen.png
rules:
  goal-without-indicator: off
  measure-stale: error
municipalities:
  - {id: stadt-gaggenau, name: Stadt Gaggenau, ags: "08216015"}
  - {id: gemeinde-durmersheim, name: Gemeinde Durmersheim, ags: "08216009"}
resolution: Der Kreistag beschließt das Integrationskonzept in der vorliegenden Fassung.
"""

#: German names of the parts, for headings and links.
NAMES: dict[str, str] = {
    "Concept": "Das Konzept",
    "Municipality": "Die Kommune",
    "Adopted": "Der Beschluss",
    "Period": "Der Geltungszeitraum",
    "Review": "Der Überprüfungszyklus",
    "Contact": "Eine Ansprechperson",
    "Situation": "Die Ausgangslage",
    "Figure": "Eine Kennzahl",
    "TargetGroup": "Eine Zielgruppe",
    "Field_": "Ein Handlungsfeld",
    "Goal": "Ein Ziel",
    "Indicator": "Ein Indikator",
    "Anchor": "Ausgangs- und Zielwert",
    "Measurement": "Ein Messwert",
    "Measure": "Eine Maßnahme",
    "Budget": "Die Mittel einer Maßnahme",
    "Share": "Ein Anteil der Finanzierung",
    "Council": "Die Beschlussvorlage",
    "Consultation": "Eine Sitzung der Beratungsfolge",
    "LogEntry": "Ein Sachstand",
    "Actor": "Ein Akteur",
    "Network": "Ein Netzwerk",
    "Meeting": "Ein Treffen",
    "ReviewEntry": "Eine Überprüfung",
    "GlossaryEntry": "Ein Eintrag des Glossars",
    "Design": "Das Erscheinungsbild",
    "ActorRegistry": "Das Akteursverzeichnis (actors.yaml)",
    "Settings": "Die Einstellungen (integ.yaml)",
    "MunicipalityRef": "Eine Kommune des Landkreises",
}

INTRO = """\
# Das Format

<!-- Diese Seite wird erzeugt: python -m integ.formatdoc (aus integ/concept.py).
     Nicht von Hand ändern; tests/test_formatdoc.py vergleicht sie mit dem Modell. -->

Ein Integrationskonzept ist **eine YAML-Datei je Kommune** im Ordner `concepts/`. Dazu
kommen, beide freiwillig, das gemeinsame Akteursverzeichnis `actors.yaml` und die
Einstellungen des Arbeitsbereichs `integ.yaml`. Diese Seite beschreibt jeden Schlüssel
dieser Dateien. Sie wird aus derselben Beschreibung erzeugt, nach der `integ validate`
prüft; sie ist also immer auf dem Stand des Programms.

## Der Aufbau in Kürze

- **Handlungsfelder** (`fields`) enthalten **Ziele** (`goals`), und jedes Ziel enthält
  die **Indikatoren** (`indicators`), an denen es gemessen wird, mit Ausgangswert,
  Zielwert und den Messwerten der Jahre.
- **Maßnahmen** (`measures`) stehen nicht in den Handlungsfeldern, sondern ganz oben in
  der Datei, in einer eigenen Liste. Jede Maßnahme nennt unter `goals:` die Kennungen der
  Ziele, denen sie dient. So kann eine Maßnahme mehreren Zielen dienen, auch in
  verschiedenen Handlungsfeldern.
- **Akteure** (`lead`, `partners`, `convener`, `members`) werden über ihre Kennung
  genannt. Die Kennung steht entweder im gemeinsamen Verzeichnis `actors.yaml` (für
  Akteure, die mehrere Konzepte verwenden, etwa das Jobcenter) oder in der Liste
  `actors:` des Konzepts selbst.
- **Kennungen** (`id`) beginnen mit einem Buchstaben und bestehen aus Buchstaben,
  Ziffern, `-` und `_`; jede kommt im Konzept nur einmal vor, über alle Arten hinweg.
  Üblich sind `Z-SPR-1` für Ziele, `I-SPR-1` für Indikatoren und `M-SPR-01` für
  Maßnahmen (SPR für das Handlungsfeld Sprache).
- **Die Kennung des Konzepts** (`id`) ist gleich dem Dateinamen ohne `.yaml`:
  `concepts/stadt-gaggenau.yaml` hat `id: stadt-gaggenau`.
- **Schlüssel sind englisch, Inhalte deutsch.** Auch die festen Werte (etwa der Stand
  einer Maßnahme) stehen englisch in der Datei, `ongoing`; die Dokumente zeigen das
  deutsche Wort, „laufend“. Die Tabellen unten nennen zu jedem Wert das deutsche Wort.
- **Daten** schreiben Sie als `JJJJ-MM-TT` (`2025-05-12`). Wo ein Zeitraum gemeint ist
  (`start`, `end`, `period`, `until`), genügt auch ein Jahr (`2026`) oder ein Monat
  (`2026-12`); ein Ende `2026-12` meint den 31. Dezember 2026.
- **Texte** mit mehreren Absätzen schreiben Sie nach `|` eingerückt in die folgenden
  Zeilen (siehe `vision` im Beispiel). Beschreibungen und Sachstände dürfen Markdown
  enthalten: `**fett**`, `*kursiv*`, Aufzählungen mit `-` und Links.
- **Zahlen in Anführungszeichen**, wo sie Text sind: die Fassung `"1.0"`, der
  Gemeindeschlüssel `"08216015"`, Telefonnummern.
- Eine Zeile, die mit `#` beginnt, ist ein Kommentar; integ lässt Kommentare stehen,
  wenn es die Datei ändert.

## Ein vollständiges kleines Konzept

Diese Datei ist gültig, wie sie hier steht (`concepts/stadt-musterstadt.yaml`):

"""

TYPES_NOTE = """\
In den Tabellen heißt **Pflicht** „ja“, wenn der Schlüssel vorhanden sein muss;
alle anderen dürfen fehlen. **Liste** heißt: mehrere Einträge, jeder in einer eigenen
Zeile mit `- ` davor (oder kurz in eckigen Klammern: `[Z-SPR-1, Z-SPR-2]`).
"""

# --------------------------------------------------------------------------- walking


@dataclass
class Part:
    """One mapping of the format (a model) and where it appears."""

    name: str
    schema: dict[str, Any]
    paths: list[str] = field(default_factory=list)


def _ref(node: dict[str, Any]) -> str | None:
    ref = node.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def _strip_null(node: dict[str, Any]) -> dict[str, Any]:
    options = node.get("anyOf")
    if isinstance(options, list):
        rest = [o for o in options if o.get("type") != "null"]
        if len(rest) == 1 and len(rest) < len(options):
            merged = {k: v for k, v in node.items() if k != "anyOf"}
            merged.update(rest[0])
            return merged
    return node


def _children(node: dict[str, Any]) -> list[tuple[str, str]]:
    """(model name, suffix) of the models a property holds: '' or '[]' after the key."""
    node = _strip_null(node)
    name = _ref(node)
    if name:
        return [(name, "")]
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        inner = _ref(_strip_null(node["items"]))
        if inner:
            return [(inner, "[]")]
    return []


def parts(kind: str) -> list[Part]:
    """The models of one kind of file, in the order a reader meets them."""
    schema = concept.json_schema(kind)
    defs: dict[str, Any] = schema.get("$defs", {})
    root_name = concept.MODELS[kind].__name__
    found: dict[str, Part] = {}
    order: list[Part] = []

    def visit(name: str, node: dict[str, Any], path: str) -> None:
        if name in found:
            found[name].paths.append(path)
            return
        part = Part(name, node, [path] if path else [])
        found[name] = part
        order.append(part)
        for key, prop in node.get("properties", {}).items():
            for child, suffix in _children(prop):
                visit(child, defs[child], f"{path}.{key}{suffix}" if path else f"{key}{suffix}")

    visit(root_name, {k: v for k, v in schema.items() if k != "$defs"}, "")
    return order


# --------------------------------------------------------------------------- words

_PATTERNS = {
    concept.ID_PATTERN: "Kennung",
    concept.SLUG_PATTERN: "Kennung aus Kleinbuchstaben, Ziffern und `-`",
    r"^\d{8}$": "8 Ziffern, in Anführungszeichen",
    r"^[A-Z]{2}$": "zwei Großbuchstaben",
    r"^[a-z0-9][a-z0-9-]*:[A-Za-z][A-Za-z0-9_-]*$": "`konzept-id:ZIEL-ID`",
}


_PLURALS = {"Kennung": "Kennungen", "Text": "Texten"}


def _anchor(name: str) -> str:
    return f"[{NAMES[name]}](#{_slug(NAMES[name])})"


def _slug(heading: str) -> str:
    """The anchor GitHub and most Markdown viewers give a heading."""
    out = []
    for ch in heading.lower():
        if ch.isalnum() or ch in "-_":
            out.append(ch)
        elif ch == " ":
            out.append("-")
    return "".join(out)


def _enum_words(values: list[str], words: list[str] | None) -> str:
    if words and len(words) == len(values):
        return "; ".join(f"`{v}` = {w}" for v, w in zip(values, words, strict=True))
    return ", ".join(f"`{v}`" for v in values)


def kind_of(node: dict[str, Any]) -> str:
    """What a value looks like, in German: 'Datum JJJJ-MM-TT', 'Liste von Kennungen' ..."""
    node = _strip_null(node)
    name = _ref(node)
    if name:
        return _anchor(name)
    if "const" in node:
        return f"immer `{node['const']}`"
    if "enum" in node:
        return "einer der Werte: " + _enum_words(node["enum"], node.get("enumDescriptions"))
    if "anyOf" in node and not any(o.get("type") == "integer" for o in node["anyOf"]):
        # one of several shapes (a text or a list of texts): each in words
        return " oder ".join(kind_of(o) for o in node["anyOf"] if o.get("type") != "null")
    if "anyOf" in node:  # a period date: year or date text
        return "Jahr (`2026`), Monat (`2026-12`) oder Datum (`2026-12-31`)"
    typ = node.get("type")
    if typ == "array":
        items = node.get("items", {})
        inner = _strip_null(items) if isinstance(items, dict) else {}
        word = kind_of(inner)
        if _ref(inner):
            text = "Liste, jeder Eintrag: " + word
        else:
            text = "Liste von " + _PLURALS.get(word, word)
        if node.get("minItems"):
            text += f" (mindestens {node['minItems']})"
        return text
    if typ == "object":
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            return "Zuordnung Regelname: " + kind_of(extra)
        return "Zuordnung"
    if typ == "boolean":
        return "`true` oder `false`"
    if typ == "integer":
        lo, hi = node.get("minimum"), node.get("maximum")
        if lo is not None and hi is not None:
            return f"ganze Zahl von {lo} bis {hi}"
        return "ganze Zahl"
    if typ == "number":
        return "Zahl (mit Punkt als Dezimalzeichen: `17.4`)"
    if typ == "string":
        if node.get("format") == "date":
            return "Datum JJJJ-MM-TT"
        pattern = node.get("pattern")
        if pattern in _PATTERNS:
            return _PATTERNS[pattern]
        if node.get("examples"):
            return "Text: " + ", ".join(f"`{v}`" for v in node["examples"]) + " oder eigener Text"
        return "Text"
    return "beliebig"


def _default(node: dict[str, Any]) -> str:
    if "default" not in node:
        return ""
    value = node["default"]
    if value is None or value == [] or value == {}:
        return ""
    if isinstance(value, bool):
        return f"`{'true' if value else 'false'}`"
    return f"`{value}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(part: Part) -> list[str]:
    required = set(part.schema.get("required", []))
    lines = [
        "| Schlüssel | Pflicht | Wert | Bedeutung | Standard |",
        "| --- | --- | --- | --- | --- |",
    ]
    for key, prop in part.schema.get("properties", {}).items():
        description = _strip_null(prop).get("description") or prop.get("description", "")
        lines.append(
            "| "
            + " | ".join(
                [
                    f"`{key}`",
                    "ja" if key in required else "",
                    _cell(kind_of(prop)),
                    _cell(description),
                    _cell(_default(prop)),
                ]
            )
            + " |"
        )
    return lines


def _example_under(path: str, text: str) -> str:
    """The example as it stands in the file: under its key, as a list entry if it is one."""
    last = path.rsplit(".", 1)[-1]
    key = last.removesuffix("[]")
    body = text.rstrip("\n").splitlines()
    if last.endswith("[]"):
        shown = [f"{key}:"] + [("  - " if i == 0 else "    ") + ln for i, ln in enumerate(body)]
    else:
        shown = [f"{key}:"] + ["  " + ln for ln in body]
    return "\n".join(line.rstrip() for line in shown) + "\n"


def _where(part: Part) -> str:
    shown = ", ".join(f"`{p}`" for p in part.paths)
    return f"Steht unter {shown}."


# --------------------------------------------------------------------------- page


def _section(part: Part, level: str = "###") -> list[str]:
    out = [f"{level} {NAMES[part.name]}", ""]
    about = part.schema.get("description")
    if part.paths:
        out += [_where(part), ""]
    elif about:
        out += [about, ""]
    out += table(part)
    out.append("")
    example = EXAMPLES.get(part.name)
    if example and part.paths:
        out += ["```yaml", _example_under(part.paths[0], example).rstrip("\n"), "```", ""]
    return out


def render() -> str:
    """The whole page."""
    out: list[str] = [INTRO.rstrip("\n"), "", "```yaml", EXAMPLE_CONCEPT.rstrip("\n"), "```", ""]
    out += [
        (
            f"`integ validate --today {EXAMPLE_TODAY}` meldet für diese Datei keine Fehler und "
            "keine Warnungen."
        ),
        "",
        "## Alle Schlüssel einer Konzeptdatei",
        "",
        TYPES_NOTE.rstrip("\n"),
        "",
    ]
    for part in parts("concept"):
        out += _section(part)
    out += [
        "## Das Akteursverzeichnis: actors.yaml",
        "",
        "Akteure, die mehrere Konzepte verwenden, stehen einmal in `actors.yaml` neben dem "
        "Ordner `concepts/`. Jedes Konzept darf sie über ihre Kennung nennen, ohne sie zu "
        "wiederholen. Ein Akteur hat dieselben Schlüssel wie in der Liste `actors:` eines "
        "Konzepts (siehe " + _anchor("Actor") + ").",
        "",
        "```yaml",
        EXAMPLE_REGISTRY.rstrip("\n"),
        "```",
        "",
    ]
    registry = parts("registry")[0]
    out += table(registry) + [""]
    out += [
        "## Die Einstellungen: integ.yaml",
        "",
        (
            "`integ.yaml` liegt oben im Arbeitsbereich; `integ init` legt sie an. Alle Schlüssel "
            "dürfen fehlen, eine leere Datei ist in Ordnung."
        ),
        "",
        "```yaml",
        EXAMPLE_SETTINGS.rstrip("\n"),
        "```",
        "",
    ]
    settings = parts("settings")
    out += table(settings[0]) + [""]
    for part in settings[1:]:
        out += _section(part)
    out += [
        (
            "Die Namen der Regeln für `rules:` zeigt `integ rules`; `integ rules NAME` erklärt "
            "eine Regel mit einem falschen und einem richtigen Beispiel."
        ),
        "",
    ]
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = render()
    if "--check" in args:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is out of date: python -m integ.formatdoc", file=sys.stderr)
            return 1
        return 0
    from . import fsio

    fsio.write_atomic(OUT, text, root=OUT.parent.parent)
    print(OUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
