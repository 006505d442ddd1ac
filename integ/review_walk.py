"""The interactive walk through the review agenda, and recording the review.

Item by item ("Punkt 3 von 17") the coordinator may, for a measure, set its status
(with a reason for postponed, paused and dropped, and optionally a Sachstand), add a
dated log note (Sachstand), set a new ``review_by``, ``start`` or ``end``; for an indicator,
record a value; or go on to the next item (Enter) or stop (q). Every accepted change is
saved at once through the edit engine (integ.edit: validated, written atomically, never
over a file that changed on disk meanwhile), so Ctrl-C at any moment leaves every file
valid, with the changes saved so far.

The walk talks to the person through a small ``UI`` (``say``, ``ask``, ``item``):
``RichUI`` on a terminal, a scripted one in tests.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .concept import MEASURE_STATUS
from .dates import add_months, parse_date, valid_cycle
from .edit import (
    Change,
    ChangedOnDisk,
    EditDoc,
    EditError,
    EditRefused,
    enum_value,
    load_for_edit,
    parse_day,
    parse_when,
    save,
)
from .labels import Locale
from .problems import Finding
from .review import Agenda, ConceptReview, Item
from .workspace import Workspace

NEEDS_REASON = ("postponed", "paused", "dropped")
STATUSES = list(MEASURE_STATUS)


def _t(msgid: str, **params: Any) -> str:
    from .i18n import t

    return t(msgid, **params)


def _words(msgid: str) -> tuple[str, ...]:
    return tuple(_t(msgid).split())


class UI(Protocol):
    def say(self, text: str, style: str = "") -> None: ...

    def ask(self, question: str, default: str = "") -> str: ...

    def item(self, item: Item, number: int, total: int) -> None: ...


class RichUI:
    """Prompts on a terminal through rich (plain input/print when not a terminal)."""

    def __init__(self, agenda: Agenda, console: Any = None) -> None:
        import os

        from rich.console import Console

        from .reviewview import labels

        self.agenda = agenda
        self.loc = Locale(agenda.lang)
        self.L = labels(agenda.lang)
        # soft_wrap off: rich wraps every text at word boundaries to the terminal's width
        self.console = console or Console(
            highlight=False, soft_wrap=False, no_color=bool(os.environ.get("NO_COLOR"))
        )

    def say(self, text: str, style: str = "") -> None:
        from rich.markup import escape

        self.console.print(f"[{style}]{escape(text)}[/]" if style else escape(text))

    def ask(self, question: str, default: str = "") -> str:
        from rich.markup import escape

        shown = f"{escape(question)}" + (f" [dim]\\[{escape(default)}][/]" if default else "")
        answer = self.console.input(f"[bold]{shown}[/] › ").strip()
        return answer or default

    def item(self, item: Item, number: int, total: int) -> None:
        from .reviewview import print_item

        self.console.print()
        print_item(self.console, item, number, total, self.agenda.today, self.loc, self.L)


@dataclass
class Saved:
    concept: str
    file: str
    change: Change


@dataclass
class WalkResult:
    saved: list[Saved] = field(default_factory=list)
    seen: int = 0
    quit: bool = False

    def by_concept(self) -> dict[str, list[Change]]:
        out: dict[str, list[Change]] = {}
        for s in self.saved:
            out.setdefault(s.concept, []).append(s.change)
        return out


class _Cancel(Exception):
    """The person left a question empty: nothing is changed."""


def _number(text: str) -> int | float | None:
    """A value as a person types it: 74,5 or 74.5 (a space or a point before three
    digits and a comma is a thousands mark: 1.234,5)."""
    text = text.strip().replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+,\d+", text):
        text = text.replace(".", "")
    if re.fullmatch(r"[-+]?\d+", text):
        return int(text)
    if re.fullmatch(r"[-+]?\d+[.,]\d+", text):
        return float(text.replace(",", "."))
    return None


class Walk:
    def __init__(self, ws: Workspace, agenda: Agenda, ui: UI) -> None:
        self.ws = ws
        self.agenda = agenda
        self.ui = ui
        self.today = agenda.today
        self.reviews = {c.id: c for c in agenda.concepts}
        self.docs: dict[Path, EditDoc] = {}
        self.result = WalkResult()
        #: what was being asked when the walk was interrupted and is not saved
        self.pending: str | None = None
        #: a concept's findings after the last save in this walk (file -> findings)
        self.findings: dict[str, list[Finding]] = {}

    # ---- the files
    def _doc(self, review: ConceptReview, fresh: bool = False) -> EditDoc:
        if fresh or review.path not in self.docs:
            self.docs[review.path] = load_for_edit(
                review.path, ws=self.ws, today=self.today, display=review.file
            )
        return self.docs[review.path]

    def _data(self, review: ConceptReview) -> dict[str, Any]:
        ed = self.docs.get(review.path)
        return ed.data if ed is not None else (review.data or {})

    def apply(self, review: ConceptReview, op: Callable[[EditDoc], Any]) -> bool:
        """Make the edit, validate and save it; True when something was written."""
        try:
            ed = self._doc(review)
            op(ed)
            if not ed.changes:
                self.pending = None
                self.ui.say(_t("walk.nothing"))
                return False
            result = save(ed)
        except ChangedOnDisk:
            self.ui.say(_t("walk.changed-on-disk", file=review.file), "bold red")
            self._doc(review, fresh=True)
            if not self._yes(_t("walk.retry-q")):
                self.pending = None
                self.ui.say(_t("walk.cancelled"))
                return False
            return self.apply(review, op)
        except (EditRefused, EditError) as exc:
            self.pending = None
            self.ui.say(_t("walk.refused", message=str(exc)), "bold red")
            self._doc(review, fresh=True)  # forget the refused edit
            return False
        self.pending = None
        self.findings[review.file] = result.findings
        for change in result.changes:
            self.result.saved.append(Saved(review.id, review.file, change))
            self.ui.say(_t("walk.saved", change=change.describe()), "green")
        for f in result.new_warnings:
            self.ui.say(_t("walk.warning", message=f.message), "yellow")
        return True

    # ---- questions
    def _ask(self, question: str, default: str = "") -> str:
        try:
            return self.ui.ask(question, default)
        except EOFError:
            raise _Quit from None

    def _yes(self, question: str) -> bool:
        while True:
            answer = self._ask(question).strip().lower()
            if answer in _words("walk.yes"):
                return True
            if answer in _words("walk.no") or answer == "":
                return False

    def _required(self, question: str) -> str:
        answer = self._ask(question).strip()
        if not answer:
            raise _Cancel
        return answer

    def _status(self) -> str:
        from .i18n import enum

        labels = [f"{i} {enum('measure_status', s)}" for i, s in enumerate(STATUSES, start=1)]
        while True:
            answer = self._required(_t("walk.status-q", choices=", ".join(labels)))
            key = answer.strip()
            if key.isdigit() and 1 <= int(key) <= len(STATUSES):
                return STATUSES[int(key) - 1]
            value = enum_value("measure_status", key)
            if value in STATUSES:
                return value
            self.ui.say(_t("walk.status-bad", answer=answer, choices=", ".join(labels)), "yellow")

    def _date(self, question: str) -> str:
        example = add_months(self.today, 3).isoformat()
        while True:
            answer = self._required(question)
            day = parse_day(answer)
            if day:
                return day
            self.ui.say(_t("walk.date-bad", answer=answer, example=example), "yellow")

    def _period(self, question: str) -> str:
        example = f"{self.today.year + 1}-06"
        while True:
            answer = self._required(question)
            when = parse_when(answer)
            if when:
                return when
            self.ui.say(_t("walk.period-bad", answer=answer, example=example), "yellow")

    # ---- actions
    def _actions(self, item: Item) -> str:
        if item.subject == "measure" and item.kind != "measure-vanished":
            return "snwbe"
        if item.subject == "indicator":
            return "v"
        return ""

    def act_status(self, review: ConceptReview, item: Item) -> None:
        status = self._status()
        old = self._measure(review, item.id).get("status")
        self.pending = Change(item.id, "status", old, status).describe()
        reason = None
        if status in NEEDS_REASON:
            reason = self._required(_t("walk.reason-q"))
        note = self._ask(_t("walk.note-opt-q")).strip() or None
        self.apply(
            review,
            lambda ed: ed.set_status(item.id, status, reason=reason, today=self.today, note=note),
        )

    def act_note(self, review: ConceptReview, item: Item) -> None:
        note = self._required(_t("walk.note-q", date=self.today.isoformat()))
        self.apply(review, lambda ed: ed.add_log(item.id, note, self.today))

    def act_review_by(self, review: ConceptReview, item: Item) -> None:
        day = self._date(_t("walk.review-by-q"))
        self.apply(review, lambda ed: ed.set_review_by(item.id, day))

    def act_end(self, review: ConceptReview, item: Item) -> None:
        end = self._period(_t("walk.end-q"))
        self.apply(review, lambda ed: ed.set_field(item.id, "end", end))

    def act_start(self, review: ConceptReview, item: Item) -> None:
        start = self._period(_t("walk.start-q"))
        self.apply(review, lambda ed: ed.set_field(item.id, "start", start))

    def act_value(self, review: ConceptReview, item: Item) -> None:
        while True:
            year_text = self._ask(_t("walk.year-q"), str(self.today.year)).strip()
            if re.fullmatch(r"\d{4}", year_text):
                break
            self.ui.say(_t("walk.year-bad"), "yellow")
        while True:
            answer = self._required(_t("walk.value-q"))
            value = _number(answer)
            if value is not None:
                break
            self.ui.say(_t("walk.value-bad", answer=answer), "yellow")
        year = int(year_text)
        self.pending = Change(item.id, "values", None, {"year": year, "value": value}).describe()
        note = self._ask(_t("walk.value-note-q")).strip() or None
        self.apply(review, lambda ed: ed.record_value(item.id, year, value, note=note))

    def _measure(self, review: ConceptReview, ident: str) -> dict[str, Any]:
        measures = self._data(review).get("measures")
        for m in measures if isinstance(measures, list) else []:
            if isinstance(m, dict) and m.get("id") == ident:
                return m
        return {}

    def _state(self, review: ConceptReview, item: Item) -> str:
        from . import i18n

        parts = []
        if item.subject == "measure" and item.kind != "measure-vanished":
            m = self._measure(review, item.id)
            parts.append(_t("walk.state.status", value=m.get("status")))
            start, end = m.get("start"), m.get("end")
            if start and end:
                parts.append(_t("walk.state.period", start=start, end=end))
            elif start:
                parts.append(_t("walk.state.from", start=start))
            elif end:
                parts.append(_t("walk.state.until", end=end))
            if m.get("review_by"):
                parts.append(_t("walk.state.review-by", value=m.get("review_by")))
            logs = [e for e in m.get("log") or [] if isinstance(e, dict)]
            if logs:
                note = " ".join(str(logs[-1].get("note") or "").split())
                parts.append(
                    _t("walk.state.last-log", date=logs[-1].get("date"))
                    + (f": {note}" if note else "")
                )
        elif item.subject == "indicator":
            from .review import _indicators

            for _p, ind, _g in _indicators(self._data(review)):
                if ind.get("id") == item.id:
                    values = [v for v in ind.get("values") or [] if isinstance(v, dict)]
                    shown = ", ".join(
                        f"{v.get('year')}: {i18n.number(v.get('value'), 6)}" for v in values[-3:]
                    )
                    parts.append(_t("walk.state.values", value=shown or "–"))
        return _t("walk.state", parts=" · ".join(parts)) if parts else ""

    def resolved(self, review: ConceptReview, item: Item) -> bool:
        """Whether an edit earlier in this walk resolved the item: its concept was saved
        since the agenda was made, and the finding (rule and subject) is gone, or the
        measure of a funding note is completed or dropped now."""
        after = self.findings.get(review.file)
        if after is None or item.kind in ("suspicious-transition", "measure-vanished"):
            return False
        if item.rule is None:
            if item.kind == "funding-ending":
                return self._measure(review, item.id).get("status") in ("completed", "dropped")
            return False
        for f in after:
            if f.rule != item.rule:
                continue
            ident = f.subject.id if f.subject is not None else None
            if ident == item.id or (ident is None and f.path == _path_text(item.path)):
                return False
        return True

    # ---- the walk
    def run(self) -> WalkResult:
        items = self.agenda.items
        total = len(items)
        if not total:
            self.ui.say(_t("walk.none"))
            return self.result
        self.ui.say(_t("walk.start", n=total), "bold")
        handlers = {
            "s": self.act_status,
            "n": self.act_note,
            "w": self.act_review_by,
            "b": self.act_start,
            "e": self.act_end,
            "v": self.act_value,
        }
        try:
            for number, item in enumerate(items, start=1):
                self.result.seen = number
                review = self.reviews[item.concept]
                if self.resolved(review, item):
                    item.done = True
                    done = [s.change for s in self.result.saved if s.change.item == item.id]
                    self.ui.item(item, number, total)
                    self.ui.say(
                        "    " + _t("walk.done", change=done[-1].describe() if done else ""),
                        "green",
                    )
                    continue
                self.ui.item(item, number, total)
                state = self._state(review, item)
                if state:
                    self.ui.say("    " + state, "dim")
                actions = self._actions(item)
                keys = [_t(f"walk.key.{k}") for k in actions] + [
                    _t("walk.key.next"),
                    _t("walk.key.q"),
                ]
                if not actions:
                    self.ui.say(_t("walk.no-actions"), "dim")
                while True:
                    answer = self._ask(_t("walk.action", keys=" · ".join(keys))).strip().lower()
                    if answer == "":
                        break
                    if answer in ("q", "quit", "beenden"):
                        raise _Quit
                    if len(answer) == 1 and answer in actions:
                        try:
                            handlers[answer](review, item)
                        except _Cancel:
                            self.pending = None
                            self.ui.say(_t("walk.cancelled"))
                        continue
                    self.ui.say(_t("walk.unknown", answer=answer, keys=", ".join(keys)), "yellow")
        except _Quit:
            self.pending = None
            self.result.quit = True
        return self.result

    def interrupted(self) -> str:
        """What to say after Ctrl-C: what was not saved, if anything was being asked."""
        if self.pending:
            return _t("walk.interrupted-unsaved", what=self.pending)
        return _t("walk.interrupted")

    def summary(self) -> None:
        from .i18n import tn

        saved = self.result.saved
        if not saved:
            self.ui.say(_t("walk.summary-none"), "bold")
            return
        self.ui.say(tn("walk.summary", len(saved)), "bold")
        for s in saved:
            self.ui.say(f"  {s.file}: {s.change.describe()}")


def _path_text(path: tuple[Any, ...]) -> str:
    from .problems import format_path

    return format_path(path)


class _Quit(Exception):
    """q, or the end of the input."""


# --------------------------------------------------------------------------- recording


def default_summary(lang: str, items: int, changes: int) -> str:
    from .i18n import tn, using

    with using(lang):
        return _t(
            "walk.record-summary",
            items=tn("walk.items", items) if items else _t("walk.items-0"),
            changes=tn("walk.changes", changes) if changes else _t("walk.changes-0"),
        )


def head_ref(ws: Workspace, path: Path) -> tuple[str | None, bool]:
    """The commit of HEAD and whether the concept file has changes not committed yet
    (None and False without git or without a commit)."""
    from .git import GitError, Repo

    try:
        with Repo(ws.root) as repo:
            ref = repo.resolve("HEAD")
            rel = repo.relpath(path)
            dirty = bool(repo.run("status", "--porcelain", "-z", "--", rel).strip("\0 \n"))
    except GitError:
        return None, False
    return ref, dirty


def contact_ids(review: ConceptReview) -> list[str]:
    return [c["id"] for c in review.contacts]


def check_by(review: ConceptReview, by: str | None) -> None:
    """Refuse (exit 1, nothing written) a ``--by`` that names no contact of the concept."""
    if by is None:
        return
    ids = contact_ids(review)
    if by in ids:
        return
    if not ids:
        raise EditRefused(_t("walk.by-none", concept=review.file, answer=by), [])
    raise EditRefused(
        _t("walk.by-unknown", concept=review.file, answer=by, choices=", ".join(ids)), []
    )


def check_recordable(review: ConceptReview, by: str | None) -> None:
    """Refuse (exit 1, nothing written) to record the review of a concept with errors
    (the review would say the file is fine when it is not), or with a ``--by`` that
    names no contact."""
    from .problems import ERROR

    errors = [i for i in review.items if i.severity == ERROR]
    if errors:
        from .i18n import tn

        raise EditRefused(
            _t("walk.record-errors", file=review.file, errors=tn("walk.errors", len(errors))),
            [],
        )
    check_by(review, by)


def default_by(review: ConceptReview) -> str | None:
    """Who carried out the review when nobody says: who did the last one, else the
    concept's only contact."""
    ids = contact_ids(review)
    last = review.last_review or {}
    if isinstance(last.get("by"), str) and last["by"] in ids:
        return str(last["by"])
    return ids[0] if len(ids) == 1 else None


