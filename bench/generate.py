#!/usr/bin/env python3
"""Generate a synthetic integ workspace for benchmarks.

    python bench/generate.py DIR --concepts N --measures M [--seed S]

writes DIR/integ.yaml, DIR/actors.yaml (a shared registry of 42 actors) and
DIR/concepts/<id>.yaml: one district concept (``landkreis-bench``) and N-1 town
or municipality concepts that belong to it. Every concept is valid per the
``integ/1`` format and free of warnings when checked with ``--today 2026-11-25``
(the date the data is built around; see TODAY below).

The YAML is written as text (pure standard library, no YAML library needed),
with 2-space mapping indent and ``  - `` list items, and every string that a
YAML 1.1 or 1.2 loader could misread is quoted. Output is deterministic for a
given seed.

Sizes: ``--concepts 25 --measures 150`` gives about 2.6 MB (the "district"
workspace), ``--concepts 1100 --measures 40`` about 45 MB (the "state" one).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import time
from pathlib import Path

TODAY = dt.date(2026, 11, 25)  # the --today the benchmark validates with
DISTRICT_ID = "landkreis-bench"
SCHEMA_MODELINE = "# yaml-language-server: $schema=../integ-concept.schema.json"

# Length of a measure description in characters (uniform in this range; the
# text is cut at the first sentence end past the drawn length). The knob that
# makes --concepts 25 --measures 150 land at about 2.5 MB.
DESC_CHARS = (20, 70)

# ---------------------------------------------------------------------------
# YAML scalar writing
# ---------------------------------------------------------------------------

_PLAIN_SPECIAL_START = set("-?:,[]{}#&*!|>'\"%@`~ \t")
_RESERVED = {
    # YAML 1.1 booleans and nulls (PyYAML) plus 1.2 core
    "y",
    "n",
    "yes",
    "no",
    "on",
    "off",
    "true",
    "false",
    "null",
    "~",
    "",
    ".nan",
    ".inf",
    "-.inf",
    "+.inf",
    "<<",
    "=",
}
_NUMBER_LIKE = re.compile(
    r"""^(
        [-+]?[0-9_]+(\.[0-9_]*)?([eE][-+]?[0-9]+)? |   # ints, floats, 1_000
        [-+]?\.[0-9_]+([eE][-+]?[0-9]+)? |
        0[xob][0-9a-fA-F_]+ |
        [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)? | # sexagesimal (1.1)
        [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?        # dates / timestamps
    )$""",
    re.VERBOSE,
)


def q(value: object) -> str:
    """Render a scalar as YAML, quoting strings that could be misread."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (dt.date,)):
        return value.isoformat()
    s = str(value)
    if _needs_quotes(s):
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return s


def _needs_quotes(s: str) -> bool:
    if s.lower() in _RESERVED:
        return True
    if s[0] in _PLAIN_SPECIAL_START or s[-1] in " \t:":
        return True
    if ": " in s or " #" in s or "\n" in s or "\t" in s:
        return True
    return bool(_NUMBER_LIKE.match(s))


def flow_list(items) -> str:
    return "[" + ", ".join(q(i) for i in items) + "]"


def block(lines: list[str], indent: int, key: str, text: str) -> None:
    """Append ``key: |`` and the literal block ``text`` at ``indent`` spaces."""
    pad = " " * indent
    lines.append(f"{pad}{key}: |")
    inner = pad + "  "
    for line in text.rstrip("\n").split("\n"):
        lines.append(inner + line if line else "")


# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

FIELDS = [
    # id, code, title
    ("sprache", "SPR", "Sprache und Integrationskurse"),
    ("bildung", "BIL", "Frühkindliche und schulische Bildung"),
    ("arbeit", "ARB", "Ausbildung und Arbeitsmarkt"),
    ("wohnen", "WOH", "Wohnen und Unterbringung"),
    ("gesundheit", "GES", "Gesundheit und Pflege"),
    ("teilhabe", "TEI", "Gesellschaftliche Teilhabe und Ehrenamt"),
    ("oeffnung", "OEF", "Interkulturelle Öffnung der Verwaltung"),
    ("antidiskriminierung", "ADI", "Antidiskriminierung und Zusammenhalt"),
]

GOAL_TITLES = {
    "SPR": [
        "Neuzugewanderte erreichen in zwei Jahren das Sprachniveau B1",
        "Alltagssprache wird in allen Ortsteilen gefördert",
    ],
    "BIL": [
        "Kinder mit Zuwanderungsgeschichte besuchen früh eine Kita",
        "Mehr Schulabschlüsse von Jugendlichen mit Zuwanderungsgeschichte",
    ],
    "ARB": [
        "Geflüchtete finden schneller eine reguläre Arbeit",
        "Ausländische Berufsabschlüsse werden zügig anerkannt",
    ],
    "WOH": [
        "Geflüchtete ziehen aus Unterkünften in eigenen Wohnraum",
        "Wohnungsmarkt ist für Zugewanderte ohne Benachteiligung offen",
    ],
    "GES": [
        "Zugewanderte kennen und nutzen das Gesundheitssystem",
        "Psychosoziale Versorgung Geflüchteter ist gesichert",
    ],
    "TEI": [
        "Zugewanderte engagieren sich in Vereinen und Ehrenamt",
        "Migrantenorganisationen sind an Entscheidungen beteiligt",
    ],
    "OEF": [
        "Verwaltung berät mehrsprachig und kultursensibel",
        "Das Personal der Verwaltung spiegelt die Vielfalt der Bevölkerung",
    ],
    "ADI": [
        "Diskriminierung wird erkannt, gemeldet und bearbeitet",
        "Mehr Begegnung zwischen Alteingesessenen und Neuzugewanderten",
    ],
}

INDICATOR_TEMPLATES = [
    # title, unit, direction, baseline range, step
    ("Anteil der Teilnehmenden mit erfolgreichem Abschluss", "percent", "increase", (35, 60)),
    ("Anteil der Personen, die das Angebot kennen", "percent", "increase", (20, 50)),
    ("Anzahl der Teilnehmenden pro Jahr", "persons", "increase", (80, 600)),
    ("Anzahl der Angebote im Jahr", "count", "increase", (5, 40)),
    ("Durchschnittliche Wartezeit in Tagen", "days", "decrease", (40, 120)),
    ("Anteil der Abbrüche", "percent", "decrease", (15, 35)),
    ("Anzahl gemeldeter Vorfälle, die unbearbeitet bleiben", "count", "decrease", (10, 40)),
    ("Zufriedenheit mit der Beratung (Anteil zufrieden)", "percent", "keep", (70, 90)),
]

SOURCES = [
    "BAMF-Integrationskursgeschäftsstatistik",
    "Statistisches Landesamt Baden-Württemberg",
    "Bundesagentur für Arbeit",
    "Eigene Erhebung der Integrationsbeauftragten",
    "Jugendamt, Kita-Bedarfsplanung",
    "Schulstatistik des Landes",
    "Jahresbericht Ausländerbehörde",
]

TARGET_GROUPS = [
    ("gefluechtete", "Geflüchtete"),
    ("eu-zugewanderte", "Zugewanderte aus der EU"),
    ("frauen", "Frauen mit Zuwanderungsgeschichte"),
    ("jugendliche", "Jugendliche und junge Erwachsene"),
    ("kinder", "Kinder und Familien"),
    ("senioren", "Ältere Zugewanderte"),
    ("fachkraefte", "Internationale Fachkräfte"),
    ("alle", "Alle Einwohnerinnen und Einwohner"),
]

# Shared actor registry: (id, name, type). ~40 actors.
ACTORS = [
    ("landratsamt-bench", "Landratsamt Bench, Stabsstelle Integration", "public_authority"),
    ("auslaenderbehoerde-bench", "Ausländerbehörde des Landkreises", "public_authority"),
    ("jugendamt-bench", "Kreisjugendamt", "public_authority"),
    ("gesundheitsamt-bench", "Gesundheitsamt des Landkreises", "health"),
    ("jobcenter-bench", "Jobcenter Landkreis Bench", "jobcenter"),
    ("agentur-arbeit-bench", "Agentur für Arbeit Bench-Mitte", "employment_agency"),
    ("caritas-bench", "Caritasverband für den Landkreis", "welfare"),
    ("diakonie-bench", "Diakonisches Werk im Landkreis", "welfare"),
    ("awo-bench", "Arbeiterwohlfahrt Kreisverband", "welfare"),
    ("drk-bench", "Deutsches Rotes Kreuz Kreisverband", "welfare"),
    ("paritaet-bench", "Der Paritätische, Regionalgeschäftsstelle", "welfare"),
    ("vhs-bench", "Volkshochschule im Landkreis", "language_course"),
    ("sprachschule-nord", "Sprachinstitut Nord gGmbH", "language_course"),
    ("sprachschule-sued", "Sprachschule Süd", "language_course"),
    ("bildungswerk-bench", "Katholisches Bildungswerk", "education"),
    ("berufsschule-bench", "Gewerbliche Berufsschule", "school"),
    ("gemeinschaftsschule-bench", "Gemeinschaftsschule am Markt", "school"),
    ("gymnasium-bench", "Gymnasium am Schlossberg", "school"),
    ("schulamt-bench", "Staatliches Schulamt", "public_authority"),
    ("kita-verbund-bench", "Kita-Verbund der Gemeinden", "daycare"),
    ("familienzentrum-bench", "Familienzentrum Regenbogen", "daycare"),
    ("klinikum-bench", "Kreisklinikum", "health"),
    ("psz-bench", "Psychosoziales Zentrum für Geflüchtete", "health"),
    ("baugenossenschaft-bench", "Baugenossenschaft Familienheim", "housing"),
    ("wohnbau-bench", "Kreiswohnbau GmbH", "housing"),
    ("ihk-bench", "Industrie- und Handelskammer, Bezirkskammer", "chamber"),
    ("hwk-bench", "Handwerkskammer", "chamber"),
    ("unternehmen-bench", "Unternehmensnetzwerk Fachkräfte", "employer"),
    ("pflegedienst-bench", "Ambulanter Pflegedienst Lebenswert", "employer"),
    ("freundeskreis-asyl", "Freundeskreis Asyl", "volunteer"),
    ("buergerstiftung-bench", "Bürgerstiftung", "volunteer"),
    ("ehrenamtsboerse-bench", "Ehrenamtsbörse", "volunteer"),
    ("integrationsrat-bench", "Integrationsrat des Landkreises", "migrant_organisation"),
    ("kulturverein-bench", "Deutsch-Türkischer Kulturverein", "migrant_organisation"),
    ("frauentreff-bench", "Internationaler Frauentreff", "migrant_organisation"),
    ("moscheegemeinde-bench", "Moscheegemeinde", "religious"),
    ("kirchengemeinde-bench", "Evangelische Kirchengemeinde", "religious"),
    ("sportkreis-bench", "Sportkreis", "sports"),
    ("musikschule-bench", "Musikschule", "culture"),
    ("bibliothek-bench", "Stadtbibliothek", "culture"),
    ("gemeindetag-bench", "Kreisverband des Gemeindetags", "municipality"),
    ("stiftung-bench", "Stiftung Chancengleichheit", "other"),
]
ACTOR_IDS = [a[0] for a in ACTORS]

TOWN_PREFIX = [
    "Ober",
    "Unter",
    "Neu",
    "Alt",
    "Hoch",
    "Nieder",
    "Groß",
    "Klein",
    "Bad ",
    "Sankt ",
    "Mittel",
    "Wald",
    "Berg",
    "Tal",
    "Stein",
    "Linden",
    "Eichen",
    "Birken",
    "Rosen",
    "Wiesen",
]
TOWN_STEM = [
    "bach",
    "heim",
    "ingen",
    "hausen",
    "dorf",
    "stetten",
    "weiler",
    "feld",
    "au",
    "burg",
    "tal",
    "berg",
    "brunn",
    "hofen",
    "wangen",
    "kirch",
]
TOWN_MID = ["", "en", "el", "ers", "lin", "ach", "erd", "ol"]

FIRST = [
    "Erika",
    "Max",
    "Aylin",
    "Jonas",
    "Fatma",
    "Lukas",
    "Sofia",
    "Mehmet",
    "Lena",
    "Tobias",
    "Olga",
    "Paul",
    "Nadia",
    "Jan",
    "Marta",
    "Samir",
]
LAST = [
    "Beispiel",
    "Muster",
    "Schmidt",
    "Yilmaz",
    "Becker",
    "Novak",
    "Wagner",
    "Haddad",
    "Keller",
    "Ivanova",
    "Richter",
    "Demir",
    "Hofmann",
    "Rossi",
    "Kaya",
    "Weber",
]

MEASURE_NOUNS = [
    "Sprachcafé",
    "Lotsenprogramm",
    "Beratungsangebot",
    "Patenschaftsprojekt",
    "Elternkurs",
    "Bewerbungstraining",
    "Begegnungsfest",
    "Schulungsreihe",
    "Sprechstunde",
    "Mentoringprogramm",
    "Infoabend",
    "Kursangebot",
    "Werkstatt",
    "Netzwerktreffen",
    "Fortbildung",
    "Wohnraumbörse",
]
MEASURE_ADDS = [
    "in allen Ortsteilen",
    "für Neuzugewanderte",
    "mit Kinderbetreuung",
    "in einfacher Sprache",
    "mit Dolmetschenden",
    "am Abend",
    "für Frauen",
    "für Jugendliche",
    "in Kooperation mit Betrieben",
    "im Quartier",
    "digital und vor Ort",
    "für Familien",
    "mit Ehrenamtlichen",
]

SENT_SUBJ = [
    "Das Angebot",
    "Die Maßnahme",
    "Das Projektteam",
    "Die Koordinierungsstelle",
    "Der Träger",
    "Die Integrationsbeauftragte",
    "Das Netzwerk",
    "Die Verwaltung",
    "Eine Lenkungsgruppe",
    "Das Team der Beratungsstelle",
]
SENT_VERB = [
    "richtet sich an",
    "unterstützt",
    "erreicht",
    "begleitet",
    "informiert",
    "qualifiziert",
    "vernetzt",
    "berät",
    "stärkt",
    "öffnet sich für",
]
SENT_OBJ = [
    "Neuzugewanderte in den ersten Monaten",
    "Familien mit kleinen Kindern",
    "junge Erwachsene ohne Ausbildungsplatz",
    "Frauen, die bisher kaum erreicht wurden",
    "Ehrenamtliche in der Flüchtlingshilfe",
    "Betriebe aus Handwerk und Pflege",
    "Schulen mit Vorbereitungsklassen",
    "Vereine und Migrantenorganisationen",
    "Beschäftigte der Bürgerdienste",
    "ältere Zugewanderte im Quartier",
]
SENT_TAIL = [
    "und wird regelmäßig ausgewertet.",
    "in enger Abstimmung mit den Partnern.",
    "mit festen Sprechzeiten im Rathaus.",
    "auch in den kleineren Ortsteilen.",
    "auf Grundlage der Bedarfserhebung.",
    "ergänzend zu den Integrationskursen.",
    "mit Unterstützung aus dem Förderprogramm.",
    "in mehreren Sprachen.",
    "und wird im Ausschuss vorgestellt.",
    "nach den Erfahrungen der Pilotphase.",
]
SENT_EXTRA = [
    "Die Teilnahme ist kostenlos; Fahrtkosten werden erstattet.",
    "Die Termine werden über Schulen, Kitas und soziale Medien bekannt gemacht.",
    "Eine Kinderbetreuung während der Termine ist organisiert.",
    "Rückmeldungen der Teilnehmenden fließen in die Weiterentwicklung ein.",
    "Die Räume stellt die Gemeinde unentgeltlich zur Verfügung.",
    "Für die Durchführung stehen Sprachmittlerinnen und Sprachmittler bereit.",
]
LOG_NOTES = [
    "Start mit {n} Teilnehmenden.",
    "Zwischenstand: {n} Personen erreicht.",
    "Im Netzwerk abgestimmt.",
    "Förderantrag bewilligt.",
    "Auswertung: {n} Rückmeldungen, überwiegend positiv.",
    "Auf weitere Ortsteile ausgeweitet.",
    "Kooperationsvereinbarung unterzeichnet.",
    "Nach Personalwechsel wieder regulär.",
]
REASONS = {
    "postponed": "Start erst nach der Förderzusage.",
    "paused": "Fachkraft in Elternzeit, Vertretung gesucht.",
    "dropped": "Durch ein landesweites Programm abgedeckt.",
}
FUNDING = [
    "Förderprogramm „Integration vor Ort“",
    "Eigenmittel der Gemeinde",
    "Pakt für Integration, Integrationsmanagement",
    "Europäischer Sozialfonds Plus",
    "Bundesprogramm „Demokratie leben!“",
    "Stiftungsmittel",
]
TOPICS = [
    "Wohnraum",
    "Arbeitsmarktintegration",
    "Sprachkurse",
    "Kita-Plätze",
    "Ehrenamt",
    "Gesundheit",
    "Antidiskriminierung",
    "Schule",
    "Fachkräfte",
]

# Measure statuses with weights; chosen so that every kind appears.
STATUSES = (
    ["ongoing"] * 10
    + ["planned"] * 3
    + ["completed"] * 3
    + ["permanent"] * 2
    + ["postponed", "paused", "dropped"]
)


# ---------------------------------------------------------------------------
# Generators
# ---------------------------------------------------------------------------


def ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def day(rng: random.Random, year: int, month: int) -> dt.date:
    return dt.date(year, month, rng.randint(1, 28))


def sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(SENT_SUBJ)} {rng.choice(SENT_VERB)} {rng.choice(SENT_OBJ)} "
        f"{rng.choice(SENT_TAIL)}"
    )


