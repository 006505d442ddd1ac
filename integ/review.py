"""The periodic review (Fortschreibung): the agenda of a workspace, as data.

What is on the agenda of a concept (``integ review``):

* **every finding of the validator** for the concept, the warning rules of the format
  mapped to an item *kind* (``KIND_OF_RULE``: ``review-overdue``, ``measure-overdue``,
  ``measure-not-started``, ``review-by-past``, ``funding-ending``, ``measure-stale``,
  ``indicator-stale``, ``network-inactive``; any other rule keeps its own name as the
  kind, errors included, so nothing ``integ validate`` reports is missing);
* **funding that ends soon**: ``budget.until`` within the next ``FUNDING_HORIZON_MONTHS``
  (6) months for a measure that is not completed or dropped (kind ``funding-ending``,
  severity ``info`` unless the rule ``funding-ends-early`` also reports it);
* **suspicious transitions** since the last review's version (kind
  ``suspicious-transition``): a measure status that went back from an end state
  (``completed → planned``, ``completed → ongoing``, ``dropped → planned``,
  ``dropped → ongoing``, ``permanent → planned``), and a measure that vanished from the
  file without being ``completed`` or ``dropped`` first (kind ``measure-vanished``).

Each item has the date by which something was due, where there is one: a measure's
``end`` (last day of the month or year) or ``start``, its ``review_by``, the funding's
``until``, the next review of the concept, the date the next Sachstand was due (newest
log entry + review cycle) and the date a network's next meeting was due (last meeting +
cadence). Indicators without recent values have no due date.

**Order (urgency)**, within each concept: errors first (the file is wrong); then
suspicious transitions and vanished measures (a slip there makes other items wrong:
a measure set back from completed to planned is "not started" too); then what is
overdue, the most days overdue first; then what falls due soon, the soonest first; then
items without a date (stale indicators, the other rules). Equal dates keep the order of
``KIND_ORDER`` and then the order of the file. Concepts come in the order of their
files, and the items are numbered through the whole agenda.

**Changes since the last review**: the semantic diff (integ.diff) between the concept
as it was at the last review and the working tree. The last review's version is the
``ref`` of the last ``reviews:`` entry when it has one, else the last commit on or before
that entry's date (``git rev-list -1 --before=DATE HEAD``); without a ``reviews:`` entry,
the date ``review.last``; ``--since REV`` overrides all of this. Without git (or without
a commit that old) the agenda says so instead of failing.

**Indicator progress** and the "on track" rule are those of integ.progress.

git is reached only through integ.git; the rest is computed from the files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import progress, yaml_io
from .dates import add_months, next_review, parse_date, parse_period, valid_cycle
from .diff import Change, diff
from .labels import Locale
from .problems import ERROR, WARNING, Finding
from .workspace import Workspace, display_path

INFO = "info"
FUNDING_HORIZON_MONTHS = 6

KIND_OF_RULE = {
    "review-overdue": "review-overdue",
    "measure-overdue": "measure-overdue",
    "measure-not-started": "measure-not-started",
    "review-by-past": "review-by-past",
    "funding-ends-early": "funding-ending",
    "measure-stale": "measure-stale",
    "indicator-without-recent-value": "indicator-stale",
    "network-inactive": "network-inactive",
}

KIND_ORDER = [
    "suspicious-transition",
    "measure-vanished",
    "review-overdue",
    "measure-overdue",
    "measure-not-started",
    "review-by-past",
    "measure-stale",
    "funding-ending",
    "network-inactive",
    "indicator-stale",
]

TRANSITION_KINDS = ("suspicious-transition", "measure-vanished")
# A status that goes back from an end state: probably a slip of the keyboard.
SUSPICIOUS = {
    ("completed", "planned"),
    ("completed", "ongoing"),
    ("dropped", "planned"),
    ("dropped", "ongoing"),
    ("permanent", "planned"),
}
FINISHED = ("completed", "dropped")

_LIST_KIND = {
    "measures": "measure",
    "indicators": "indicator",
    "goals": "goal",
    "fields": "field",
    "networks": "network",
    "contacts": "contact",
    "actors": "actor",
    "figures": "figure",
    "target_groups": "target_group",
    "reviews": "review",
}
_PATH_TOKEN = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


# --------------------------------------------------------------------------- words

WORDS: dict[str, dict[str, str]] = {
    "de": {
        "review-overdue": "Die Überprüfung des Konzepts war am {due} fällig; jetzt "
        "überprüfen und eintragen (integ review --record).",
        "measure-overdue": "{lead} ist noch {status}, das Ende war {end}: Status setzen "
        "(abgeschlossen, verstetigt) oder ein neues Ende.",
        "measure-not-started": "{lead} ist noch geplant, der Beginn war {start}: auf laufend "
        "setzen oder verschieben (mit Begründung und neuem Beginn).",
        "review-by-past": "{lead} sollte bis {due} wieder angesehen werden: Sachstand eintragen "
        "und eine neue Wiedervorlage setzen.",
        "funding-early": "{lead}: Die Förderung{funding} endet {until}, die Maßnahme läuft bis "
        "{end}: Anschlussfinanzierung klären.",
        "funding-soon": "{lead}: Die Förderung{funding} endet {until}: Anschluss oder Ende der "
        "Maßnahme klären.",
        "measure-stale": "{lead}: Der letzte Sachstand ist vom {date}, älter als der "
        "Überprüfungszyklus ({cycle} Monate): Sachstand eintragen.",
        "measure-stale-none": "{lead} läuft seit {start} und hat noch keinen Sachstand: "
        "Sachstand eintragen.",
        "indicator-stale": "{lead}: kein Wert seit {year} ({newest}): den aktuellen Wert "
        "eintragen.",
        "newest": "der neueste ist von {year}",
        "no-values": "noch keine Werte",
        "network-inactive": "{lead} hat sich zuletzt am {date} getroffen, Turnus alle {n} "
        "Monate: fehlende Treffen eintragen oder einladen.",
        "network-never": "{lead} trifft sich alle {n} Monate, es ist aber kein Treffen "
        "eingetragen.",
        "suspicious-transition": "{lead}: Status seit der letzten Überprüfung von {old} zurück "
        "auf {new} gesetzt: Versehen?",
        "measure-vanished": "{lead} ist seit der letzten Überprüfung aus dem Konzept "
        "verschwunden, ohne vorher abgeschlossen oder gestrichen "
        "worden zu sein (zuletzt {status}).",
        "completed-without-end": "{lead} ist abgeschlossen, aber ohne Ende: Ende eintragen.",
        "status-without-reason": "{lead} ist {status}, ohne Begründung: status_reason eintragen.",
        "no-git": "Kein git-Repository: Änderungen seit der letzten Überprüfung "
        "können nicht gezeigt werden (integ vergleicht mit der Fassung der "
        "letzten Überprüfung in git).",
        "no-git-tool": "git ist nicht installiert: Änderungen seit der letzten "
        "Überprüfung können nicht gezeigt werden.",
        "outside-repo": "Die Datei liegt nicht im git-Repository: Änderungen seit der "
        "letzten Überprüfung können nicht gezeigt werden.",
        "no-review": "noch keine Überprüfung eingetragen (reviews:, review.last); "
        "es gibt nichts zu vergleichen.",
        "no-commit": "keine Fassung in git vom {date} oder früher; es gibt nichts zu vergleichen.",
        "bad-ref": "die Revision {ref} der letzten Überprüfung gibt es in diesem Repository nicht.",
        "not-in-ref": "die Datei gab es in der Fassung {ref} noch nicht.",
        "unreadable-ref": "die Fassung {ref} der Datei ist nicht lesbar.",
        "measure": "Maßnahme",
        "indicator": "Indikator",
        "network": "Netzwerk",
        "concept": "Konzept",
        "goal": "Ziel",
        "field": "Handlungsfeld",
    },
    "en": {
        "review-overdue": "The review of the concept was due on {due}; review it now "
        "and record it (integ review --record).",
        "measure-overdue": "{lead} is still {status} but ended {end}: set its status "
        "(completed, permanent) or a new end.",
        "measure-not-started": "{lead} is still planned but was to start {start}: set ongoing, "
        "or postponed with a reason and a new start.",
        "review-by-past": "{lead} was to be looked at again by {due}: add a progress note and "
        "set a new review_by.",
        "funding-early": "{lead}: funding{funding} ends {until}, before the measure ends "
        "({end}): plan the follow-up funding.",
        "funding-soon": "{lead}: funding{funding} ends {until}: plan the follow-up or the end of "
        "the measure.",
        "measure-stale": "{lead}: the newest progress note is from {date}, older than the review "
        "cycle ({cycle} months): add one.",
        "measure-stale-none": "{lead} has been ongoing since {start} without a progress note: "
        "add one.",
        "indicator-stale": "{lead}: no value since {year} ({newest}): add the latest value.",
        "newest": "the newest is from {year}",
        "no-values": "no values yet",
        "network-inactive": "{lead} last met on {date}; it meets every {n} months: record the "
        "missing meetings or invite to the next one.",
        "network-never": "{lead} meets every {n} months but no meeting is recorded.",
        "suspicious-transition": "{lead}: status went back from {old} to {new} since the last "
        "review: a slip?",
        "measure-vanished": "{lead} vanished from the concept since the last review without "
        "being completed or dropped first (last {status}).",
        "completed-without-end": "{lead} is completed but has no end: add it.",
        "status-without-reason": "{lead} is {status} without a reason: add status_reason.",
        "no-git": "No git repository: changes since the last review cannot be "
        "shown (integ compares with the version of the last review in git).",
        "no-git-tool": "git is not installed: changes since the last review cannot be shown.",
        "outside-repo": "The file is not inside the git repository: changes since the "
        "last review cannot be shown.",
        "no-review": "no review recorded yet (reviews:, review.last); nothing to compare with.",
        "no-commit": "no version in git from {date} or earlier; nothing to compare with.",
        "bad-ref": "the revision {ref} of the last review does not exist in this repository.",
        "not-in-ref": "the file did not exist yet in {ref}.",
        "unreadable-ref": "the version {ref} of the file cannot be read.",
        "measure": "Measure",
        "indicator": "Indicator",
        "network": "Network",
        "concept": "Concept",
        "goal": "Goal",
        "field": "Field of action",
    },
}


def words(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["de"])


# --------------------------------------------------------------------------- records


@dataclass
class Item:
    """One point of the agenda."""

    concept: str
    kind: str
    id: str
    severity: str
    message: str
    due: dt.date | None = None
    rule: str | None = None
    file: str = ""
    line: int | None = None
    subject: str = "concept"  # measure | indicator | network | concept | goal ...
    title: str = ""
    path: tuple[Any, ...] = ()
    order: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def days(self, today: dt.date) -> int | None:
        """Days overdue (positive) or until due (negative); None without a date."""
        return (today - self.due).days if self.due else None

    def sort_key(self, today: dt.date) -> tuple[Any, ...]:
        if self.severity == ERROR:
            group, when = 0, dt.date.min
        elif self.kind in TRANSITION_KINDS:
            group, when = 1, dt.date.min
        elif self.due is not None and self.due < today:
            group, when = 2, self.due
        elif self.due is not None:
            group, when = 3, self.due
        else:
            group, when = 4, dt.date.max
        rank = KIND_ORDER.index(self.kind) if self.kind in KIND_ORDER else len(KIND_ORDER)
        return (group, when, rank, self.order)

    def as_dict(self, today: dt.date) -> dict[str, Any]:
        out: dict[str, Any] = {
            "concept": self.concept,
            "kind": self.kind,
            "id": self.id,
            "severity": self.severity,
            "message": self.message,
            "due": self.due.isoformat() if self.due else None,
            "days_overdue": self.days(today),
            "subject": self.subject,
            "title": self.title,
            "rule": self.rule,
            "file": self.file,
        }
        if self.line is not None:
            out["line"] = self.line
        out.update(self.extra)
        return out


@dataclass
class Since:
    """What changed in one concept since its last review."""

    ref: str | None = None  # what was compared with (REV, reviews[].ref, commit)
    commit: str | None = None  # the commit it resolved to
    basis: str = "none"  # since | ref | date | none
    review_date: str | None = None  # the date of the review it stands for
    available: bool = False
    note: str = ""
    changes: list[Change] = field(default_factory=list)
    old: dict[str, Any] | None = None  # the concept as it was (dropped after use)
    public: list[Change] | None = None  # the changes a public audience sees (integ.privacy)
    titles: dict[str, str] = field(default_factory=dict)  # field id -> title, old and new

    def as_dict(self, concept: str) -> dict[str, Any]:
        return {
            "concept": concept,
            "ref": self.ref,
            "commit": self.commit,
            "basis": self.basis,
            "review_date": self.review_date,
            "available": self.available,
            "note": self.note,
            "changes": len(self.changes),
        }


@dataclass
class IndicatorProgress:
    concept: str
    id: str
    title: str
    unit: Any
    direction: str
    baseline: Any
    baseline_year: int | None
    latest: Any
    latest_year: int | None
    target: Any
    target_year: int | None
    progress: float | None
    on_track: bool | None
    goal: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "concept": self.concept,
            "id": self.id,
            "baseline": self.baseline,
            "latest": self.latest,
            "target": self.target,
            "progress": self.progress,
            "on_track": self.on_track,
            "title": self.title,
            "unit": self.unit,
            "direction": self.direction,
            "goal": self.goal,
            "baseline_year": self.baseline_year,
            "latest_year": self.latest_year,
            "target_year": self.target_year,
        }


@dataclass
class ConceptReview:
    """The agenda of one concept.

    ``data`` (the concept as read) is kept when the agenda was built in this process
    and read again from the file on first use when it was built by a worker process
    (so that 45 MB of concepts need not travel between processes)."""

    id: str
    file: str
    path: Path
    readable: bool
    title: str = ""
    name: str = ""
    version: str = ""
    last_review: dict[str, Any] | None = None
    contacts: list[dict[str, Any]] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    since: Since = field(default_factory=Since)
    indicators: list[IndicatorProgress] = field(default_factory=list)
    _data: dict[str, Any] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, path: Path, file: str, data: dict[str, Any] | None) -> ConceptReview:
        if data is None:
            return cls(path.stem, file, path, False, title=path.stem, name=path.stem)
        muni = data.get("municipality")
        title = str(data.get("title") or data.get("id") or path.stem)
        reviews = data.get("reviews")
        entries = [r for r in reviews if isinstance(r, dict)] if isinstance(reviews, list) else []
        contacts = data.get("contacts")
        return cls(
            str(data.get("id") or path.stem),
            file,
            path,
            True,
            title=title,
            name=str(muni.get("name") or title) if isinstance(muni, dict) else title,
            version=str(data.get("version") or ""),
            last_review=entries[-1] if entries else None,
            contacts=[c for c in contacts if isinstance(c, dict) and isinstance(c.get("id"), str)]
            if isinstance(contacts, list)
            else [],
            _data=data,
        )

    @property
    def data(self) -> dict[str, Any] | None:
        if self._data is None and self.readable:
            doc = yaml_io.load(self.path, self.file)
            self._data = doc.data if doc.ok and isinstance(doc.data, dict) else None
        return self._data

    def forget_data(self) -> None:
        self._data = None


@dataclass
class Agenda:
    today: dt.date
    lang: str
    concepts: list[ConceptReview]
    since: str | None = None
    git_note: str = ""

    @property
    def items(self) -> list[Item]:
        return [i for c in self.concepts for i in c.items]

    @property
    def errors(self) -> int:
        return sum(1 for i in self.items if i.severity == ERROR)

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.items if i.due is not None and i.due < self.today)

    def as_json(self) -> dict[str, Any]:
        """The shape of ``integ review --format json`` (../shared/spec/cli.md)."""
        items = []
        for n, item in enumerate(self.items, start=1):
            items.append({**item.as_dict(self.today), "number": n})
        changes = []
        refs = set()
        for c in self.concepts:
            if c.since.available:
                refs.add(c.since.ref)
            for change in c.since.changes:
                changes.append({**change.as_dict(), "concept": c.id})
        ref = self.since if self.since else (next(iter(refs)) if len(refs) == 1 else None)
        return {
            "today": self.today.isoformat(),
            "items": items,
            "changes_since_review": {
                "ref": ref,
                "changes": changes,
                "concepts": [c.since.as_dict(c.id) for c in self.concepts if c.readable],
            },
            "indicators": [i.as_dict() for c in self.concepts for i in c.indicators],
            "summary": {
                "concepts": sum(1 for c in self.concepts if c.readable),
                "items": len(items),
                "errors": self.errors,
                "warnings": sum(1 for i in self.items if i.severity == WARNING),
                "overdue": self.overdue,
            },
        }


# --------------------------------------------------------------------------- helpers


def parse_path(text: str) -> tuple[Any, ...]:
    """'measures[3].budget.until' -> ('measures', 3, 'budget', 'until')."""
    out: list[Any] = []
    for index, key in _PATH_TOKEN.findall(text):
        out.append(int(index) if index else key)
    return tuple(out)


def _subject(data: dict[str, Any], path: tuple[Any, ...]) -> tuple[str, str, dict[str, Any]]:
    """(kind, id, mapping) of the innermost item with an id on ``path``; the concept
    itself when there is none."""
    kind, ident, item = "concept", str(data.get("id") or ""), data
    node: Any = data
    list_key: str | None = None
    for part in path:
        if isinstance(part, int):
            if not isinstance(node, list) or not 0 <= part < len(node):
                break
            node = node[part]
            if (
                isinstance(node, dict)
                and isinstance(node.get("id"), str)
                and list_key in _LIST_KIND
            ):
                kind, ident, item = _LIST_KIND[list_key], node["id"], node
        else:
            if not isinstance(node, dict):
                break
            list_key = part
            node = node.get(part)
    return kind, ident, item


def _title(item: dict[str, Any]) -> str:
    for key in ("title", "name", "label"):
        if isinstance(item.get(key), str):
            return str(item[key])
    return ""


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _measures(data: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    measures = data.get("measures")
    for i, m in enumerate(measures if isinstance(measures, list) else []):
        if isinstance(m, dict):
            yield i, m


def _indicators(
    data: dict[str, Any],
) -> Iterator[tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]]:
    fields = data.get("fields")
    for fi, f in enumerate(fields if isinstance(fields, list) else []):
        goals = f.get("goals") if isinstance(f, dict) else None
        for gi, g in enumerate(goals if isinstance(goals, list) else []):
            inds = g.get("indicators") if isinstance(g, dict) else None
            for ii, ind in enumerate(inds if isinstance(inds, list) else []):
                if isinstance(ind, dict):
                    yield ("fields", fi, "goals", gi, "indicators", ii), ind, g


class _Say:
    """Messages of the agenda in the workspace's language."""

    def __init__(self, lang: str) -> None:
        self.loc = Locale(lang)
        self.w = words(self.loc.lang)

    def date(self, value: Any) -> str:
        return self.loc.short_date(value.isoformat() if isinstance(value, dt.date) else value)

    def status(self, value: Any) -> str:
        return self.loc.enum("measure_status", value)

    def lead(self, kind: str, ident: str, title: str) -> str:
        name = self.w.get(kind, kind.replace("_", " ").capitalize())
        quoted = (
            f" „{title}“" if title and self.loc.lang == "de" else f" “{title}”" if title else ""
        )
        return f"{name} {ident}{quoted}"


