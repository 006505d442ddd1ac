"""Words and formats of the documents, per locale (de default, en)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .dates import parse_date, parse_period

MONTHS = {
    "de": [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}

LABELS: dict[str, dict[str, str]] = {
    "de": {
        "field": "Handlungsfeld",
        "fields": "Handlungsfelder",
        "goal": "Ziel",
        "goals": "Ziele",
        "indicator": "Indikator",
        "indicators": "Indikatoren",
        "measure": "Maßnahme",
        "measures": "Maßnahmen",
        "lead": "Zuständigkeit",
        "partners": "Partner",
        "target_groups": "Zielgruppen",
        "period": "Zeitraum",
        "status": "Status",
        "log": "Sachstand",
        "budget": "Budget",
        "network": "Netzwerk",
        "networks": "Netzwerke",
        "contents": "Inhalt",
        "vision": "Leitbild",
        "situation": "Ausgangslage",
        "figures": "Kennzahlen",
        "figure": "Kennzahl",
        "value": "Wert",
        "year": "Jahr",
        "source": "Quelle",
        "baseline": "Ausgangswert",
        "latest": "Aktueller Wert",
        "target": "Zielwert",
        "progress": "Fortschritt",
        "actors": "Akteure und Netzwerke",
        "actor": "Akteur",
        "leads": "Federführung",
        "members": "Mitglieder",
        "meetings": "Treffen",
        "convener": "Einladend",
        "cadence": "Turnus",
        "monitoring": "Monitoring und Fortschreibung",
        "review_cycle": "Überprüfungszyklus",
        "review_last": "Letzte Überprüfung",
        "review_next": "Nächste Überprüfung",
        "reviews": "Bisherige Überprüfungen",
        "contacts": "Ansprechpersonen",
        "role": "Funktion",
        "email": "E-Mail",
        "phone": "Telefon",
        "annex": "Anhang: Alle Maßnahmen im Überblick",
        "version": "Fassung",
        "adopted": "Beschlossen",
        "resolution": "Beschluss",
        "body": "Gremium",
        "organisation": "Herausgeber",
        "date": "Datum",
        "summary": "Zusammenfassung",
        "description": "Beschreibung",
        "months": "Monate",
        "every_months": "alle {n} Monate",
        "none": "keine",
        "no_contacts": "Die Ansprechpersonen sind in der öffentlichen Fassung nicht aufgeführt.",
        "funding": "Finanzierung",
        "per_year": "pro Jahr",
        "total": "insgesamt",
        "until": "bis",
        "since": "seit",
        "from": "ab",
        "charts": "Abbildungen",
        "chart_status": "Maßnahmen nach Status je Handlungsfeld",
        "measures_by_status": "Stand der Maßnahmen",
        "on_track": "im Plan",
        "off_track": "nicht im Plan",
        "no_data": "keine Daten",
        "subject": "Betreff",
        "facts": "Sachverhalt",
        "proposal": "Beschlussvorschlag",
        "finance": "Finanzielle Auswirkungen",
        "attachments": "Anlagen",
        "council_title": "Beschlussvorlage",
        "changes": "Änderungen gegenüber der beschlossenen Fassung",
        "excerpt": "Auszug",
        "sum": "Summe",
        "measure_count": "Anzahl Maßnahmen",
        "by_status": "nach Status",
        "page": "Seite",
        "of": "von",
        "unit": "Einheit",
        "content": "Inhalt des Konzepts",
        "item": "Gegenstand",
        "amount": "Betrag",
        "scope": "Geltungsbereich",
        "field_goals": "Ziele und Indikatoren",
        "field_measures": "Maßnahmen",
        "status_legend": "Status",
        "no_measures": "Diesem Handlungsfeld sind noch keine Maßnahmen zugeordnet.",
        "no_goals": "Für dieses Handlungsfeld sind noch keine Ziele beschlossen.",
        "indicator_chart": "Verlauf des Indikators",
        "draft_notice": "Entwurf – nicht beschlossen",
        "also": "Weitere Maßnahmen für dieses Handlungsfeld, beschrieben bei ihrem ersten "
        "Handlungsfeld",
        "proposal_default": "Der {body} beschließt das Integrationskonzept „{title}“ in der "
        "Fassung {version}.",
        "proposal_body": "Gremium",
        "council_intro": "Das Integrationskonzept beschreibt "
        "Leitbild, Ausgangslage, Ziele und Maßnahmen der Integrationsarbeit. Es umfasst "
        "{fields} Handlungsfelder, {goals} Ziele mit {indicators} Indikatoren und "
        "{measures} Maßnahmen.",
        "no_changes": "Eine Gegenüberstellung mit der beschlossenen Fassung liegt nicht vor.",
        "no_finance": "Für die Maßnahmen sind keine Mittel ausgewiesen.",
        "once": "einmalig/gesamt",
        "attachment_concept": "Integrationskonzept {title}, Fassung {version}",
        "excerpt_actor": "Auszug für {name}",
        "excerpt_field": "Auszug: Handlungsfeld {name}",
        "excerpt_municipality": "Auszug für {name}",
        "excerpt_intro": "Dieser Auszug aus dem Integrationskonzept „{title}“ (Fassung "
        "{version}) enthält die Maßnahmen, die {name} betreffen.",
    },
    "en": {
        "field": "Field of action",
        "fields": "Fields of action",
        "goal": "Goal",
        "goals": "Goals",
        "indicator": "Indicator",
        "indicators": "Indicators",
        "measure": "Measure",
        "measures": "Measures",
        "lead": "Lead",
        "partners": "Partners",
        "target_groups": "Target groups",
        "period": "Period",
        "status": "Status",
        "log": "Progress",
        "budget": "Budget",
        "network": "Network",
        "networks": "Networks",
        "contents": "Contents",
        "vision": "Vision",
        "situation": "Situation",
        "figures": "Key figures",
        "figure": "Figure",
        "value": "Value",
        "year": "Year",
        "source": "Source",
        "baseline": "Baseline",
        "latest": "Latest value",
        "target": "Target",
        "progress": "Progress",
        "actors": "Actors and networks",
        "actor": "Actor",
        "leads": "Leads",
        "members": "Members",
        "meetings": "Meetings",
        "convener": "Convener",
        "cadence": "Cadence",
        "monitoring": "Monitoring and review",
        "review_cycle": "Review cycle",
        "review_last": "Last review",
        "review_next": "Next review",
        "reviews": "Review history",
        "contacts": "Contacts",
        "role": "Role",
        "email": "E-mail",
        "phone": "Phone",
        "annex": "Annex: all measures at a glance",
        "version": "Version",
        "adopted": "Adopted",
        "resolution": "Resolution",
        "body": "Body",
        "organisation": "Publisher",
        "date": "Date",
        "summary": "Summary",
        "description": "Description",
        "months": "months",
        "every_months": "every {n} months",
        "none": "none",
        "no_contacts": "Contacts are not listed in the public version.",
        "funding": "Funding",
        "per_year": "per year",
        "total": "in total",
        "until": "until",
        "since": "since",
        "from": "from",
        "charts": "Figures",
        "chart_status": "Measures by status per field of action",
        "measures_by_status": "State of the measures",
        "on_track": "on track",
        "off_track": "off track",
        "no_data": "no data",
        "subject": "Subject",
        "facts": "Facts",
        "proposal": "Proposed resolution",
        "finance": "Financial effects",
        "attachments": "Attachments",
        "council_title": "Council submission",
        "changes": "Changes since the adopted version",
        "excerpt": "Excerpt",
        "sum": "Total",
        "measure_count": "Measures",
        "by_status": "by status",
        "page": "Page",
        "of": "of",
        "unit": "Unit",
        "content": "Contents of the concept",
        "item": "Item",
        "amount": "Amount",
        "scope": "Scope",
        "field_goals": "Goals and indicators",
        "field_measures": "Measures",
        "status_legend": "Status",
        "no_measures": "No measures are assigned to this field yet.",
        "no_goals": "No goals have been set for this field yet.",
        "indicator_chart": "Course of the indicator",
        "draft_notice": "Draft – not adopted",
        "also": "Further measures for this field, described under their first field",
        "proposal_default": "The {body} adopts the integration concept “{title}”, "
        "version {version}.",
        "proposal_body": "Body",
        "council_intro": "The integration concept sets out the "
        "vision, situation, goals and measures of integration work. It covers {fields} "
        "fields of action, {goals} goals with {indicators} indicators and {measures} "
        "measures.",
        "no_changes": "No comparison with the adopted version is available.",
        "no_finance": "No funds are assigned to the measures.",
        "once": "one-off/total",
        "attachment_concept": "Integration concept {title}, version {version}",
        "excerpt_actor": "Excerpt for {name}",
        "excerpt_field": "Excerpt: {name}",
        "excerpt_municipality": "Excerpt for {name}",
        "excerpt_intro": "This excerpt of the integration concept “{title}” (version "
        "{version}) contains the measures that concern {name}.",
    },
}

ENUMS: dict[str, dict[str, dict[str, str]]] = {
    "de": {
        "measure_status": {
            "planned": "geplant",
            "ongoing": "laufend",
            "completed": "abgeschlossen",
            "permanent": "verstetigt",
            "postponed": "verschoben",
            "paused": "ruht",
            "dropped": "gestrichen",
        },
        "status": {
            "draft": "Entwurf",
            "consultation": "in Beteiligung",
            "adopted": "beschlossen",
            "superseded": "abgelöst",
        },
        "priority": {"high": "hoch", "medium": "mittel", "low": "niedrig"},
        "level": {"strategic": "strategisch", "operational": "operativ"},
        "direction": {"increase": "steigend", "decrease": "sinkend", "keep": "halten"},
        "unit": {
            "percent": "%",
            "persons": "Personen",
            "count": "Anzahl",
            "euro": "€",
            "hours": "Stunden",
            "days": "Tage",
            "ratio": "Quote",
        },
        "municipality_type": {
            "district": "Landkreis",
            "town": "Stadt",
            "municipality": "Gemeinde",
            "association": "Verwaltungsgemeinschaft",
        },
        "actor_type": {
            "public_authority": "Behörde",
            "jobcenter": "Jobcenter",
            "employment_agency": "Agentur für Arbeit",
            "welfare": "Wohlfahrtsverband",
            "education": "Bildungsträger",
            "language_course": "Sprachkursträger",
            "school": "Schule",
            "daycare": "Kita",
            "health": "Gesundheit",
            "housing": "Wohnen",
            "employer": "Arbeitgeber",
            "chamber": "Kammer",
            "volunteer": "Ehrenamt",
            "migrant_organisation": "Migrantenorganisation",
            "religious": "Religionsgemeinschaft",
            "sports": "Sport",
            "culture": "Kultur",
            "municipality": "Kommune",
            "other": "Sonstige",
        },
    },
    "en": {
        "measure_status": {
            "planned": "planned",
            "ongoing": "ongoing",
            "completed": "completed",
            "permanent": "permanent",
            "postponed": "postponed",
            "paused": "paused",
            "dropped": "dropped",
        },
        "status": {
            "draft": "draft",
            "consultation": "in consultation",
            "adopted": "adopted",
            "superseded": "superseded",
        },
        "priority": {"high": "high", "medium": "medium", "low": "low"},
        "level": {"strategic": "strategic", "operational": "operational"},
        "direction": {"increase": "increase", "decrease": "decrease", "keep": "keep"},
        "unit": {
            "percent": "%",
            "persons": "persons",
            "count": "count",
            "euro": "€",
            "hours": "hours",
            "days": "days",
            "ratio": "ratio",
        },
        "municipality_type": {
            "district": "District",
            "town": "Town",
            "municipality": "Municipality",
            "association": "Association",
        },
        "actor_type": {},
    },
}

LANGS_TAG = {"de": "de-DE", "en": "en-GB"}
STATUS_ORDER = ["ongoing", "permanent", "planned", "completed", "postponed", "paused", "dropped"]


class Locale:
    """Labels, enumeration names, dates and numbers in one language."""

    def __init__(self, lang: str = "de") -> None:
        self.lang = lang if lang in LABELS else "de"
        self.labels = LABELS[self.lang]
        self.enums = ENUMS[self.lang]

    def enum(self, kind: str, value: Any) -> str:
        if value is None:
            return ""
        return self.enums.get(kind, {}).get(str(value), str(value))

    def date(self, value: Any) -> str:
        """2023-07-18 → 18. Juli 2023; 2024-06 → Juni 2024; 2024 → 2024."""
        if value is None or value == "":
            return ""
        day = parse_date(value)
        months = MONTHS[self.lang]
        if day:
            if self.lang == "de":
                return f"{day.day}. {months[day.month - 1]} {day.year}"
            return f"{day.day} {months[day.month - 1]} {day.year}"
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        first = parse_period(value)
        if first and isinstance(value, str) and len(value) == 7:
            return f"{months[first.month - 1]} {first.year}"
        return str(value)

    def short_date(self, value: Any) -> str:
        day = parse_date(value)
        if day:
            return day.strftime("%d.%m.%Y") if self.lang == "de" else day.isoformat()
        first = parse_period(value)
        if first and isinstance(value, str) and len(value) == 7:
            return first.strftime("%m/%Y")
        return "" if value is None else str(value)

    def number(self, value: Any, decimals: int | None = None) -> str:
        if value is None or isinstance(value, bool):
            return ""
        if not isinstance(value, (int, float)):
            return str(value)
        if decimals is None:
            decimals = 0 if float(value).is_integer() else (1 if abs(value) >= 10 else 2)
        text = f"{value:,.{decimals}f}"
        if self.lang == "de":
            text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
        return text

    def money(self, value: Any) -> str:
        if value is None:
            return ""
        return f"{self.number(value, 0)} €" if self.lang == "de" else f"€{self.number(value, 0)}"

    def quantity(self, value: Any, unit: Any) -> str:
        if value is None:
            return ""
        if unit == "percent":
            return f"{self.number(value)} %" if self.lang == "de" else f"{self.number(value)}%"
        if unit == "euro":
            return self.money(value)
        if unit in ("persons", "count", None, "", "hours", "days", "ratio"):
            suffix = "" if unit in ("count", None, "", "ratio") else f" {self.enum('unit', unit)}"
            return f"{self.number(value)}{suffix}"
        return f"{self.number(value)} {unit}"

    def period(self, start: Any, end: Any) -> str:
        s, e = self.short_date(start), self.short_date(end)
        if s and e:
            return f"{s} – {e}"
        if s:
            return f"{self.labels['from']} {s}"
        if e:
            return f"{self.labels['until']} {e}"
        return ""

    def today(self, day: dt.date) -> str:
        return self.date(day.isoformat())
