"""The concept format ``integ/1`` as one source of truth.

The pydantic models below check types, required keys, enumerations and unknown keys,
and they yield the JSON Schema (``integ schema``) that editors use. Every key and every
enumeration value carries a German description. Dates stay strings (YAML 1.2 has no
date type) and are checked by the validators here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema

FORMAT = "integ/1"
SCHEMA_ID = "https://integ.example.org/schema/integ-concept-1.json"

# --------------------------------------------------------------------------- enums


class EnumWords(Mapping[str, str]):
    """The values of one enumeration and their German words.

    The values are fixed here (they are the format); the words are the catalogue's
    ``enum.<kind>.<value>`` (``integ/locale/*/LC_MESSAGES/docs.po``), the same words the
    documents use, read only when a word is first asked for. ``hint(value)`` adds the
    catalogue's explanation (``doc.enumhint.<kind>.<value>``) where it has one.
    """

    def __init__(self, kind: str, values: tuple[str, ...]) -> None:
        self.kind = kind
        self._values = values

    def __getitem__(self, value: str) -> str:
        if value not in self._values:
            raise KeyError(value)
        from . import i18n

        with i18n.using("de"):
            return i18n.enum(self.kind, value)

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def hint(self, value: str) -> str:
        """'verstetigt (jetzt ein Regelangebot)': the word and what it means."""
        from . import i18n

        word = self[value]
        with i18n.using("de"):
            msgid = f"doc.enumhint.{self.kind}.{value}"
            return f"{word} ({i18n.t(msgid)})" if i18n.has(msgid) else word


STATUS = EnumWords("status", ("draft", "consultation", "adopted", "superseded"))
MUNICIPALITY_TYPES = EnumWords(
    "municipality_type", ("district", "town", "municipality", "association")
)
MEASURE_STATUS = EnumWords(
    "measure_status",
    ("planned", "ongoing", "completed", "permanent", "postponed", "paused", "dropped"),
)
PRIORITY = EnumWords("priority", ("high", "medium", "low"))
LEVEL = EnumWords("level", ("strategic", "operational"))
DIRECTION = EnumWords("direction", ("increase", "decrease", "keep"))
BUDGET_PER = EnumWords("budget_per", ("year", "total"))
FUNDING_SOURCES = EnumWords(
    "funding_source",
    ("district", "state", "federal", "municipality", "eu", "jobcenter", "foundation", "other"),
)
COUNCIL_ROLES = EnumWords("council_role", ("preliminary", "decision", "information"))
ACTOR_TYPES = EnumWords(
    "actor_type",
    (
        "public_authority",
        "jobcenter",
        "employment_agency",
        "welfare",
        "education",
        "language_course",
        "school",
        "daycare",
        "health",
        "housing",
        "employer",
        "chamber",
        "volunteer",
        "migrant_organisation",
        "religious",
        "sports",
        "culture",
        "municipality",
        "other",
    ),
)
UNITS = EnumWords("unit", ("percent", "persons", "count", "euro", "hours", "days", "ratio"))
SEVERITY_SETTING = EnumWords("severity", ("error", "warning", "off"))
LOCALES = EnumWords("locale", ("de", "en"))

ENUM_LABELS_DE: dict[str, EnumWords] = {
    "status": STATUS,
    "municipality_type": MUNICIPALITY_TYPES,
    "measure_status": MEASURE_STATUS,
    "priority": PRIORITY,
    "level": LEVEL,
    "direction": DIRECTION,
    "per": BUDGET_PER,
    "funding_source": FUNDING_SOURCES,
    "council_role": COUNCIL_ROLES,
    "actor_type": ACTOR_TYPES,
    "unit": UNITS,
}


def _enum(values: EnumWords) -> Any:
    lit = Literal.__getitem__(tuple(values))

    def describe(schema: dict[str, Any]) -> None:  # when a schema is made, not at import
        schema["enumDescriptions"] = [values.hint(k) for k in values]
        schema["markdownEnumDescriptions"] = [f"`{k}`: {values.hint(k)}" for k in values]

    return Annotated[lit, Field(json_schema_extra=describe)]


# --------------------------------------------------------------------------- scalars

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_-]*$"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
from .dates import (  # noqa: F401  (re-exported: the model's date rules)
    add_months,
    next_review,
    parse_date,
    parse_period,
    valid_cycle,
)


def _check_date(value: str) -> str:
    if parse_date(value) is None:
        raise ValueError(f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2025-05-12")
    return value


def _check_period(value: Any) -> Any:
    if parse_period(value) is None:
        raise ValueError(
            f"'{value}' is not a year, month or date; write 2024, 2024-06 or 2024-06-30"
        )
    return value


Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        description="Kennung (id): Buchstabe, "
        "dann Buchstaben, Ziffern, '-' oder '_'; eindeutig im Konzept",
    ),
]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
Text = Annotated[str, Field(min_length=1)]  # a required text may not be empty
Date = Annotated[
    str,
    AfterValidator(_check_date),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "pattern": r"^\d{4}-\d{2}-\d{2}$",
            "description": "Datum JJJJ-MM-TT",
        }
    ),
]
PeriodDate = Annotated[
    Any,
    AfterValidator(_check_period),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1000, "maximum": 9999, "description": "Jahr"},
                {
                    "type": "string",
                    "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
                    "description": "JJJJ, JJJJ-MM oder JJJJ-MM-TT",
                },
            ]
        }
    ),
]
Number = float
Unit = Annotated[
    str,
    Field(
        json_schema_extra=lambda schema: schema.update(
            {
                "examples": list(UNITS),
                "description": "Einheit: "
                + ", ".join(f"{k} = {UNITS.hint(k)}" for k in UNITS)
                + " oder ein eigener Text",
            }
        )
    ),
]


def D(description: str, **kw: Any) -> Any:
    """A field with a German description."""
    return Field(description=description, **kw)


class _Model(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=False)


# --------------------------------------------------------------------------- parts


class Municipality(_Model):
    name: Text = D("Name der Kommune, z. B. „Landkreis Rastatt“")
    type: _enum(MUNICIPALITY_TYPES) = D("Art der Kommune")  # type: ignore[valid-type]
    ags: Annotated[str, Field(pattern=r"^\d{8}$")] | None = D(
        'Amtlicher Gemeindeschlüssel, 8 Ziffern, in Anführungszeichen: "08216000"', default=None
    )
    state: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = D(
        "Bundesland als Kürzel, z. B. BW", default=None
    )
    district: Slug | None = D(
        "Bei Städten und Gemeinden: id des Konzepts ihres Landkreises", default=None
    )
    issuer: str | None = D(
        "Herausgeber der Dokumente (Titelseite, Autor in Word und PDF), z. B. "
        "„Bürgermeisteramt Durmersheim“; ohne Angabe bei Städten und Gemeinden eines "
        "Landkreises ihr Name, sonst organisation aus integ.yaml",
        default=None,
    )


class Adopted(_Model):
    date: Date = D("Datum des Beschlusses")
    body: Text = D("Beschließendes Gremium, z. B. Kreistag oder Gemeinderat")
    resolution: str | None = D("Beschluss- oder Drucksachennummer", default=None)
    ref: str | None = D("Git-Tag oder Commit der beschlossenen Fassung", default=None)


class Period(_Model):
    start: PeriodDate | None = D(
        "Beginn des Geltungszeitraums (Jahr, Monat oder Datum)", default=None
    )
    end: PeriodDate | None = D("Ende des Geltungszeitraums (Jahr, Monat oder Datum)", default=None)


class Review(_Model):
    cycle_months: Annotated[int, Field(ge=1, le=60)] = D(
        "Überprüfungszyklus in Monaten (1 bis 60), z. B. 24"
    )
    last: Date | None = D("Datum der letzten abgeschlossenen Überprüfung", default=None)
    next: Date | None = D("Nächste Überprüfung; ohne Angabe: last + cycle_months", default=None)


class Contact(_Model):
    id: Id = D("Kennung der Ansprechperson")
    name: Text = D("Name (personenbezogenes Datum)")
    role: str | None = D("Funktion, z. B. Integrationsbeauftragte", default=None)
    organisation: str | None = D("Dienststelle oder Organisation", default=None)
    email: str | None = D("E-Mail-Adresse", default=None)
    phone: str | None = D("Telefonnummer, in Anführungszeichen", default=None)
    public: bool = D(
        "true: darf in öffentlichen Dokumenten erscheinen (Standard: false)", default=False
    )


class Figure(_Model):
    id: Id = D("Kennung der Kennzahl")
    label: Text = D("Bezeichnung der Kennzahl")
    value: Number = D("Wert")
    unit: Unit | None = D("Einheit", default=None)
    year: int | None = D("Bezugsjahr", default=None)
    source: str | None = D("Quelle, z. B. Statistisches Landesamt Baden-Württemberg", default=None)
    note: str | None = D("Anmerkung", default=None)


class Situation(_Model):
    text: str | None = D("Beschreibung der Ausgangslage (Markdown)", default=None)
    figures: list[Figure] = D("Kennzahlen der Ausgangslage", default_factory=list)


class TargetGroup(_Model):
    id: Id = D("Kennung der Zielgruppe")
    name: Text = D("Bezeichnung, z. B. Geflüchtete")
    description: str | None = D("Beschreibung (Markdown)", default=None)


class Anchor(_Model):
    value: Number = D("Wert")
    year: int = D("Jahr")
    note: str | None = D("Anmerkung", default=None)


class Measurement(_Model):
    year: int = D("Jahr der Messung")
    value: Number = D("Gemessener Wert")
    note: str | None = D("Anmerkung, z. B. vorläufig", default=None)
    source: str | None = D("Quelle, falls abweichend vom Indikator", default=None)


class Indicator(_Model):
    id: Id = D("Kennung des Indikators")
    title: Text = D("Was gemessen wird")
    unit: Unit = D("Einheit")
    direction: _enum(DIRECTION) = D(  # type: ignore[valid-type]
        "In welche Richtung Fortschritt geht", default="increase"
    )
    source: str | None = D("Datenquelle", default=None)
    description: str | None = D("Erläuterung (Markdown)", default=None)
    baseline: Anchor | None = D("Ausgangswert mit Jahr", default=None)
    target: Anchor | None = D("Zielwert mit Jahr", default=None)
    values: list[Measurement] = D("Messwerte, älteste zuerst", default_factory=list)
    change_note: str | None = D(
        "Begründung der Änderung für die Synopse (Spalte Erläuterung); gilt, solange sie "
        "seit der verglichenen Fassung neu ist oder sich geändert hat",
        default=None,
    )


class Goal(_Model):
    id: Id = D("Kennung des Ziels, z. B. Z-SPR-1")
    title: Text = D("Das Ziel in einem Satz")
    level: _enum(LEVEL) = D("Zielebene", default="operational")  # type: ignore[valid-type]
    description: str | None = D("Erläuterung (Markdown)", default=None)
    contributes_to: list[
        Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*:[A-Za-z][A-Za-z0-9_-]*$")]
    ] = D(
        "Ziele anderer Konzepte, zu denen dieses beiträgt: konzept-id:ZIEL-ID", default_factory=list
    )
    indicators: list[Indicator] = D(
        "Indikatoren, an denen das Ziel gemessen wird", default_factory=list
    )
    change_note: str | None = D(
        "Begründung der Änderung für die Synopse (Spalte Erläuterung); gilt, solange sie "
        "seit der verglichenen Fassung neu ist oder sich geändert hat",
        default=None,
    )


class Field_(_Model):
    id: Id = D("Kennung des Handlungsfelds, z. B. sprache")
    title: Text = D("Titel des Handlungsfelds, z. B. Sprache")
    summary: str | None = D("Zusammenfassung (Markdown)", default=None)
    cross_cutting: bool = D("true für Querschnittsthemen", default=False)
    goals: list[Goal] = D("Ziele dieses Handlungsfelds", default_factory=list)
    change_note: str | None = D(
        "Begründung der Änderung für die Synopse (Spalte Erläuterung); gilt, solange sie "
        "seit der verglichenen Fassung neu ist oder sich geändert hat",
        default=None,
    )


class Share(_Model):
    source: _enum(FUNDING_SOURCES) = D("Wer diesen Anteil trägt")  # type: ignore[valid-type]
    amount: Number = D("Anteil in Euro (im selben Bezug wie der Betrag: je Jahr oder gesamt)")
    note: str | None = D("Anmerkung, z. B. Förderprogramm", default=None)


class Budget(_Model):
    amount: Number = D("Betrag in Euro")
    per: _enum(BUDGET_PER) = D("Bezug des Betrags", default="year")  # type: ignore[valid-type]
    funding: str | None = D("Finanzierung, z. B. Förderprogramm oder Haushalt", default=None)
    source: _enum(FUNDING_SOURCES) | None = D(  # type: ignore[valid-type]
        "Wer die Mittel trägt (für die Finanziellen Auswirkungen der Beschlussvorlage)",
        default=None,
    )
    shares: list[Share] = D(
        "Bei gemischter Finanzierung: die Anteile je Mittelgeber; zusammen gleich amount",
        default_factory=list,
    )
    until: PeriodDate | None = D("Wann die Finanzierung endet", default=None)
    note: str | None = D("Anmerkung", default=None)


class LogEntry(_Model):
    date: Date = D("Datum des Sachstands")
    status: _enum(MEASURE_STATUS) | None = D(  # type: ignore[valid-type]
        "Status zu diesem Zeitpunkt", default=None
    )
    note: Text = D("Sachstand (Markdown)")
    by: str | None = D("Wer den Sachstand erfasst hat (id einer Ansprechperson)", default=None)


class Measure(_Model):
    id: Id = D("Kennung der Maßnahme, z. B. M-SPR-01")
    title: Text = D("Titel der Maßnahme")
    description: str | None = D("Beschreibung (Markdown)", default=None)
    goals: Annotated[list[Id], Field(min_length=1)] = D(
        "Ziele dieses Konzepts, denen die Maßnahme dient (mindestens eines)"
    )
    lead: Id = D("Zuständigkeit: id eines Akteurs")
    partners: list[Id] = D("Partner: ids von Akteuren", default_factory=list)
    target_groups: list[Id] = D("Zielgruppen: ids aus target_groups", default_factory=list)
    status: _enum(MEASURE_STATUS) = D("Stand der Umsetzung")  # type: ignore[valid-type]
    status_reason: str | None = D(
        "Begründung, erwartet bei postponed, paused und dropped", default=None
    )
    priority: _enum(PRIORITY) | None = D("Priorität", default=None)  # type: ignore[valid-type]
    tags: list[str] = D("Freie Schlagwörter, z. B. schwerpunkt", default_factory=list)
    scope: list[Slug] = D(
        "Nur Landkreise: ids der Städte und Gemeinden, für die sie gilt", default_factory=list
    )
    start: PeriodDate | None = D("Beginn: JJJJ, JJJJ-MM oder JJJJ-MM-TT", default=None)
    end: PeriodDate | None = D("Ende: JJJJ, JJJJ-MM oder JJJJ-MM-TT", default=None)
    budget: Budget | None = D("Mittel für die Maßnahme", default=None)
    review_by: Date | None = D("Bis wann die Maßnahme erneut angesehen wird", default=None)
    log: list[LogEntry] = D("Sachstände, älteste zuerst", default_factory=list)
    change_note: str | None = D(
        "Begründung der Änderung für die Synopse (Spalte Erläuterung); gilt, solange sie "
        "seit der verglichenen Fassung neu ist oder sich geändert hat",
        default=None,
    )


class Actor(_Model):
    id: Id = D("Kennung des Akteurs, z. B. jobcenter-rastatt")
    name: Text = D("Name des Akteurs")
    type: _enum(ACTOR_TYPES) = D("Art des Akteurs")  # type: ignore[valid-type]
    short_name: str | None = D("Kurzname", default=None)
    url: str | None = D("Webseite", default=None)
    description: str | None = D("Beschreibung (Markdown)", default=None)


class Meeting(_Model):
    date: Date = D("Datum des Treffens")
    topics: list[str] = D("Themen", default_factory=list)
    note: str | None = D("Anmerkung", default=None)


class Network(_Model):
    id: Id = D("Kennung des Netzwerks")
    name: Text = D("Name des Netzwerks oder Arbeitskreises")
    description: str | None = D("Beschreibung (Markdown)", default=None)
    convener: Id | None = D("Wer einlädt: id eines Akteurs", default=None)
    members: list[Id] = D("Mitglieder: ids von Akteuren", default_factory=list)
    cadence_months: Annotated[int, Field(ge=1, le=60)] | None = D(
        "Wie oft es sich trifft, in Monaten (6 = zweimal im Jahr)", default=None
    )
    meetings: list[Meeting] = D("Treffen, älteste zuerst", default_factory=list)


class GlossaryEntry(_Model):
    term: Text = D("Begriff oder Abkürzung, z. B. VABO")
    explanation: Text = D(
        "Erläuterung, z. B. Vorqualifizierungsjahr Arbeit/Beruf ohne Deutschkenntnisse"
    )


class ReviewEntry(_Model):
    date: Date = D("Datum der Überprüfung")
    by: Id | None = D("Wer sie durchgeführt hat: id einer Ansprechperson", default=None)
    summary: str | None = D("Ergebnis in wenigen Sätzen", default=None)
    version: str | None = D('Fassung des Konzepts, in Anführungszeichen, z. B. "2.0"', default=None)
    ref: str | None = D("Git-Commit der überprüften Fassung", default=None)
    uncommitted: bool | None = D(
        "true: Beim Eintragen gab es Änderungen, die noch nicht in git gespeichert waren "
        "(die überprüfte Fassung ist ref plus diese Änderungen)",
        default=None,
    )


class Consultation(_Model):
    body: Text = D("Gremium, z. B. Sozialausschuss, Kreistag oder Gemeinderat")
    date: Date | None = D("Sitzungstermin", default=None)
    public: bool = D("true: öffentliche Sitzung (Standard), false: nichtöffentlich", default=True)
    role: _enum(COUNCIL_ROLES) = D(  # type: ignore[valid-type]
        "Zuständigkeit des Gremiums", default="decision"
    )


Points = Annotated[list[Text], Field(min_length=1)]


class Council(_Model):
    """Angaben der Beschlussvorlage (integ render --kind council)."""

    number: str | None = D("Vorlage- oder Drucksachennummer, z. B. DS 2026/117", default=None)
    file_reference: str | None = D("Aktenzeichen, z. B. 50.3-012.21", default=None)
    office: str | None = D(
        "Federführendes Amt, z. B. Amt für Migration und Integration", default=None
    )
    consultations: list[Consultation] = D(
        "Beratungsfolge: die Gremien in der Reihenfolge der Sitzungen", default_factory=list
    )
    resolution: Text | Points | None = D(
        "Beschlussvorschlag: ein Text oder eine Liste nummerierter Punkte; Platzhalter "
        "{body} (beschließendes Gremium), {title}, {version}, {municipality}, {date} "
        "(Datum der Vorlage), {adopted_date}, {adopted_version}",
        default=None,
    )


class Concept(_Model):
    """Ein Integrationskonzept im Format integ/1."""

    format: Literal["integ/1"] = D("Formatversion; immer integ/1")
    id: Slug = D("Kennung des Konzepts, gleich dem Dateinamen ohne .yaml")
    title: Text = D("Titel, z. B. Integrationskonzept des Landkreises Rastatt")
    municipality: Municipality = D("Die Kommune, deren Konzept dies ist")
    version: str = D('Fassung in Anführungszeichen: "1.0" Erstfassung, "2.0" Fortschreibung')
    status: _enum(STATUS) = D("Verfahrensstand des Konzepts")  # type: ignore[valid-type]
    adopted: Adopted | None = D("Beschluss; Pflicht bei adopted und superseded", default=None)
    period: Period | None = D("Geltungszeitraum", default=None)
    review: Review = D("Überprüfung und Fortschreibung")
    contacts: list[Contact] = D("Ansprechpersonen (personenbezogene Daten)", default_factory=list)
    vision: str | None = D("Leitbild (Markdown)", default=None)
    situation: Situation | None = D("Ausgangslage mit Kennzahlen", default=None)
    target_groups: list[TargetGroup] = D("Zielgruppen", default_factory=list)
    fields: Annotated[list[Field_], Field(min_length=1)] = D("Handlungsfelder (mindestens eines)")
    measures: list[Measure] = D("Maßnahmen", default_factory=list)
    actors: list[Actor] = D(
        "Akteure dieses Konzepts (zusätzlich zu actors.yaml)", default_factory=list
    )
    networks: list[Network] = D("Netzwerke und Arbeitskreise", default_factory=list)
    reviews: list[ReviewEntry] = D("Bisherige Überprüfungen, älteste zuerst", default_factory=list)
    council: Council | None = D(
        "Beschlussvorlage: Vorlage-Nr., Aktenzeichen, Amt, Beratungsfolge, Beschlussvorschlag "
        "(geht den Angaben council in integ.yaml vor)",
        default=None,
    )
    change_note: str | None = D(
        "Begründung der Änderung für die Synopse (Spalte Erläuterung); gilt, solange sie "
        "seit der verglichenen Fassung neu ist oder sich geändert hat",
        default=None,
    )
    glossary: list[GlossaryEntry] = D(
        "Begriffe und Abkürzungen für das Glossar des Konzeptdokuments (Abkürzungen im "
        "Text ohne Eintrag meldet integ)",
        default_factory=list,
    )


class ActorRegistry(_Model):
    """Gemeinsames Akteursverzeichnis (actors.yaml)."""

    actors: list[Actor] = D("Akteure, die alle Konzepte verwenden dürfen", default_factory=list)


#: a path inside a repository: relative, no empty, hidden, "." or ".." part
_SEGMENT = r"[^/.\\\x00-\x1f][^/\\\x00-\x1f]*"
_REPO_PATH = rf"^{_SEGMENT}(/{_SEGMENT})*$"


class MunicipalityRef(_Model):
    id: Slug = D("id des Konzepts der Kommune (auch wenn es noch keines gibt)")
    name: Text = D("Name der Kommune")
    ags: Annotated[str, Field(pattern=r"^\d{8}$")] | None = D(
        "Amtlicher Gemeindeschlüssel in Anführungszeichen", default=None
    )
    repo: Annotated[str, Field(min_length=1, pattern=r"^[^-\s]")] | None = D(
        "Git-Repository der Kommune, aus dem `integ fetch` ihr Konzept holt: jede Adresse, "
        "die git klonen kann (https://…, ssh://…, git@host:…, ein lokaler Pfad, file://…). "
        "Zugangsdaten gehören nicht hierher, sondern in den Credential-Helper von git",
        default=None,
    )
    ref: Annotated[str, Field(min_length=1, pattern=r"^[^-\s]\S*$")] | None = D(
        "Zweig oder Tag im Repository der Kommune, z. B. main oder konzept-2.0 (ein Tag "
        "meint die beschlossene Fassung); ohne Angabe der Standardzweig des Repositorys",
        default=None,
    )
    path: Annotated[str, Field(pattern=_REPO_PATH)] | None = D(
        "Pfad der Konzeptdatei im Repository der Kommune, z. B. concepts/stadt-buehl.yaml; "
        "ohne Angabe concepts/<id>.yaml",
        default=None,
    )


Colour = Annotated[str, Field(pattern=r"^#?[0-9A-Fa-f]{6}$")]


class Design(_Model):
    font: str | None = D(
        "Schriftart aller Dokumente, z. B. Arial (ohne Angabe: die der Word-Vorlage, "
        "sonst Source Sans Pro, die integ mitliefert und in Word-Dateien einbettet)",
        default=None,
    )
    colour: Colour | None = D(
        'Farbe der Überschriften und des Titels als Hex-Wert in Anführungszeichen, z. B. "#1F3864"',
        default=None,
    )
    accent: Colour | None = D(
        'Hintergrund der Kopfzeilen von Tabellen als Hex-Wert, z. B. "#D9D9D9"', default=None
    )
    logo_alt: str | None = D(
        "Alternativtext des Logos für Screenreader, z. B. Wappen des Landkreises Rastatt",
        default=None,
    )


class Settings(_Model):
    """Einstellungen des Arbeitsbereichs (integ.yaml)."""

    organisation: str | None = D(
        "Organisation auf Titelseiten, z. B. Landratsamt Rastatt", default=None
    )
    locale: _enum(LOCALES) = D("Sprache der Dokumente", default="de")  # type: ignore[valid-type]
    concepts: str = D("Ordner mit den Konzeptdateien", default="concepts")
    actors: str = D("Gemeinsames Akteursverzeichnis", default="actors.yaml")
    templates: str = D("Ordner mit eigenen Vorlagen", default="templates")
    reference_docx: str | None = D("Word-Vorlage mit dem Corporate Design", default=None)
    logo: str | None = D(
        "Logo oder Wappen (PNG, JPEG oder SVG im Arbeitsbereich) für Titelseite und "
        "Kopfzeile aller Formate",
        default=None,
    )
    design: Design | None = D(
        "Corporate Design für Word, PDF und HTML: Schrift, Farben, Alternativtext des Logos",
        default=None,
    )
    rules: dict[str, _enum(SEVERITY_SETTING)] = D(  # type: ignore[valid-type]
        "Schwere einzelner Regeln: error, warning oder off", default_factory=dict
    )
    municipalities: list[MunicipalityRef] = D(
        "Für Landkreise: die Städte und Gemeinden, die er koordiniert", default_factory=list
    )
    resolution: str | None = D(
        "Vorgeschlagener Beschlusstext für Sitzungsvorlagen (besser: council.resolution)",
        default=None,
    )
    council: Council | None = D(
        "Vorgaben für alle Beschlussvorlagen, z. B. federführendes Amt und Beratungsfolge; "
        "die Angaben council eines Konzepts gehen vor",
        default=None,
    )


MODELS: dict[str, type[_Model]] = {
    "concept": Concept,
    "registry": ActorRegistry,
    "settings": Settings,
}


def model_at(model: type[BaseModel], path: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``path`` (for 'did you mean')."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    stack = [annotation]
    while stack:
        t = stack.pop()
        if isinstance(t, type) and issubclass(t, BaseModel):
            return t
        stack.extend(getattr(t, "__args__", ()) or ())
        origin = getattr(t, "__origin__", None)
        if origin is not None and origin is not Literal:
            stack.append(origin)
    return None


def json_schema(kind: str = "concept") -> dict[str, Any]:
    """JSON Schema 2020-12 of a concept file (or the registry or integ.yaml)."""
    schema = MODELS[kind].model_json_schema()
    _fill_titles(schema)
    out: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID
        if kind == "concept"
        else SCHEMA_ID.replace("integ-concept", f"integ-{kind}"),
    }
    out.update(schema)
    return out


def _fill_titles(node: Any) -> None:
    """Drop pydantic's English auto-titles: editors show our German descriptions."""
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            for prop in props.values():
                if isinstance(prop, dict):
                    prop.pop("title", None)
        for value in node.values():
            _fill_titles(value)
    elif isinstance(node, list):
        for value in node:
            _fill_titles(value)