# --------------------------------------------------------------------------- items


def _due(kind: str, data: dict[str, Any], item: dict[str, Any]) -> dt.date | None:
    if kind == "review-overdue":
        return next_review(data.get("review"), data.get("adopted"))
    if kind == "measure-overdue":
        return parse_period(item.get("end"), end=True)
    if kind == "measure-not-started":
        return parse_period(item.get("start"))
    if kind == "review-by-past":
        return parse_date(item.get("review_by"))
    if kind == "funding-ending":
        budget = item.get("budget")
        return parse_period(budget.get("until"), end=True) if isinstance(budget, dict) else None
    if kind == "measure-stale":
        review = data.get("review")
        cycle = review.get("cycle_months") if isinstance(review, dict) else None
        if not valid_cycle(cycle):
            return None
        logs = item.get("log")
        dates = [
            d
            for e in (logs if isinstance(logs, list) else [])
            if isinstance(e, dict) and (d := parse_date(e.get("date")))
        ]
        if dates:
            return add_months(max(dates), cycle)
        start = parse_period(item.get("start"))
        return add_months(start, cycle) if start else None
    if kind == "network-inactive":
        cadence = item.get("cadence_months")
        meetings = item.get("meetings")
        dates = [
            d
            for e in (meetings if isinstance(meetings, list) else [])
            if isinstance(e, dict) and (d := parse_date(e.get("date")))
        ]
        return add_months(max(dates), cadence) if dates and valid_cycle(cadence) else None
    return None


