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

from .concept import MEASURE_STATUS, add_months, parse_date, parse_period, valid_cycle
from .edit import Change, ChangedOnDisk, EditDoc, EditError, EditRefused, load_for_edit, save
from .labels import Locale
from .review import Agenda, ConceptReview, Item
from .workspace import Workspace

NEEDS_REASON = ("postponed", "paused", "dropped")
STATUSES = list(MEASURE_STATUS)

KEYS = {
    "de": {
        "s": "Status",
        "n": "Notiz",
        "w": "Wiedervorlage",
        "b": "Beginn",
        "e": "Ende",
        "v": "Wert",
        "next": "Enter weiter",
        "q": "q beenden",
    },
    "en": {
        "s": "status",
        "n": "note",
        "w": "review-by",
        "b": "start",
        "e": "end",
        "v": "value",
        "next": "Enter next",
        "q": "q quit",
    },
}

TEXT = {
    "de": {
        "start": "Durchgang: {n} Punkte. Jede Änderung wird sofort gespeichert; "
        "Strg-C bricht ab, ohne etwas halb zu schreiben.",
        "none": "Keine Punkte auf der Tagesordnung.",
        "action": "Aktion",
        "unknown": "Unbekannte Eingabe „{answer}“. Möglich: {keys}.",
        "status_q": "Neuer Status ({choices}; Enter = abbrechen)",
        "status_bad": "Unbekannter Status „{answer}“.",
        "reason_q": "Begründung (status_reason; Enter = abbrechen)",
        "note_opt_q": "Sachstand dazu (optional, Enter = ohne)",
        "note_q": "Sachstand (Notiz vom {date}; Enter = abbrechen)",
        "review_by_q": "Neue Wiedervorlage JJJJ-MM-TT (Enter = abbrechen)",
        "date_bad": "Bitte als JJJJ-MM-TT eingeben, z. B. {example}.",
        "end_q": "Neues Ende JJJJ, JJJJ-MM oder JJJJ-MM-TT (Enter = abbrechen)",
        "start_q": "Neuer Beginn JJJJ, JJJJ-MM oder JJJJ-MM-TT (Enter = abbrechen)",
        "end_bad": "Bitte als JJJJ, JJJJ-MM oder JJJJ-MM-TT eingeben, z. B. {example}.",
        "year_q": "Jahr des Werts",
        "year_bad": "Bitte ein Jahr mit vier Ziffern eingeben.",
        "value_q": "Wert (Enter = abbrechen)",
        "value_bad": "„{answer}“ ist keine Zahl.",
        "value_note_q": "Anmerkung (optional, Enter = ohne)",
        "cancelled": "Abgebrochen, nichts geändert.",
        "nothing": "Nichts zu ändern: die Werte sind schon so.",
        "saved": "gespeichert: {change}",
        "warning": "Hinweis: {message}",
        "refused": "Nicht gespeichert: {message}",
        "changed_on_disk": "Die Datei {file} wurde inzwischen geändert (im Editor oder "
        "von einem anderen integ); nichts wurde geschrieben.",
        "retry_q": "Ihre Eingabe auf die aktuelle Fassung der Datei anwenden? [j/n]",
        "no_actions": "Hier gibt es nichts zu bearbeiten; Enter = weiter, q = beenden.",
        "state": "Stand: {parts}",
        "status": "Status {value}",
        "period": "Zeitraum {value}",
        "review_by": "Wiedervorlage {value}",
        "last_log": "letzter Sachstand {date}",
        "values": "Werte {value}",
        "summary_none": "Keine Änderungen gespeichert.",
        "summary": "Gespeichert wurden {n} Änderungen:",
        "summary_1": "Gespeichert wurde 1 Änderung:",
        "interrupted": "Abgebrochen.",
        "by_q": "Wer hat die Überprüfung durchgeführt? Kontakt-id ({choices})",
        "by_bad": "Keine Ansprechperson „{answer}“ in {concept}; möglich: {choices}.",
        "summary_q": "Ergebnis der Überprüfung in einem Satz",
        "record_summary": "Überprüfung mit integ review: {items} auf der Tagesordnung, "
        "{changes} eingetragen.",
        "items_n": "{n} Punkte",
        "items_1": "1 Punkt",
        "items_0": "keine Punkte",
        "changes_n": "{n} Änderungen",
        "changes_1": "1 Änderung",
        "changes_0": "keine Änderungen",
        "record_q": "Die Überprüfung von {name} jetzt eintragen (reviews:, review.last)? [j/n]",
        "yes": ("j", "ja", "y", "yes"),
        "no": ("n", "nein", "no"),
    },
    "en": {
        "start": "Walk-through: {n} items. Every change is saved at once; Ctrl-C stops "
        "without writing anything by halves.",
        "none": "Nothing on the agenda.",
        "action": "Action",
        "unknown": "Unknown answer “{answer}”. Possible: {keys}.",
        "status_q": "New status ({choices}; Enter = cancel)",
        "status_bad": "Unknown status “{answer}”.",
        "reason_q": "Reason (status_reason; Enter = cancel)",
        "note_opt_q": "Progress note with it (optional, Enter = none)",
        "note_q": "Progress note (dated {date}; Enter = cancel)",
        "review_by_q": "New review-by date YYYY-MM-DD (Enter = cancel)",
        "date_bad": "Please enter YYYY-MM-DD, e.g. {example}.",
        "end_q": "New end YYYY, YYYY-MM or YYYY-MM-DD (Enter = cancel)",
        "start_q": "New start YYYY, YYYY-MM or YYYY-MM-DD (Enter = cancel)",
        "end_bad": "Please enter YYYY, YYYY-MM or YYYY-MM-DD, e.g. {example}.",
        "year_q": "Year of the value",
        "year_bad": "Please enter a four-digit year.",
        "value_q": "Value (Enter = cancel)",
        "value_bad": "“{answer}” is not a number.",
        "value_note_q": "Note (optional, Enter = none)",
        "cancelled": "Cancelled, nothing changed.",
        "nothing": "Nothing to change: the values are already so.",
        "saved": "saved: {change}",
        "warning": "Note: {message}",
        "refused": "Not saved: {message}",
        "changed_on_disk": "The file {file} was changed meanwhile (in an editor or by "
        "another integ); nothing was written.",
        "retry_q": "Apply your input to the current version of the file? [y/n]",
        "no_actions": "Nothing to edit here; Enter = next, q = quit.",
        "state": "State: {parts}",
        "status": "status {value}",
        "period": "period {value}",
        "review_by": "review-by {value}",
        "last_log": "last progress note {date}",
        "values": "values {value}",
        "summary_none": "No changes saved.",
        "summary": "{n} changes were saved:",
        "summary_1": "1 change was saved:",
        "interrupted": "Interrupted.",
        "by_q": "Who carried out the review? Contact id ({choices})",
        "by_bad": "No contact “{answer}” in {concept}; possible: {choices}.",
        "summary_q": "Result of the review in one sentence",
        "record_summary": "Review with integ review: {items} on the agenda, {changes} recorded.",
        "items_n": "{n} items",
        "items_1": "1 item",
        "items_0": "no items",
        "changes_n": "{n} changes",
        "changes_1": "1 change",
        "changes_0": "no changes",
        "record_q": "Record the review of {name} now (reviews:, review.last)? [y/n]",
        "yes": ("y", "yes", "j", "ja"),
        "no": ("n", "no", "nein"),
    },
}


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
        self.console = console or Console(
            highlight=False, soft_wrap=True, no_color=bool(os.environ.get("NO_COLOR"))
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
    text = text.strip().replace(" ", "")
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
        self.loc = Locale(agenda.lang)
        self.t = TEXT[self.loc.lang]
        self.keys = KEYS[self.loc.lang]
        self.reviews = {c.id: c for c in agenda.concepts}
        self.docs: dict[Path, EditDoc] = {}
        self.result = WalkResult()

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
        t = self.t
        ed = self._doc(review)
        try:
            op(ed)
            if not ed.changes:
                self.ui.say(t["nothing"])
                return False
            result = save(ed)
        except ChangedOnDisk:
            self.ui.say(t["changed_on_disk"].format(file=review.file), "bold red")
            self._doc(review, fresh=True)
            if not self._yes(t["retry_q"]):
                self.ui.say(t["cancelled"])
                return False
            return self.apply(review, op)
        except (EditRefused, EditError) as exc:
            self.ui.say(t["refused"].format(message=str(exc)), "bold red")
            self._doc(review, fresh=True)  # forget the refused edit
            return False
        for change in result.changes:
            self.result.saved.append(Saved(review.id, review.file, change))
            self.ui.say(t["saved"].format(change=change.describe()), "green")
        for f in result.new_warnings:
            self.ui.say(t["warning"].format(message=f.message), "yellow")
        return True

    # ---- questions
    def _ask(self, question: str, default: str = "") -> str:
        try:
            return self.ui.ask(question, default)
        except EOFError:
            raise _Quit from None

    def _yes(self, question: str) -> bool:
        while True:
            answer = self._ask(question).lower()
            if answer in self.t["yes"]:
                return True
            if answer in self.t["no"] or answer == "":
                return False

    def _required(self, question: str) -> str:
        answer = self._ask(question).strip()
        if not answer:
            raise _Cancel
        return answer

    def _status(self) -> str:
        labels = [
            f"{i} {self.loc.enum('measure_status', s)}" for i, s in enumerate(STATUSES, start=1)
        ]
        while True:
            answer = self._required(self.t["status_q"].format(choices=", ".join(labels)))
            key = answer.lower()
            if key.isdigit() and 1 <= int(key) <= len(STATUSES):
                return STATUSES[int(key) - 1]
            for s in STATUSES:
                if key in (
                    s,
                    self.loc.enum("measure_status", s).lower(),
                    MEASURE_STATUS[s].lower(),
                ):
                    return s
            self.ui.say(self.t["status_bad"].format(answer=answer), "yellow")

    def _date(self, question: str) -> str:
        example = add_months(self.today, 3).isoformat()
        while True:
            answer = self._required(question)
            if parse_date(answer):
                return answer
            self.ui.say(self.t["date_bad"].format(example=example), "yellow")

    def _period(self, question: str) -> str:
        example = f"{self.today.year + 1}-06"
        while True:
            answer = self._required(question)
            if parse_period(answer) and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", answer):
                return answer
            self.ui.say(self.t["end_bad"].format(example=example), "yellow")

    # ---- actions
    def _actions(self, item: Item) -> str:
        if item.subject == "measure" and item.kind != "measure-vanished":
            return "snwbe"
        if item.subject == "indicator":
            return "v"
        return ""

    def act_status(self, review: ConceptReview, item: Item) -> None:
        status = self._status()
        reason = None
        if status in NEEDS_REASON:
            reason = self._required(self.t["reason_q"])
        note = self._ask(self.t["note_opt_q"]).strip() or None
        self.apply(
            review,
            lambda ed: ed.set_status(item.id, status, reason=reason, today=self.today, note=note),
        )

    def act_note(self, review: ConceptReview, item: Item) -> None:
        note = self._required(
            self.t["note_q"].format(date=self.loc.short_date(self.today.isoformat()))
        )
        self.apply(review, lambda ed: ed.add_log(item.id, note, self.today))

    def act_review_by(self, review: ConceptReview, item: Item) -> None:
        day = self._date(self.t["review_by_q"])
        self.apply(review, lambda ed: ed.set_review_by(item.id, day))

    def act_end(self, review: ConceptReview, item: Item) -> None:
        end = self._period(self.t["end_q"])
        self.apply(review, lambda ed: ed.set_field(item.id, "end", end))

    def act_start(self, review: ConceptReview, item: Item) -> None:
        start = self._period(self.t["start_q"])
        self.apply(review, lambda ed: ed.set_field(item.id, "start", start))

    def act_value(self, review: ConceptReview, item: Item) -> None:
        while True:
            year_text = self._ask(self.t["year_q"], str(self.today.year)).strip()
            if re.fullmatch(r"\d{4}", year_text):
                break
            self.ui.say(self.t["year_bad"], "yellow")
        while True:
            answer = self._required(self.t["value_q"])
            value = _number(answer)
            if value is not None:
                break
            self.ui.say(self.t["value_bad"].format(answer=answer), "yellow")
        note = self._ask(self.t["value_note_q"]).strip() or None
        year = int(year_text)
        self.apply(review, lambda ed: ed.record_value(item.id, year, value, note=note))

    def _measure(self, review: ConceptReview, ident: str) -> dict[str, Any]:
        measures = self._data(review).get("measures")
        for m in measures if isinstance(measures, list) else []:
            if isinstance(m, dict) and m.get("id") == ident:
                return m
        return {}

    def _state(self, review: ConceptReview, item: Item) -> str:
        t, loc = self.t, self.loc
        parts = []
        if item.subject == "measure" and item.kind != "measure-vanished":
            m = self._measure(review, item.id)
            parts.append(t["status"].format(value=loc.enum("measure_status", m.get("status"))))
            period = loc.period(m.get("start"), m.get("end"))
            if period:
                parts.append(t["period"].format(value=period))
            if m.get("review_by"):
                parts.append(t["review_by"].format(value=loc.short_date(m.get("review_by"))))
            logs = [e for e in m.get("log") or [] if isinstance(e, dict)]
            if logs:
                note = " ".join(str(logs[-1].get("note") or "").split())
                parts.append(
                    t["last_log"].format(date=loc.short_date(logs[-1].get("date")))
                    + (f": {note}" if note else "")
                )
        elif item.subject == "indicator":
            from .review import _indicators

            for _p, ind, _g in _indicators(self._data(review)):
                if ind.get("id") == item.id:
                    values = [v for v in ind.get("values") or [] if isinstance(v, dict)]
                    shown = ", ".join(
                        f"{v.get('year')}: {loc.number(v.get('value'))}" for v in values[-3:]
                    )
                    parts.append(t["values"].format(value=shown or "–"))
        return t["state"].format(parts=" · ".join(parts)) if parts else ""

    # ---- the walk
    def run(self) -> WalkResult:
        items = self.agenda.items
        total = len(items)
        if not total:
            self.ui.say(self.t["none"])
            return self.result
        self.ui.say(self.t["start"].format(n=total), "bold")
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
                self.ui.item(item, number, total)
                state = self._state(review, item)
                if state:
                    self.ui.say("    " + state, "dim")
                actions = self._actions(item)
                keys = [f"{k} {self.keys[k]}" for k in actions] + [
                    self.keys["next"],
                    self.keys["q"],
                ]
                if not actions:
                    self.ui.say(self.t["no_actions"], "dim")
                while True:
                    answer = self._ask(f"{self.t['action']} ({' · '.join(keys)})").lower()
                    if answer == "":
                        break
                    if answer in ("q", "quit", "beenden"):
                        raise _Quit
                    if len(answer) == 1 and answer in actions:
                        try:
                            handlers[answer](review, item)
                        except _Cancel:
                            self.ui.say(self.t["cancelled"])
                        continue
                    self.ui.say(
                        self.t["unknown"].format(answer=answer, keys=", ".join(keys)), "yellow"
                    )
        except _Quit:
            self.result.quit = True
        return self.result

    def summary(self) -> None:
        saved = self.result.saved
        if not saved:
            self.ui.say(self.t["summary_none"], "bold")
            return
        head = self.t["summary_1"] if len(saved) == 1 else self.t["summary"].format(n=len(saved))
        self.ui.say(head, "bold")
        for s in saved:
            self.ui.say(f"  {s.file}: {s.change.describe()}")


class _Quit(Exception):
    """q, or the end of the input."""


# --------------------------------------------------------------------------- recording


def default_summary(lang: str, items: int, changes: int) -> str:
    t = TEXT.get(lang, TEXT["de"])

    def count(prefix: str, n: int) -> str:
        return (
            t[f"{prefix}_0"]
            if n == 0
            else t[f"{prefix}_1"]
            if n == 1
            else t[f"{prefix}_n"].format(n=n)
        )

    return t["record_summary"].format(
        items=count("items", items), changes=count("changes", changes)
    )


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
    set and not after today: then today plus the cycle), saved through the edit engine."""
    ed = load_for_edit(review.path, ws=ws, today=today, display=review.file)
    data = ed.data
    current = data.get("review") if isinstance(data.get("review"), dict) else {}
    nxt = parse_date(current.get("next"))
    cycle = current.get("cycle_months")
    next_review = (
        add_months(today, cycle)
        if nxt is not None and nxt <= today and valid_cycle(cycle)
        else None
    )
    if version is None and isinstance(data.get("version"), str):
        version = data["version"]
    ed.record_review(today, by=by, summary=summary, version=version, next_review=next_review)
    return save(ed).changes


def ask_who(ui: UI, review: ConceptReview, lang: str, default: str | None) -> str | None:
    """The contact id of who carried out the review (Enter: the default, if any)."""
    t = TEXT.get(lang, TEXT["de"])
    ids = [c["id"] for c in review.contacts]
    if not ids:
        return None
    while True:
        answer = ui.ask(t["by_q"].format(choices=", ".join(ids)), default or "").strip()
        if not answer:
            return None
        if answer in ids:
            return answer
        ui.say(
            t["by_bad"].format(answer=answer, concept=review.id, choices=", ".join(ids)), "yellow"
        )


__all__ = [
    "NEEDS_REASON",
    "TEXT",
    "UI",
    "RichUI",
    "Saved",
    "Walk",
    "WalkResult",
    "ask_who",
    "default_summary",
    "record",
]