def short_sentence(rng: random.Random) -> str:
    if rng.random() < 0.35:
        return sentence(rng)
    return f"{rng.choice(SENT_SUBJ)} {rng.choice(SENT_VERB)} {rng.choice(SENT_OBJ)}."


def description(rng: random.Random, chars: int) -> str:
    parts: list[str] = []
    n = 0
    while n < chars:
        s = short_sentence(rng) if rng.random() < 0.85 else rng.choice(SENT_EXTRA)
        parts.append(s)
        n += len(s) + 1
    words = " ".join(parts).split(" ")
    text = wrap(words, 60)
    if "\n" not in text:  # always at least two lines: a multi-line block as in real files
        half = len(words) // 2
        text = " ".join(words[:half]) + "\n" + " ".join(words[half:])
    return text


def wrap(words: list[str], width: int) -> str:
    out, cur = [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            out.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    if cur:
        out.append(cur)
    return "\n".join(out)


def paragraph(rng: random.Random, n: int) -> str:
    """n sentences wrapped at 72 columns (lines stay within yamllint's 80)."""
    words = " ".join(
        sentence(rng) if rng.random() < 0.75 else rng.choice(SENT_EXTRA) for _ in range(n)
    ).split(" ")
    return wrap(words, 72)


def town_name(rng: random.Random) -> str:
    prefix, rest = rng.choice(TOWN_PREFIX), rng.choice(TOWN_MID) + rng.choice(TOWN_STEM)
    if prefix.endswith(" "):  # "Bad ", "Sankt ": the rest is a word of its own
        rest = rest[0].upper() + rest[1:]
    return prefix + rest


def write_actors(root: Path) -> None:
    lines = ["# Gemeinsames Akteursverzeichnis für alle Konzepte des Landkreises", "actors:"]
    for aid, name, typ in ACTORS:
        lines.append(f"  - id: {q(aid)}")
        lines.append(f"    name: {q(name)}")
        lines.append(f"    type: {typ}")
        lines.append(f"    url: https://www.example.org/{aid}")
    (root / "actors.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def concept_text(
    idx: int, n_measures: int, seed: int, towns: list[tuple[str, str, str]]
) -> tuple[str, str]:
    """Return (id, YAML text) of concept number idx (0 = the district)."""
    rng = random.Random(f"{seed}:{idx}")
    is_district = idx == 0
    if is_district:
        cid, name, mtype = DISTRICT_ID, "Landkreis Bench", "district"
        ags = "08299000"
        title = "Integrationskonzept des Landkreises Bench"
        body, res_prefix = "Kreistag", "KT"
    else:
        cid, name, mtype = towns[idx - 1]
        # AGS: Land 08, district 299, municipality 001..999. A district has no
        # room for more than 999 codes, so towns past that (state scale) go without
        # one (the key is optional) rather than with a code of another district.
        ags = f"08299{idx:03d}" if idx <= 999 else None
        kind = "Stadt" if mtype == "town" else "Gemeinde"
        title = f"Integrationskonzept der {kind} {name.split(' ', 1)[1]}"
        body, res_prefix = "Gemeinderat", "GR"

    L: list[str] = [SCHEMA_MODELINE]
    a = L.append
    a("format: integ/1")
    a(f"id: {cid}")
    a(f"title: {q(title)}")
    a("municipality:")
    a(f"  name: {q(name)}")
    a(f"  type: {mtype}")
    if ags:
        a(f'  ags: "{ags}"')
    a("  state: BW")
    if not is_district:
        a(f"  district: {DISTRICT_ID}")
    a('version: "2.0"')
    a("status: adopted")
    a("adopted:")
    a(f"  date: {day(rng, 2024, rng.randint(6, 11)).isoformat()}")
    a(f"  body: {body}")
    a(f"  resolution: {q(f'{res_prefix}-2024-{rng.randint(1, 199):03d}')}")
    a("  ref: konzept-2.0")
    a("period: {start: 2024, end: 2028}")
    a("review:")
    a("  cycle_months: 24")
    a("  last: 2026-05-12")

    # contacts
    fn, ln = rng.choice(FIRST), rng.choice(LAST)
    fn2, ln2 = rng.choice(FIRST), rng.choice(LAST)
    contacts = ["kontakt-ib", "kontakt-verwaltung"]
    a("contacts:")
    a("  - id: kontakt-ib")
    a(f"    name: {q(fn + ' ' + ln)}")
    a(f"    role: {q('Integrationsbeauftragte' if is_district else 'Integrationsmanagement')}")
    a(f"    email: {fn[0].lower()}.{ln.lower()}@example.org")
    a(f'    phone: "+49 7222 {rng.randint(100, 999)}-{rng.randint(100, 999)}"')
    a("    public: true")
    a("  - id: kontakt-verwaltung")
    a(f"    name: {q(fn2 + ' ' + ln2)}")
    a("    role: Sachbearbeitung Soziales")
    a(f"    email: {fn2[0].lower()}.{ln2.lower()}@example.org")
    a("    public: false")

    block(
        L,
        0,
        "vision",
        wrap(f"{name} ist ein Ort, an dem alle Menschen gleichberechtigt teilhaben.".split(" "), 72)
        + "\n\n"
        + paragraph(rng, 4),
    )

    # situation
    a("situation:")
    block(L, 2, "text", "## Ausgangslage\n\n" + paragraph(rng, 5) + "\n\n" + paragraph(rng, 3))
    a("  figures:")
    pop = rng.randint(3000, 60000) if not is_district else 231000
    figs = [
        ("F-einwohner", "Einwohnerinnen und Einwohner", pop, "persons"),
        (
            "F-auslaenderanteil",
            "Anteil der Bevölkerung ohne deutsche Staatsangehörigkeit",
            round(rng.uniform(8, 25), 1),
            "percent",
        ),
        (
            "F-gefluechtete",
            "Geflüchtete in kommunaler Anschlussunterbringung",
            rng.randint(20, 900),
            "persons",
        ),
        (
            "F-sgb2",
            "Ausländeranteil an SGB-II-Leistungsberechtigten",
            round(rng.uniform(20, 50), 1),
            "percent",
        ),
    ]
    for fid, label, value, unit in figs:
        a(f"    - id: {fid}")
        a(f"      label: {q(label)}")
        a(f"      value: {value}")
        a(f"      unit: {unit}")
        a("      year: 2025")
        a("      source: Statistisches Landesamt Baden-Württemberg")

    # target groups
    a("target_groups:")
    tg_ids = [t[0] for t in TARGET_GROUPS]
    for tid, tname in TARGET_GROUPS:
        a(f"  - id: {tid}")
        a(f"    name: {q(tname)}")

    # fields, goals, indicators
    a("fields:")
    goal_ids: list[str] = []
    goal_code: dict[str, str] = {}
    for fid, code, ftitle in FIELDS:
        a(f"  - id: {fid}")
        a(f"    title: {q(ftitle)}")
        block(L, 4, "summary", paragraph(rng, 2))
        if fid == "antidiskriminierung":
            a("    cross_cutting: true")
        a("    goals:")
        for g in (1, 2):
            gid = f"Z-{code}-{g}"
            goal_ids.append(gid)
            goal_code[gid] = code
            a(f"      - id: {gid}")
            a(f"        title: {q(GOAL_TITLES[code][g - 1])}")
            a(f"        level: {'strategic' if g == 1 else 'operational'}")
            if not is_district and g == 1:
                a(f"        contributes_to: [{DISTRICT_ID}:{gid}]")
            a("        indicators:")
            for k in range(1, (2 if rng.random() < 0.25 else 1) + 1):
                write_indicator(L, rng, f"I-{code}-{g}-{k}")

    # measures
    a("measures:")
    pool = [x for x in ACTOR_IDS]
    for m in range(n_measures):
        # every goal served: the first 16 measures take one goal each, in order
        g = goal_ids[m % len(goal_ids)] if m < len(goal_ids) else rng.choice(goal_ids)
        code = goal_code[g]
        mid = f"M-{code}-{m + 1:03d}"
        goals = [g]
        if rng.random() < 0.25:
            other = rng.choice(goal_ids)
            if other != g:
                goals.append(other)
        lead = rng.choice(pool)
        partners = rng.sample(
            [p for p in pool if p != lead], rng.choice([0, 1, 1, 2]) if rng.random() < 0.5 else 0
        )
        tgs = rng.sample(tg_ids, rng.choice([1, 1, 2]))
        status = rng.choice(STATUSES)
        write_measure(
            L, rng, mid, goals, lead, partners, tgs, status, towns if is_district else None
        )

    # concept-local actor (in addition to the shared registry)
    local = f"verwaltung-{cid}"
    a("actors:")
    a(f"  - id: {local}")
    a(
        f"    name: {q('Landratsamt, Stabsstelle Integration' if is_district else 'Bürgermeisteramt ' + name.split(' ', 1)[1])}"
    )
    a(f"    type: {'public_authority' if is_district else 'municipality'}")

    # networks
    a("networks:")
    for nid, nname in (
        ("netzwerk-integration", "Netzwerk Integration"),
        ("ak-ehrenamt", "Arbeitskreis Ehrenamt und Begegnung"),
    ):
        a(f"  - id: {nid}")
        a(f"    name: {q(nname + ' ' + name)}")
        a(f"    convener: {local}")
        a("    members:")
        for mem in [local] + rng.sample(pool, rng.randint(3, 7)):
            a(f"      - {mem}")
        a("    cadence_months: 6")
        a("    meetings:")
        for d in (
            day(rng, 2025, rng.randint(9, 11)),
            day(rng, 2026, rng.randint(3, 5)),
            day(rng, 2026, rng.randint(9, 10)),
        ):
            a(f"      - date: {d.isoformat()}")
            a(f"        topics: {flow_list(rng.sample(TOPICS, 2))}")

    # reviews
    a("reviews:")
    a("  - date: 2024-05-14")
    a("    by: kontakt-ib")
    a("    summary: Bestandsaufnahme vor der Fortschreibung; Schwerpunkte neu gesetzt.")
    a('    version: "1.0"')
    a("  - date: 2026-05-12")
    a(f"    by: {rng.choice(contacts)}")
    a(
        f"    summary: {q(f'Zwischenbilanz nach zwei Jahren; {rng.randint(2, 9)} Maßnahmen abgeschlossen.')}"
    )
    a('    version: "2.0"')
    return cid, "\n".join(L) + "\n"


def write_indicator(L: list[str], rng: random.Random, iid: str) -> None:
    title, unit, direction, (lo, hi) = rng.choice(INDICATOR_TEMPLATES)
    base = rng.randint(lo, hi)
    span = max(2, base // 5)
    if direction == "increase":
        target = base + rng.randint(span // 2 + 1, span * 2)
    elif direction == "decrease":
        target = max(0, base - rng.randint(span // 2 + 1, min(span * 2, base)))
    else:
        target = base
    if unit == "percent":
        target = min(target, 100)
        if direction == "increase" and target <= base:  # base near 100
            base, target = 90, 98
    L.append(f"          - id: {iid}")
    L.append(f"            title: {q(title)}")
    L.append(f"            unit: {unit}")
    L.append(f"            direction: {direction}")
    L.append(f"            source: {q(rng.choice(SOURCES))}")
    L.append(f"            baseline: {{value: {base}, year: 2022}}")
    L.append(f"            target: {{value: {target}, year: 2028}}")
    L.append("            values:")
    last_year = 2026 if rng.random() < 0.5 else 2025
    for y in range(2024, last_year + 1):
        frac = (y - 2022) / 6
        v = base + (target - base) * frac + rng.uniform(-1, 1) * (span / 4)
        v = round(v) if unit != "percent" else round(v, 1)
        if unit == "percent":
            v = min(100.0, max(0.0, v))
        else:
            v = max(0, v)
        extra = ", note: vorläufig" if y == last_year and rng.random() < 0.3 else ""
        L.append(f"              - {{year: {y}, value: {v}{extra}}}")


def write_measure(L, rng, mid, goals, lead, partners, tgs, status, towns) -> None:
    a = L.append
    title = f"{rng.choice(MEASURE_NOUNS)} {rng.choice(MEASURE_ADDS)}"
    a(f"  - id: {mid}")
    a(f"    title: {q(title)}")
    text = description(rng, rng.randint(*DESC_CHARS))
    if rng.random() < 0.1:
        text += "\n\nSchwerpunkte:\n\n" + "\n".join(f"- {s}" for s in rng.sample(SENT_OBJ, 2))
    block(L, 4, "description", text)
    a(f"    goals: {flow_list(goals)}")
    a(f"    lead: {lead}")
    if partners:
        a(f"    partners: {flow_list(partners)}")
    a(f"    target_groups: {flow_list(tgs)}")
    a(f"    status: {status}")
    if status in REASONS:
        a(f"    status_reason: {q(REASONS[status])}")
    r = rng.random()
    if r < 0.3:
        a(f"    priority: {rng.choice(['high', 'medium', 'low'])}")
    if r < 0.15:
        a(
            f"    tags: {flow_list(rng.sample(['schwerpunkt', 'quick-win', 'neu', 'landesprogramm'], 1))}"
        )
    if towns and rng.random() < 0.3:
        a(
            f"    scope: {flow_list([t[0] for t in rng.sample(towns, min(len(towns), rng.randint(1, 3)))])}"
        )

    # dates relative to TODAY = 2026-11-25
    if status == "planned":
        start = (2027, rng.randint(1, 9))
        end = add_months(*start, rng.randint(12, 36))
    elif status == "postponed":
        start = (2027, rng.randint(3, 12))
        end = add_months(*start, rng.randint(12, 24))
    elif status == "completed":
        start = (rng.randint(2022, 2023), rng.randint(1, 12))
        end = (rng.choice([2025, 2026]), rng.randint(1, 9))
        if end[0] == 2025:
            end = (2025, rng.randint(1, 12))
    elif status == "permanent":
        start = (rng.randint(2019, 2023), rng.randint(1, 12))
        end = None
    else:  # ongoing, paused, dropped
        start = (rng.randint(2022, 2026), rng.randint(1, 12))
        if start >= (2026, 10):
            start = (2026, rng.randint(1, 9))
        end = (rng.randint(2027, 2029), rng.randint(1, 12))
    a(f"    start: {ym(*start)}")
    if end:
        a(f"    end: {ym(*end)}")
    if rng.random() < 0.4:
        a("    budget:")
        a(f"      amount: {rng.randint(2, 120) * 500}")
        a("      per: year")
        a(f"      funding: {q(rng.choice(FUNDING))}")
        if end:
            until = add_months(*end, rng.choice([0, 0, 3, 6, 12]))
            a(f"      until: {ym(*until)}")
    a(f"    review_by: {day(rng, 2027, rng.randint(1, 12)).isoformat()}")

    # log: oldest first, the newest within the last 24 months
    if status in ("planned", "postponed"):
        dates = [day(rng, 2026, rng.randint(2, 10))]
        states = [status]
    else:
        s_date = day(rng, *start)
        if status == "completed":
            e_year, e_month = end
            newest = day(rng, e_year, e_month)
        else:
            newest = day(rng, 2026, rng.randint(1, 10))
        if newest <= s_date or rng.random() < 0.6:
            dates = [max(newest, s_date)]
        else:
            dates = [s_date, newest]
        states = ["ongoing"] * len(dates)
        states[-1] = status if status != "permanent" else "permanent"
    a("    log:")
    for d, st in zip(dates, states):
        a(f"      - date: {d.isoformat()}")
        a(f"        status: {st}")
        a(f"        note: {q(rng.choice(LOG_NOTES).format(n=rng.randint(8, 180)))}")


def generate(root: Path, n_concepts: int, n_measures: int, seed: int = 1) -> dict:
    if n_concepts < 1:
        raise SystemExit("--concepts must be at least 1")
    if n_measures < 16:
        raise SystemExit("--measures must be at least 16 (one per goal, so every goal is served)")
    root.mkdir(parents=True, exist_ok=True)
    cdir = root / "concepts"
    cdir.mkdir(exist_ok=True)
    for old in cdir.glob("*.yaml"):
        old.unlink()
    (root / "integ.yaml").write_text(
        "# Benchmark-Arbeitsbereich (erzeugt von bench/generate.py)\n"
        "organisation: Landratsamt Bench\n"
        "locale: de\n"
        "concepts: concepts\n"
        "actors: actors.yaml\n",
        encoding="utf-8",
    )
    write_actors(root)

    trng = random.Random(f"{seed}:towns")
    towns: list[tuple[str, str, str]] = []
    used: set[str] = set()
    for i in range(1, n_concepts):
        mtype = "town" if trng.random() < 0.35 else "municipality"
        base = town_name(trng)
        while base in used:
            base = (
                town_name(trng)
                + " "
                + trng.choice(["am Rhein", "an der Murg", "im Tal", "ob der Alb"])
            )
        used.add(base)
        prefix = "stadt" if mtype == "town" else "gemeinde"
        label = "Stadt" if mtype == "town" else "Gemeinde"
        towns.append((f"{prefix}-{i:04d}", f"{label} {base}", mtype))

    total = 0
    for idx in range(n_concepts):
        cid, text = concept_text(idx, n_measures, seed, towns)
        data = text.encode("utf-8")
        (cdir / f"{cid}.yaml").write_bytes(data)
        total += len(data)
    return {"files": n_concepts, "bytes": total}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("dir", type=Path, help="workspace folder to write (created if missing)")
    p.add_argument("--concepts", type=int, default=25, help="number of concept files (default 25)")
    p.add_argument("--measures", type=int, default=150, help="measures per concept (default 150)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    info = generate(args.dir, args.concepts, args.measures, args.seed)
    dt_s = time.perf_counter() - t0
    print(
        f"{args.dir}: {info['files']} concepts, {info['bytes'] / 1e6:.2f} MB "
        f"of concept files, {dt_s:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