def _message(
    kind: str,
    rule: str | None,
    fallback: str,
    data: dict[str, Any],
    subject: str,
    ident: str,
    item: dict[str, Any],
    due: dt.date | None,
    say: _Say,
    today: dt.date,
) -> str:
    w = say.w
    lead = say.lead(subject, ident, _title(item))
    if kind == "review-overdue" and due:
        return w["review-overdue"].format(due=say.date(due))
    if kind == "measure-overdue":
        return w["measure-overdue"].format(
            lead=lead, status=say.status(item.get("status")), end=say.date(item.get("end"))
        )
    if kind == "measure-not-started":
        return w["measure-not-started"].format(lead=lead, start=say.date(item.get("start")))
    if kind == "review-by-past" and due:
        return w["review-by-past"].format(lead=lead, due=say.date(due))
    if kind == "funding-ending":
        budget = item.get("budget") if isinstance(item.get("budget"), dict) else {}
        funding = f" ({budget['funding']})" if isinstance(budget.get("funding"), str) else ""
        until = say.date(budget.get("until"))
        if rule == "funding-ends-early":
            return w["funding-early"].format(
                lead=lead, funding=funding, until=until, end=say.date(item.get("end"))
            )
        return w["funding-soon"].format(lead=lead, funding=funding, until=until)
    if kind == "measure-stale":
        review = data.get("review") if isinstance(data.get("review"), dict) else {}
        logs = item.get("log")
        dates = [
            d
            for e in (logs if isinstance(logs, list) else [])
            if isinstance(e, dict) and (d := parse_date(e.get("date")))
        ]
        if dates:
            return w["measure-stale"].format(
                lead=lead, date=say.date(max(dates)), cycle=review.get("cycle_months")
            )
        return w["measure-stale-none"].format(lead=lead, start=say.date(item.get("start")))
    if kind == "indicator-stale":
        values = item.get("values")
        years = [
            v["year"]
            for v in (values if isinstance(values, list) else [])
            if isinstance(v, dict)
            and isinstance(v.get("year"), int)
            and not isinstance(v.get("year"), bool)
        ]
        newest = w["newest"].format(year=max(years)) if years else w["no-values"]
        return w["indicator-stale"].format(lead=lead, year=today.year - 1, newest=newest)
    if kind == "network-inactive":
        meetings = item.get("meetings")
        dates = [
            d
            for e in (meetings if isinstance(meetings, list) else [])
            if isinstance(e, dict) and (d := parse_date(e.get("date")))
        ]
        n = item.get("cadence_months")
        if dates:
            return w["network-inactive"].format(lead=lead, date=say.date(max(dates)), n=n)
        return w["network-never"].format(lead=lead, n=n)
    if kind == "completed-without-end":
        return w["completed-without-end"].format(lead=lead)
    if kind == "status-without-reason":
        return w["status-without-reason"].format(lead=lead, status=say.status(item.get("status")))
    return fallback