def record(
    ws: Workspace,
    review: ConceptReview,
    today: dt.date,
    *,
    by: str | None,
    summary: str | None,
    version: str | None = None,
) -> list[Change]:
    """Append a ``reviews:`` entry and set ``review.last`` (and ``review.next`` when it is
    set and not after today: then today plus the cycle), saved through the edit engine.
    The entry holds the commit of HEAD (``ref``) and, when the concept had changes not
    committed yet, ``uncommitted: true``. A second record on the same day updates that
    day's entry instead of adding one. Refused (nothing written) when ``by`` names no
    contact, the concept has errors, or the edit would make the concept invalid."""
    check_recordable(review, by)
    ed = load_for_edit(review.path, ws=ws, today=today, display=review.file)
    data = ed.data
    current = got if isinstance(got := data.get("review"), dict) else {}
    nxt = parse_date(current.get("next"))
    cycle = current.get("cycle_months")
    next_review = (
        add_months(today, cycle)
        if nxt is not None and nxt <= today and valid_cycle(cycle)
        else None
    )
    if version is None and isinstance(data.get("version"), str):
        version = data["version"]
    ref, dirty = head_ref(ws, review.path)
    ed.record_review(
        today,
        by=by,
        summary=summary,
        version=version,
        next_review=next_review,
        ref=ref,
        uncommitted=True if dirty else None,
    )
    return save(ed).changes


def ask_who(ui: UI, review: ConceptReview, lang: str, default: str | None) -> str | None:
    """The contact id of who carried out the review (Enter: the default, if any)."""
    ids = contact_ids(review)
    if not ids:
        return None
    default = default if default in ids else default_by(review)
    while True:
        answer = ui.ask(_t("walk.by-q", choices=", ".join(ids)), default or "").strip()
        if not answer:
            return default
        if answer in ids:
            return answer
        ui.say(
            _t("walk.by-bad", answer=answer, concept=review.id, choices=", ".join(ids)), "yellow"
        )


__all__ = [
    "NEEDS_REASON",
    "UI",
    "RichUI",
    "Saved",
    "Walk",
    "WalkResult",
    "ask_who",
    "check_by",
    "check_recordable",
    "default_by",
    "default_summary",
    "parse_day",
    "parse_when",
    "record",
]
