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
from .dates import add_months, parse_date, parse_period, valid_cycle
from .diff import Change, diff
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
    "indicator-stale": "indicator-stale",
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
# Every word of the agenda comes from the catalogue (integ/locale/*/review.po). The item
# of a finding ``finding.<rule>[.<variant>]`` is the text ``review.item.<rule>[.<variant>]``
# with the finding's params (a finding without such a text keeps its own words); the
# items no rule reports are ``review.item.<kind>``. Besides the finding's params, every
# text may name facts about the item's subject (``facts``): ``what`` (Maßnahme M-1
# „Titel“), ``status``, ``start``, ``end``, ``review_by``, ``funding``, ``until``,
# ``last_log``, ``last_meeting``, ``cadence``, ``newest_year`` and the concept's ``cycle``.


def text_id(name: str) -> str:
    return f"review.item.{name}"


def item_text_id(message_id: str) -> str | None:
    """``finding.measure-stale.no-log`` → ``review.item.measure-stale.no-log``."""
    head, _, rest = message_id.partition(".")
    return text_id(rest) if head == "finding" and rest else None


# --------------------------------------------------------------------------- records


@dataclass
class Item:
    """One point of the agenda."""

    concept: str
    kind: str
    id: str
    severity: str
    message_id: str
    params: dict[str, Any] = field(default_factory=dict)
    due: dt.date | None = None
    rule: str | None = None
    file: str = ""
    line: int | None = None
    subject: str = "concept"  # measure | indicator | network | concept | goal ...
    title: str = ""
    path: tuple[Any, ...] = ()
    order: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    done: bool = False  # resolved by an edit earlier in the same walk

    @property
    def message(self) -> str:
        """The words of the item in the current language (made when shown)."""
        from .i18n import t

        return t(self.message_id, **self.params)

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
    note_id: str = ""  # why there is nothing to compare with (review.note.*)
    note_params: dict[str, Any] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    old: dict[str, Any] | None = None  # the concept as it was (dropped after use)
    public: list[Change] | None = None  # the changes a public audience sees (integ.privacy)
    titles: dict[str, str] = field(default_factory=dict)  # field id -> title, old and new

    @property
    def note(self) -> str:
        from .i18n import t

        return t(self.note_id, **self.note_params) if self.note_id else ""

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
    stale: bool = False  # the newest value is too old: "keine aktuellen Daten"

    def as_dict(self) -> dict[str, Any]:
        return {
            "concept": self.concept,
            "id": self.id,
            "baseline": self.baseline,
            "latest": self.latest,
            "target": self.target,
            "progress": self.progress,
            "on_track": self.on_track,
            "stale": self.stale,
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


def _index(data: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    """id -> (kind, mapping) of the concept and everything in it with an id (the first
    of a duplicate id wins)."""
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    if isinstance(data.get("id"), str):
        out[data["id"]] = ("concept", data)
    stack: list[dict[str, Any]] = [data]
    while stack:
        node = stack.pop()
        for key, value in node.items():
            if key not in _LIST_KIND or not isinstance(value, list):
                continue
            for entry in value:
                if isinstance(entry, dict):
                    if isinstance(entry.get("id"), str):
                        out.setdefault(entry["id"], (_LIST_KIND[key], entry))
                    stack.append(entry)
    return out


def _dates(entries: Any) -> list[dt.date]:
    return [
        d
        for e in (entries if isinstance(entries, list) else [])
        if isinstance(e, dict) and (d := parse_date(e.get("date")))
    ]


def facts(data: dict[str, Any], kind: str, ident: str, item: dict[str, Any]) -> dict[str, Any]:
    """What any text of the agenda may say about an item's subject (plain values; dates
    as ``YYYY-MM-DD``). The same for every rule: nothing here knows a rule."""
    from .i18n import t

    title = _title(item) if item is not data else ""
    name = t(f"review.subject.{kind}") if kind else ""
    if name == f"review.subject.{kind}":
        name = kind.replace("_", " ").capitalize()
    out: dict[str, Any] = {
        "what": t(
            "review.what.titled" if title else "review.what", kind=name, id=ident, title=title
        ),
        "id": ident,
        "title": title,
    }
    review = got if isinstance(got := data.get("review"), dict) else {}
    if valid_cycle(review.get("cycle_months")):
        out["cycle"] = review["cycle_months"]
    if isinstance(item.get("status"), str):
        out["status"] = item["status"]
    for key in ("start", "end", "review_by"):
        if isinstance(item.get(key), str | int) and not isinstance(item.get(key), bool):
            out[key] = item[key]
    logs = _dates(item.get("log"))
    if logs:
        out["last_log"] = max(logs).isoformat()
    budget = item.get("budget")
    if isinstance(budget, dict):
        if isinstance(budget.get("funding"), str) and budget["funding"].strip():
            out["funding"] = f" ({budget['funding']})"
        until = budget.get("until")
        if isinstance(until, str | int) and not isinstance(until, bool):
            out["until"] = until
    meetings = _dates(item.get("meetings"))
    if meetings:
        out["last_meeting"] = max(meetings).isoformat()
    if valid_cycle(item.get("cadence_months")):
        out["cadence"] = item["cadence_months"]
    values = item.get("values")
    years = [
        v["year"]
        for v in (values if isinstance(values, list) else [])
        if isinstance(v, dict)
        and isinstance(v.get("year"), int)
        and not isinstance(v["year"], bool)
    ]
    if years:
        out["newest_year"] = max(years)
    return out


def _finding_item(
    cid: str,
    data: dict[str, Any] | None,
    f: Finding,
    today: dt.date,
    order: int,
    index: dict[str, tuple[str, dict[str, Any]]] | None = None,
) -> Item:
    """An agenda item of a finding: its due date from ``params["due"]``, its subject from
    ``subject`` (else from the path), its words the agenda's text for the rule with the
    finding's params (errors keep the finding's own words)."""
    from .i18n import has

    kind = KIND_OF_RULE.get(f.rule, f.rule)
    due = parse_date(f.due) if f.severity != ERROR else None
    if data is None:
        return Item(
            cid,
            kind,
            cid,
            f.severity,
            f.message_id,
            dict(f.params),
            due,
            rule=f.rule,
            file=f.file,
            line=f.line,
            order=order,
        )
    path = parse_path(f.path)
    if f.subject is not None and f.subject.id is not None:
        found = (index if index is not None else _index(data)).get(f.subject.id)
        subject, ident, item = (
            (found[0] if f.subject.kind in ("", None) else f.subject.kind, f.subject.id, found[1])
            if found
            else (f.subject.kind, f.subject.id, {})
        )
    else:
        subject, ident, item = _subject(data, path)
    params = {**facts(data, subject, ident, item), **f.params}
    message_id = item_text_id(f.message_id) if f.severity != ERROR else None
    if message_id is None or not has(message_id):
        message_id, params = f.message_id, dict(f.params)
    return Item(
        cid,
        kind,
        ident,
        f.severity,
        message_id,
        params,
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
    cid: str, file: str, data: dict[str, Any], today: dt.date, start: int
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
        params = {**facts(data, "measure", m["id"], m), "due": until.isoformat()}
        out.append(
            Item(
                cid,
                "funding-ending",
                m["id"],
                INFO,
                text_id("funding-soon"),
                params,
                until,
                rule=None,
                file=file,
                subject="measure",
                title=_title(m),
                path=("measures", i, "budget", "until"),
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


def _indicator_rows(cid: str, data: dict[str, Any], today: dt.date) -> list[IndicatorProgress]:
    rows = []
    for _path, ind, goal in _indicators(data):
        p = progress.measure(ind, today)
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
                p.stale,
            )
        )
    return rows


def transitions(cid: str, file: str, since: Since, data: dict[str, Any], start: int) -> list[Item]:
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
            params = {**facts(data, "measure", c.id, m), "old": c.old, "new": c.new}
            out.append(
                Item(
                    cid,
                    "suspicious-transition",
                    c.id,
                    WARNING,
                    text_id("suspicious-transition"),
                    params,
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
            params = facts(since.old, "measure", c.id, old)
            out.append(
                Item(
                    cid,
                    "measure-vanished",
                    c.id,
                    WARNING,
                    text_id("measure-vanished"),
                    params,
                    file=file,
                    subject="measure",
                    title=_title(old),
                    order=start + n,
                    extra={"old": old.get("status"), "new": None, "since": basis},
                )
            )
    return out


# --------------------------------------------------------------------------- git


_NOTE = "review.note."


class _History:
    """The versions of the concepts at their last review, through integ.git."""

    def __init__(self, ws: Workspace, since: str | None) -> None:
        from .git import GitError, Repo

        self.since = since
        self.repo: Repo | None = None
        self.reason = ""
        self.since_commit: str | None = None
        self._before: dict[str, str | None] = {}
        self._resolved: dict[str, str | None] = {}
        self.ws = ws
        #: fetched concepts: the histories of their towns' repositories (None: this is one)
        self._towns: dict[Path, _History | None] | None = {}
        try:
            self.repo = Repo(ws.root)
        except GitError as exc:
            if since is not None:
                raise
            self.reason = exc.message_id  # git.not-installed, git.not-a-repository ...
            return
        if since is not None:
            self.since_commit = self.repo.resolve(since)  # exit 2 when it does not exist

    def close(self) -> None:
        if self.repo is not None:
            self.repo.close()
        for town in (self._towns or {}).values():
            if town is not None:
                town.close()

    def _town(self, path: Path) -> _History | None:
        """The history of a concept `integ fetch` brought: its town's repository."""
        if self._towns is None or not self.ws.sources:
            return None
        if path not in self._towns:
            from .history import source_repo

            repo = source_repo(self.ws, path)
            town = None
            if repo is not None:
                town = _History.__new__(_History)
                town.__dict__.update(self.__dict__)
                town._before, town._resolved = {}, {}
                town._towns = None  # the town's own history: no further delegation
                town.repo = repo
                town.since_commit = town._resolve(self.since) if self.since else None
            self._towns[path] = town
        return self._towns[path]

    def fresh(self) -> _History:
        """The same settings with a git connection of its own (for a worker process)."""
        other = _History.__new__(_History)
        other.__dict__.update(self.__dict__)
        other._before, other._resolved = dict(self._before), dict(self._resolved)
        other._towns = {}
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
        town = self._town(path)
        if town is not None:
            if self.since is not None and town.since_commit is None:
                return Since(
                    ref=self.since,
                    basis="since",
                    note_id=_NOTE + "bad-ref",
                    note_params={"ref": self.since},
                )
            return town.since_review(path, data, last)
        if self.repo is None:
            return Since(
                note_id=_NOTE + ("no-git-tool" if self.reason == "git.not-installed" else "no-git")
            )
        review = got if isinstance(got := data.get("review"), dict) else {}
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
                    ref=ref,
                    basis="ref",
                    review_date=day,
                    note_id=_NOTE + "bad-ref",
                    note_params={"ref": ref},
                )
            out = Since(ref=ref, commit=commit, basis="ref", review_date=day)
        elif day is not None and parse_date(day):
            commit = self._commit_before(day)
            if commit is None:
                return Since(
                    basis="date",
                    review_date=day,
                    note_id=_NOTE + "no-commit",
                    note_params={"date": day},
                )
            out = Since(ref=commit, commit=commit, basis="date", review_date=day)
        else:
            return Since(note_id=_NOTE + "no-review")
        from .git import GitError

        try:
            rel = self.repo.relpath(path)
        except GitError:
            return Since(
                ref=out.ref, basis=out.basis, review_date=day, note_id=_NOTE + "outside-repo"
            )
        assert out.commit is not None
        raw = self.repo.read(out.commit, rel)
        shown = out.ref if out.basis != "date" else (out.commit or "")[:10]
        if raw is None:
            out.note_id, out.note_params = _NOTE + "not-in-ref", {"ref": shown}
            return out
        doc = yaml_io.load(Path(rel), f"{shown}:{rel}", data=raw)
        if not doc.ok or not isinstance(doc.data, dict):
            out.note_id, out.note_params = _NOTE + "unreadable-ref", {"ref": shown}
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
    from . import i18n
    from .validate import validate

    result = validate(ws, paths, today, use_cache=use_cache)
    by_file: dict[str, list[Finding]] = {}
    for f in result.findings:
        by_file.setdefault(f.file, []).append(f)
    files = [p for p in ws.targets(paths) if not ws.is_special(p)]
    history = _History(ws, since)
    agenda = Agenda(
        today=today,
        lang=i18n.normalise(lang) or i18n.current(),
        concepts=[],
        since=since,
        git_note=history.reason,
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
                    _finding_item(shown, None, f, today, i) for i, f in enumerate(found)
                ]
                agenda.concepts.append(review)
        agenda.concepts += _map(files, ws, by_file, history, today)
    finally:
        history.close()
    return agenda


def _concept(
    path: Path, by_file: dict[str, list[Finding]], history: _History, today: dt.date
) -> ConceptReview:
    shown = display_path(path)
    doc = yaml_io.load(path, shown)
    data = doc.data if doc.ok and isinstance(doc.data, dict) else None
    review = ConceptReview.of(path, shown, data)
    cid = review.id
    found = by_file.get(shown, [])
    index = _index(data) if data is not None else None
    items = [_finding_item(cid, data, f, today, i, index) for i, f in enumerate(found)]
    if data is not None:
        items += _funding_items(cid, shown, data, today, len(found))
        review.indicators = _indicator_rows(cid, data, today)
        review.since = history.since_review(path, data, review.last_review)
        items += transitions(cid, shown, review.since, data, len(items))
        if review.since.old is not None:
            review.since.titles = _field_titles(review.since.old, data)
            review.since.public = public_changes(review.since.old, data)
            review.since.old = None
    elif not found:
        items.append(
            Item(cid, "unreadable", cid, ERROR, text_id("unreadable"), {"file": shown}, file=shown)
        )
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
            return _concept(path, by_file, history, today)
        if os.getpid() not in own:
            own.clear()  # inherited from the parent: not this process's
            own[os.getpid()] = history.fresh()
        review = _concept(path, by_file, own[os.getpid()], today)
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
    "facts",
    "parse_path",
    "transitions",
]