def _finding_item(
    cid: str, data: dict[str, Any] | None, f: Finding, say: _Say, today: dt.date, order: int
) -> Item:
    kind = KIND_OF_RULE.get(f.rule, f.rule)
    if data is None:
        return Item(
            cid,
            kind,
            cid,
            f.severity,
            f.message,
            rule=f.rule,
            file=f.file,
            line=f.line,
            order=order,
        )
    path = parse_path(f.path)
    subject, ident, item = _subject(data, path)
    due = _due(kind, data, item) if f.severity != ERROR else None
    message = (
        f.message
        if f.severity == ERROR
        else _message(kind, f.rule, f.message, data, subject, ident, item, due, say, today)
    )
    return Item(
        cid,
        kind,
        ident,
        f.severity,
        message,
        due,
        rule=f.rule,
        file=f.file,
        line=f.line,
        subject=subject,
        title=_title(item),
        path=path,
        order=order,
    )


def _funding_items(
    cid: str, file: str, data: dict[str, Any], say: _Say, today: dt.date, start: int
) -> list[Item]:
    """Funding that ends within the horizon (the rule covers funding ending early)."""
    horizon = add_months(today, FUNDING_HORIZON_MONTHS)
    out = []
    for i, m in _measures(data):
        budget = m.get("budget")
        if not isinstance(budget, dict) or m.get("status") in FINISHED:
            continue
        until = parse_period(budget.get("until"), end=True)
        if until is None or not today <= until <= horizon or not isinstance(m.get("id"), str):
            continue
        path = ("measures", i, "budget", "until")
        message = _message(
            "funding-ending", None, "", data, "measure", m["id"], m, until, say, today
        )
        out.append(
            Item(
                cid,
                "funding-ending",
                m["id"],
                INFO,
                message,
                until,
                rule=None,
                file=file,
                subject="measure",
                title=_title(m),
                path=path,
                order=start + i,
            )
        )
    return out


def _merge(items: list[Item]) -> list[Item]:
    """One funding item per measure: the rule's finding (funding-ends-early, listed
    first) wins over the note that the funding ends within the horizon."""
    reported = {i.id for i in items if i.kind == "funding-ending" and i.rule}
    return [
        i for i in items if not (i.kind == "funding-ending" and i.rule is None and i.id in reported)
    ]


def _indicator_rows(cid: str, data: dict[str, Any]) -> list[IndicatorProgress]:
    rows = []
    for _path, ind, goal in _indicators(data):
        p = progress.measure(ind)
        rows.append(
            IndicatorProgress(
                cid,
                str(ind.get("id") or ""),
                str(ind.get("title") or ""),
                ind.get("unit"),
                str(ind.get("direction") or "increase"),
                _plain(p.baseline),
                p.baseline_year,
                _plain(p.latest),
                p.latest_year,
                _plain(p.target),
                p.target_year,
                p.progress,
                p.on_track,
                str(goal.get("id") or ""),
            )
        )
    return rows


def transitions(
    cid: str, file: str, since: Since, data: dict[str, Any], say: _Say, start: int
) -> list[Item]:
    """Suspicious transitions between the last review's version and now."""
    out: list[Item] = []
    if not since.available or since.old is None:
        return out
    old_measures = {m.get("id"): m for _, m in _measures(since.old)}
    new_index = {m.get("id"): (i, m) for i, m in _measures(data)}
    basis = {"ref": since.ref, "commit": since.commit}
    for n, c in enumerate(since.changes):
        if c.kind != "measure":
            continue
        if c.op == "changed" and c.field == "status" and (c.old, c.new) in SUSPICIOUS:
            i, m = new_index.get(c.id, (0, {}))
            message = say.w["suspicious-transition"].format(
                lead=say.lead("measure", c.id, _title(m)),
                old=say.status(c.old),
                new=say.status(c.new),
            )
            out.append(
                Item(
                    cid,
                    "suspicious-transition",
                    c.id,
                    WARNING,
                    message,
                    file=file,
                    subject="measure",
                    title=_title(m),
                    path=("measures", i, "status"),
                    order=start + n,
                    extra={"old": c.old, "new": c.new, "since": basis},
                )
            )
        elif c.op == "removed":
            old = old_measures.get(c.id) or {}
            if old.get("status") in FINISHED:
                continue
            message = say.w["measure-vanished"].format(
                lead=say.lead("measure", c.id, _title(old)), status=say.status(old.get("status"))
            )
            out.append(
                Item(
                    cid,
                    "measure-vanished",
                    c.id,
                    WARNING,
                    message,
                    file=file,
                    subject="measure",
                    title=_title(old),
                    order=start + n,
                    extra={"old": old.get("status"), "new": None, "since": basis},
                )
            )
    return out


# --------------------------------------------------------------------------- git


class _History:
    """The versions of the concepts at their last review, through integ.git."""

    def __init__(self, ws: Workspace, since: str | None, say: _Say) -> None:
        from .git import GitError, Repo

        self.say = say
        self.since = since
        self.repo: Repo | None = None
        self.reason = ""
        self.since_commit: str | None = None
        self._before: dict[str, str | None] = {}
        self._resolved: dict[str, str | None] = {}
        try:
            self.repo = Repo(ws.root)
        except GitError as exc:
            if since is not None:
                raise
            self.reason = str(exc)
            return
        if since is not None:
            self.since_commit = self.repo.resolve(since)  # exit 2 when it does not exist

    def close(self) -> None:
        if self.repo is not None:
            self.repo.close()

    def fresh(self) -> _History:
        """The same settings with a git connection of its own (for a worker process)."""
        other = _History.__new__(_History)
        other.__dict__.update(self.__dict__)
        other._before, other._resolved = dict(self._before), dict(self._resolved)
        if self.repo is not None:
            from .git import Repo

            other.repo = Repo(self.repo.root)
        return other

    def _resolve(self, ref: str) -> str | None:
        from .git import GitError

        assert self.repo is not None
        if ref not in self._resolved:
            try:
                self._resolved[ref] = self.repo.resolve(ref)
            except GitError:
                self._resolved[ref] = None
        return self._resolved[ref]

    def _commit_before(self, day: str) -> str | None:
        assert self.repo is not None
        if day not in self._before:
            self._before[day] = self.repo.last_commit_before(f"{day}T23:59:59")
        return self._before[day]

    def since_review(self, path: Path, data: dict[str, Any], last: dict[str, Any] | None) -> Since:
        w = self.say.w
        if self.repo is None:
            return Since(note=w["no-git-tool" if "not installed" in self.reason else "no-git"])
        review = data.get("review") if isinstance(data.get("review"), dict) else {}
        day = (
            str(last.get("date"))
            if last and last.get("date")
            else (str(review.get("last")) if review.get("last") else None)
        )
        if self.since is not None:
            out = Since(ref=self.since, commit=self.since_commit, basis="since", review_date=day)
        elif last is not None and isinstance(last.get("ref"), str) and last["ref"]:
            ref = last["ref"]
            commit = self._resolve(ref)
            if commit is None:
                return Since(
                    ref=ref, basis="ref", review_date=day, note=w["bad-ref"].format(ref=ref)
                )
            out = Since(ref=ref, commit=commit, basis="ref", review_date=day)
        elif day is not None and parse_date(day):
            commit = self._commit_before(day)
            if commit is None:
                return Since(
                    basis="date",
                    review_date=day,
                    note=w["no-commit"].format(date=self.say.date(day)),
                )
            out = Since(ref=commit, commit=commit, basis="date", review_date=day)
        else:
            return Since(note=w["no-review"])
        from .git import GitError

        try:
            rel = self.repo.relpath(path)
        except GitError:
            return Since(ref=out.ref, basis=out.basis, review_date=day, note=w["outside-repo"])
        assert out.commit is not None
        raw = self.repo.read(out.commit, rel)
        shown = out.ref if out.basis != "date" else (out.commit or "")[:10]
        if raw is None:
            out.note = w["not-in-ref"].format(ref=shown)
            return out
        doc = yaml_io.load(Path(rel), f"{shown}:{rel}", data=raw)
        if not doc.ok or not isinstance(doc.data, dict):
            out.note = w["unreadable-ref"].format(ref=shown)
            return out
        out.old = doc.data
        out.available = True
        out.changes = diff(doc.data, data)
        return out


def public_changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """The diff of both sides after the privacy filter (integ.privacy)."""
    from .privacy import for_audience

    return diff(for_audience(old), for_audience(new))


# --------------------------------------------------------------------------- build


PARALLEL_MIN_BYTES = 1_500_000  # as integ.validate: below this one core is faster


def build(
    ws: Workspace,
    paths: list[Path],
    today: dt.date,
    *,
    since: str | None = None,
    lang: str | None = None,
    use_cache: bool = True,
) -> Agenda:
    """The agenda of the concepts that ``paths`` mean (every concept when empty)."""
    from .validate import validate

    lang = lang or str(ws.settings.get("locale") or "de")
    say = _Say(lang)
    result = validate(ws, paths, today, use_cache=use_cache)
    by_file: dict[str, list[Finding]] = {}
    for f in result.findings:
        by_file.setdefault(f.file, []).append(f)
    files = [p for p in ws.targets(paths) if not ws.is_special(p)]
    history = _History(ws, since, say)
    agenda = Agenda(
        today=today, lang=say.loc.lang, concepts=[], since=since, git_note=history.reason
    )
    try:
        special = [p for p in (ws.root / "integ.yaml", ws.registry_path) if p.is_file()]
        for path in special:
            shown = display_path(path)
            found = by_file.get(shown, [])
            if found:
                review = ConceptReview.of(path, shown, None)
                review.id = shown
                review.items = [
                    _finding_item(shown, None, f, say, today, i) for i, f in enumerate(found)
                ]
                agenda.concepts.append(review)
        agenda.concepts += _map(files, ws, by_file, history, say, today)
    finally:
        history.close()
    return agenda


def _concept(
    path: Path, by_file: dict[str, list[Finding]], history: _History, say: _Say, today: dt.date
) -> ConceptReview:
    shown = display_path(path)
    doc = yaml_io.load(path, shown)
    data = doc.data if doc.ok and isinstance(doc.data, dict) else None
    review = ConceptReview.of(path, shown, data)
    cid = review.id
    found = by_file.get(shown, [])
    items = [_finding_item(cid, data, f, say, today, i) for i, f in enumerate(found)]
    if data is not None:
        items += _funding_items(cid, shown, data, say, today, len(found))
        review.indicators = _indicator_rows(cid, data)
        review.since = history.since_review(path, data, review.last_review)
        items += transitions(cid, shown, review.since, data, say, len(items))
        if review.since.old is not None:
            review.since.titles = _field_titles(review.since.old, data)
            review.since.public = public_changes(review.since.old, data)
            review.since.old = None
    elif not found:
        items.append(Item(cid, "unreadable", cid, ERROR, f"{shown}: cannot be read", file=shown))
    review.items = sorted(_merge(items), key=lambda i: i.sort_key(today))
    return review


def _field_titles(*concepts: dict[str, Any]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for data in concepts:
        fields = data.get("fields")
        for f in fields if isinstance(fields, list) else []:
            if isinstance(f, dict) and isinstance(f.get("id"), str):
                titles[f["id"]] = str(f.get("title") or f["id"])
    return titles


def _map(
    paths: list[Path],
    ws: Workspace,
    by_file: dict[str, list[Finding]],
    history: _History,
    say: _Say,
    today: dt.date,
) -> list[ConceptReview]:
    """The concepts' agendas, on every core when there is enough to do (integ.parallel).
    A worker process opens a git connection of its own and hands back the agenda
    without the concept's data (read again where it is needed)."""
    import os

    from .parallel import map_files

    parent = os.getpid()
    own: dict[int, _History] = {}

    def task(path: Path) -> ConceptReview:
        if os.getpid() == parent:
            return _concept(path, by_file, history, say, today)
        if os.getpid() not in own:
            own.clear()  # inherited from the parent: not this process's
            own[os.getpid()] = history.fresh()
        review = _concept(path, by_file, own[os.getpid()], say, today)
        review.forget_data()
        return review

    history.close()  # no git process may be shared with forked workers
    return map_files(task, paths, PARALLEL_MIN_BYTES)


__all__ = [
    "FUNDING_HORIZON_MONTHS",
    "INFO",
    "KIND_OF_RULE",
    "KIND_ORDER",
    "SUSPICIOUS",
    "Agenda",
    "ConceptReview",
    "IndicatorProgress",
    "Item",
    "Since",
    "build",
    "parse_path",
    "transitions",
    "words",
]
