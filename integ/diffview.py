"""Changes in the coordinator's words: text, Markdown, JSON, the textconv outline,
and the rows of the council's Synopse."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Any

from . import i18n
from .diff import Change, flatten, is_text, summary, words
from .labels import Locale
from .markdown import Md, escape

#: the kinds of elements a diff names (``diff.kind.<kind>``, plural ``diff.kinds.<kind>``)
KINDS = (
    "concept",
    "field",
    "goal",
    "indicator",
    "measure",
    "actor",
    "network",
    "contact",
    "target_group",
    "figure",
    "review",
)
#: what happened to an element (``diff.op.<op>``)
OPS = ("added", "removed", "changed", "moved", "renamed", "reordered", "unchanged")
#: fields whose value is a year (never written with a thousands separator)
_YEARS = ("year", "baseline.year", "target.year", "period.start", "period.end")
#: fields whose value is a number of months
_MONTHS = ("cadence_months", "review.cycle_months")


def kind_label(kind: str, lang: str | None = None, plural: bool = False) -> str:
    msgid = f"diff.kinds.{kind}" if plural else f"diff.kind.{kind}"
    loc = Locale(lang)
    return loc.t(msgid) if i18n.has(msgid, loc.lang) else kind


def op_label(op: str, lang: str | None = None) -> str:
    return Locale(lang).t(f"diff.op.{op}")


def field_label(name: str, lang: str | None = None) -> str:
    loc = Locale(lang)
    if name.startswith("values["):
        return loc.t("diff.field.value_of", year=name[7:-1])
    msgid = f"diff.field.{name}"
    return loc.t(msgid) if i18n.has(msgid, loc.lang) else name.replace("_", " ")


#: the last part of a field name whose value is a date, a month or a year
_DATES = ("date", "start", "end", "until", "review_by", "last", "next", "year")
_ISO = re.compile(r"^\d{4}(-\d{2}){1,2}$")


def _enum(kind: str, value: Any, loc: Locale) -> str:
    """The word for an enumeration value; a value the format does not allow is shown
    as it was written and marked (never as the old value's word)."""
    if i18n.has(f"enum.{kind}.{value}", loc.lang):
        return loc.enum(kind, value)
    return loc.t("diff.invalid_value", value=str(value))


def _value(change: Change, value: Any, loc: Locale) -> str:
    if value is None or value == [] or value == "":
        return "–"
    last = change.field.rsplit(".", 1)[-1]
    if isinstance(value, dt.date) or (
        last in _DATES and isinstance(value, str) and _ISO.match(value)
    ):
        return loc.short_date(value.isoformat() if isinstance(value, dt.date) else value)
    if last in _DATES and isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # Zieljahr 2027, Beginn 2016: never 2.027
    if change.field in ("status",) and change.kind == "measure":
        return _enum("measure_status", value, loc)
    if change.field == "status" and change.kind == "concept":
        return _enum("status", value, loc)
    if change.field == "unit" and isinstance(value, str):
        return _enum("unit", value, loc)
    if change.field in ("direction", "level", "priority") and isinstance(value, str):
        return _enum(change.field, value, loc)
    if change.field == "budget.per" and isinstance(value, str):
        return _enum("budget_per", value, loc)
    if change.field == "type" and change.kind == "actor" and isinstance(value, str):
        return _enum("actor_type", value, loc)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return loc.t("label.yes") if value else loc.t("label.no")
    if isinstance(value, int) and change.field in _YEARS:
        return str(value)  # Zieljahr 2027, never 2.027
    if isinstance(value, int) and change.field in _MONTHS:
        return loc.tn("label.count.months", value)
    if change.field == "budget.amount" and isinstance(value, (int, float)):
        return loc.money(value)
    if isinstance(value, (int, float)):
        return loc.number(value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def describe(change: Change, loc: Locale, area_titles: dict[str, str] | None = None) -> str:
    """One sentence a coordinator understands."""
    lang = loc.lang
    kind = kind_label(change.kind, lang)
    title = f" {loc.quote(change.title)}" if change.title and change.kind != "concept" else ""
    who = f"{kind} {change.id}{title}" if change.kind != "concept" else kind
    op = op_label(change.op, lang)
    if change.op in ("added", "removed"):
        return f"{who}: {op}"
    if change.op == "renamed":
        return f"{who}: {op} ({loc.t('diff.formerly', old=change.old_id)})"
    if change.op == "reordered":
        return f"{kind_label(change.kind, lang, plural=True)}: {op}"
    name = field_label(change.field, lang)
    if change.field == "log":
        old = set(change.old or [])
        new = [e for e in change.new or [] if e not in old]
        if new:
            return f"{who}: {loc.t('diff.new_log', notes='; '.join(new))}"
    if change.op == "moved" and change.field == "field" and area_titles:
        return (
            f"{who}: {op}, {name} {area_titles.get(change.old, change.old)} → "
            f"{area_titles.get(change.new, change.new)}"
        )
    if is_text(change) and change.old and change.new:
        return f"{who}: {name} {op_label('changed', lang)}"
    return f"{who}: {name} {_value(change, change.old, loc)} → {_value(change, change.new, loc)}"


@dataclass
class ConceptDiff:
    """The diff of one concept, with where both sides came from."""

    old_ref: str
    old_path: str
    old_version: str
    new_ref: str
    new_path: str
    new_version: str
    changes: list[Change]
    old: dict[str, Any] = field(default_factory=dict)
    new: dict[str, Any] = field(default_factory=dict)
    #: where and why a side does not parse (then nothing is compared): integ.history
    old_problem: str = ""
    new_problem: str = ""
    #: the commit date of a revision side ("" for the working tree), and whether the
    #: revision is exactly a named version (a tag, the adopted.ref): integ.history
    old_date: str = ""
    new_date: str = ""
    old_exact: bool = False
    new_exact: bool = False

    def as_dict(self) -> dict[str, Any]:
        out = {
            "old": {"ref": self.old_ref, "path": self.old_path, "version": self.old_version},
            "new": {"ref": self.new_ref, "path": self.new_path, "version": self.new_version},
            "changes": [c.as_dict() for c in self.changes],
            "summary": summary(self.changes),
        }
        for side, problem in (("old", self.old_problem), ("new", self.new_problem)):
            if problem:
                out[side].update(readable=False, problem=problem)  # type: ignore[attr-defined]
        return out

    def sides(self) -> tuple[str, str]:
        """What the headline names as the two sides: the revisions, or the two files
        when both are files on disk (``integ diff alt.yaml neu.yaml``)."""
        if self.old_ref == self.new_ref == "WORKTREE" and self.old_path != self.new_path:
            return self.old_path, self.new_path
        return self.old_ref, self.new_ref

    def notes(self) -> list[str]:
        """What the reader must know before the changes: a side that did not parse."""
        from .i18n import t

        out = []
        if self.old_problem:
            out.append(t("history.old-unreadable", ref=self.old_ref, problem=self.old_problem))
        if self.new_problem:
            out.append(t("history.new-unreadable", ref=self.new_ref, problem=self.new_problem))
        return out

    def area_titles(self) -> dict[str, str]:
        titles = {}
        for data in (self.old, self.new):
            for key, item in flatten(data).items.items():
                if key[0] == "field":
                    titles[key[1]] = str(item.attrs.get("title", key[1]))
        return titles


def without_private_contacts(d: ConceptDiff, reordered: bool = False) -> ConceptDiff:
    """The diff for a public audience (pull-request comments, CI summaries, the
    Synopse): both sides go through the privacy filter first and are diffed again, so
    that nothing of a contact that is not public on a side can show (a contact made
    private and given a new e-mail in one change shows as removed, without the new
    address)."""
    from dataclasses import replace

    from .diff import diff
    from .privacy import for_audience

    old, new = for_audience(d.old), for_audience(d.new)
    unreadable = bool(d.old_problem or d.new_problem)  # then nothing is compared
    changes = [] if unreadable else diff(old, new, reordered=reordered)
    return replace(d, changes=changes, old=old, new=new)


def private_changes(diffs: list[ConceptDiff]) -> int:
    """How many changes a public audience would not see (the filter leaves them out)."""
    n = 0
    for d in diffs:
        shown = without_private_contacts(d, reordered=True).changes
        n += sum(1 for c in d.changes if c not in shown)
    return n


def audience_diffs(
    diffs: list[ConceptDiff],
    audience: str | None,
    lang: str,
    reordered: bool = False,
    synopse: bool = False,
) -> tuple[list[ConceptDiff], str]:
    """``integ diff --audience``: ``public`` (the default for the Synopse) puts every
    diff through the privacy filter; ``internal`` (the default on screen) keeps
    everything and gives the notice that says so when anything private is in it."""
    from .i18n import tn, using

    chosen = audience or ("public" if synopse else "internal")
    if chosen != "internal":
        return [without_private_contacts(d, reordered) for d in diffs], ""
    n = private_changes(diffs)
    if not n:
        return diffs, ""
    with using(lang):
        return diffs, tn("privacy.diff-internal", n)


def short_summary(changes: list[Change], lang: str | None = None) -> str:
    """'2 Maßnahmen neu, 1 Status geändert' — for integ log."""
    counts: Counter[tuple[str, str]] = Counter()
    status = 0
    values = 0
    for c in changes:
        if c.op == "changed" and c.field == "status":
            status += 1
        elif c.op == "changed" and c.field.startswith("values["):
            values += 1
        elif c.op != "changed":
            counts[(c.kind, c.op)] += 1
    edited = Counter(
        c.kind
        for c in changes
        if c.op == "changed" and c.field != "status" and not c.field.startswith("values[")
    )
    loc = Locale(lang)
    parts = []
    for (kind, op), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        parts.append(f"{_count(loc, kind, n)} {op_label(op, loc.lang)}")
    if status:
        parts.append(loc.tn("diff.count.status_changed", status))
    if values:
        parts.append(loc.tn("count.value", values))
    for kind, n in sorted(edited.items(), key=lambda kv: (-kv[1], kv[0])):
        parts.append(loc.t("diff.edited", what=_count(loc, kind, n)))
    if not parts:
        return loc.t("diff.no_change_short")
    return ", ".join(parts)


def _count(loc: Locale, kind: str, n: int) -> str:
    """'2 Maßnahmen', '1 measure'."""
    msgid = f"diff.count.{kind}"
    return loc.tn(msgid, n) if i18n.has(msgid, loc.lang) else f"{n} {kind}"


def _grouped(d: ConceptDiff) -> list[tuple[str, list[Change]]]:
    titles = d.area_titles()
    groups: dict[str, list[Change]] = {}
    for c in d.changes:
        groups.setdefault(titles.get(c.area, "") if c.area else "", []).append(c)
    order = list(titles.values())
    return sorted(
        groups.items(), key=lambda kv: (kv[0] != "", order.index(kv[0]) if kv[0] in order else 99)
    )


def write_text(diffs: list[ConceptDiff], out: IO[str], loc: Locale) -> None:
    import os

    from rich.console import Console
    from rich.markup import escape as rescape

    console = Console(
        file=out, highlight=False, soft_wrap=True, no_color=bool(os.environ.get("NO_COLOR"))
    )
    general = loc.t("diff.general")
    for d in diffs:
        head = d.new_path or d.old_path
        console.print(
            f"[bold]{rescape(head)}[/]  {rescape(d.sides()[0])} → {rescape(d.sides()[1])}"
            f"  ({loc.labels['version']} {rescape(d.old_version or '–')} → "
            f"{rescape(d.new_version or '–')})"
        )
        for note in d.notes():
            console.print(f"  [bold yellow]{rescape(note)}[/]")
        if not d.changes and not d.notes():
            console.print("  " + rescape(loc.t("diff.no_changes_short")))
        titles = d.area_titles()
        for area, changes in _grouped(d):
            console.print(f"  [underline]{rescape(area or general)}[/]")
            for c in changes:
                style = {"added": "green", "removed": "red"}.get(c.op, "yellow")
                console.print(f"    [{style}]{rescape(describe(c, loc, titles))}[/]")
                if is_text(c) and c.old and c.new:
                    console.print("      " + _rich_words(c))
        console.print()
    total = sum(len(d.changes) for d in diffs)
    console.print(rescape(loc.tn("count.change", total)))


def _rich_words(change: Change) -> str:
    from rich.markup import escape as rescape

    out = []
    for tag, text in words(change.old, change.new):
        if tag == "equal":
            out.append(rescape(text))
        elif tag == "delete":  # markers too, so that it reads without colour
            out.append(f"[red strike]\\[-{rescape(text)}-][/]")
        else:
            out.append(f"[green underline]{{+{rescape(text)}+}}[/]")
    return "".join(out)


def _md_text(text: str) -> str:
    return str(escape(text))


def markdown_words(change: Change) -> str:
    """Word difference in Markdown: ~~deleted~~ and **inserted**."""
    marks = {"equal": ("", ""), "delete": ("~~", "~~"), "insert": ("**", "**")}
    return "".join(_wrap(text, *marks[tag]) for tag, text in words(change.old, change.new)).strip()


def write_markdown(diffs: list[ConceptDiff], out: IO[str], loc: Locale) -> None:
    for d in diffs:
        out.write(f"### {_md_text(d.new_path or d.old_path)}\n\n")
        out.write(
            f"{_md_text(d.sides()[0])} → {_md_text(d.sides()[1])}, "
            f"{loc.labels['version']} {_md_text(d.old_version or '–')} → "
            f"{_md_text(d.new_version or '–')}\n\n"
        )
        for note in d.notes():
            out.write(f"**{_md_text(note)}**\n\n")
        if not d.changes:
            if not d.notes():
                out.write(_md_text(loc.t("diff.no_changes")) + "\n\n")
            continue
        titles = d.area_titles()
        for area, changes in _grouped(d):
            out.write(f"**{_md_text(area or loc.t('diff.general'))}**\n\n")
            for c in changes:
                line = _md_text(describe(c, loc, titles))
                if is_text(c) and c.old and c.new:
                    line += ": " + markdown_words(c)
                out.write(f"- {line}\n")
            out.write("\n")
        counts = summary(d.changes)
        out.write(
            ", ".join(f"{n} {op_label(op, loc.lang)}" for op, n in counts.items() if n) + "\n\n"
        )


def write_json(diffs: list[ConceptDiff], out: IO[str], single: bool) -> None:
    if single and len(diffs) == 1:
        data: dict[str, Any] = diffs[0].as_dict()
    else:
        total = {op: 0 for op in summary([])}
        for d in diffs:
            for op, n in summary(d.changes).items():
                total[op] += n
        data = {"concepts": [d.as_dict() for d in diffs], "summary": total}
    json.dump(data, out, ensure_ascii=False, indent=2, default=str)
    out.write("\n")


# --------------------------------------------------------------------------- textconv


def outline(concept: dict[str, Any]) -> str:
    """A stable, readable form of a concept for git's textconv: one block per element,
    sorted by kind and id, independent of YAML formatting and order."""
    order = list(KINDS)
    flat = flatten(concept)
    lines = []
    for key in sorted(flat.items, key=lambda k: (order.index(k[0]) if k[0] in order else 99, k[1])):
        item = flat.items[key]
        lines.append(f"{kind_label(key[0])} {key[1]}")
        if item.parent:
            lines.append(f"  {i18n.t('diff.belongs_to', parent=item.parent)}")
        for name, value in item.attrs.items():
            text = (
                value
                if isinstance(value, str)
                else json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
            )
            for i, part in enumerate(str(text).splitlines() or [""]):
                lines.append(f"  {name}: {part}" if i == 0 else f"    {part}")
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------- Synopse


#: the elements the Synopse has rows for
SYNOPSE_KINDS = (
    "concept",
    "field",
    "goal",
    "indicator",
    "measure",
    "network",
    "target_group",
    "figure",
)
#: fields of the concept that are bookkeeping, not content the council decides on
_BOOKKEEPING = {("concept", "review.last"), ("concept", "review.next"), ("network", "meetings")}


def _raw_items(data: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """Every element of a concept the Synopse shows, as written, by (kind, id)."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    if not isinstance(data, dict):
        return out
    out[("concept", str(data.get("id", "")))] = data

    def dicts(value: Any) -> list[dict[str, Any]]:
        return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []

    for f in dicts(data.get("fields")):
        out.setdefault(("field", str(f.get("id", ""))), f)
        for g in dicts(f.get("goals")):
            out.setdefault(("goal", str(g.get("id", ""))), g)
            for ind in dicts(g.get("indicators")):
                out.setdefault(("indicator", str(ind.get("id", ""))), ind)
    for m in dicts(data.get("measures")):
        out.setdefault(("measure", str(m.get("id", ""))), m)
    return out


def _plain(text: Any) -> str:
    return " ".join(str(text or "").split())


def _log_entries(item: dict[str, Any] | None) -> list[tuple[str, str]]:
    log = item.get("log") if isinstance(item, dict) else None
    return [
        (str(e.get("date") or ""), _plain(e.get("note")))
        for e in (log if isinstance(log, list) else [])
        if isinstance(e, dict) and _plain(e.get("note"))
    ]


def _entry(loc: Locale, entry: tuple[str, str]) -> str:
    date, note = entry
    return f"{loc.short_date(date)}: {note}" if date else note


def reason(
    kind: str,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
    loc: Locale,
) -> str:
    """The Erläuterung of a row: the element's ``change_note`` when it is new since the
    old version (written for this change), else a measure's Sachstände that are new in
    the period, else for a removed measure the reason of its status or its last
    Sachstand; "" otherwise."""
    note = _plain((new or {}).get("change_note"))
    if note and note != _plain((old or {}).get("change_note")):
        return note
    if kind != "measure":
        return ""
    if new is not None:
        before = set(_log_entries(old))
        fresh = [e for e in _log_entries(new) if e not in before]
        return "; ".join(_entry(loc, e) for e in fresh)
    if old is not None:
        if _plain(old.get("status_reason")):
            return _plain(old.get("status_reason"))
        entries = _log_entries(old)
        return _entry(loc, entries[-1]) if entries else ""
    return ""


def removal_label(kind: str, old: dict[str, Any] | None, loc: Locale) -> str:
    """How an element left the concept: a completed measure is "abgeschlossen, entfernt",
    anything else that is removed is "gestrichen"."""
    if kind == "measure" and isinstance(old, dict) and old.get("status") == "completed":
        return loc.t("synopse.op.completed_removed")
    return op_label("removed", loc.lang)


def side_label(d: ConceptDiff, side: str, loc: Locale, today: Any) -> str:
    """A side of the Synopse in the council's words: "Fassung 2.0 vom 18.07.2023",
    "Fassung 2.0 vom 18.07.2023, Stand 15.01.2026", "Entwurf vom 02.12.2026",
    "Entwurf der Fassung 2.1 vom 02.12.2026", "keine frühere Fassung" — never a git
    revision."""
    from .git import WORKTREE

    data = d.old if side == "old" else d.new
    other = d.new if side == "old" else d.old
    ref = d.old_ref if side == "old" else d.new_ref
    commit_date = d.old_date if side == "old" else d.new_date
    exact = d.old_exact if side == "old" else d.new_exact
    if not data:
        return loc.t("synopse.side.none_old" if side == "old" else "synopse.side.none_new")
    version = str(data.get("version") or "")
    found, other_found = data.get("adopted"), other.get("adopted")
    adopted: dict[str, Any] = found if isinstance(found, dict) else {}
    other_adopted: dict[str, Any] = other_found if isinstance(other_found, dict) else {}
    adopted_on = adopted.get("date")
    is_adopted = data.get("status") in ("adopted", "superseded") and bool(adopted_on)
    day = today.isoformat() if ref == WORKTREE else (commit_date or today.isoformat())
    if ref == WORKTREE:
        if is_adopted and str(adopted_on) != str(other_adopted.get("date")):
            return loc.t("synopse.side.adopted", version=version, date=adopted_on)
    elif is_adopted:
        if exact or not commit_date:
            return loc.t("synopse.side.adopted", version=version, date=adopted_on)
        return loc.t(
            "synopse.side.adopted_state", version=version, date=adopted_on, state=commit_date
        )
    if version and version != str(other.get("version") or ""):
        return loc.t("synopse.side.draft_version", version=version, date=day)
    return loc.t("synopse.side.draft", date=day)


def synopse_rows(
    d: ConceptDiff, loc: Locale, unchanged: bool = False, audience: str = "public"
) -> list[dict[str, Any]]:
    """Rows of the council's Synopse: one per changed element (the concept itself, its
    fields of action, goals, indicators and measures), old | new | kind of change |
    Erläuterung, with word-level insertions (underlined) and deletions (struck through).
    New Sachstände are no change of the text: they fill the Erläuterung."""
    old_flat, new_flat = flatten(d.old), flatten(d.new)
    old_raw, new_raw = _raw_items(d.old), _raw_items(d.new)
    titles = d.area_titles()
    general = loc.t("diff.general")
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for c in d.changes:
        if c.kind not in SYNOPSE_KINDS or (c.kind, c.field) in _BOOKKEEPING:
            continue
        key = (c.kind, c.id)
        old_key = (c.kind, c.old_id) if c.op == "renamed" else key
        row = rows.setdefault(
            key,
            {
                "area": titles.get(c.area, "") if c.area else general,
                "kind": kind_label(c.kind, loc.lang),
                "id": "" if c.kind == "concept" else c.id,
                "title": "",
                "old": [],
                "new": [],
                "ops": [],
                "reason": reason(c.kind, old_raw.get(old_key), new_raw.get(key), loc),
                "whole": False,  # added or removed: the title stands in a column
            },
        )
        if c.field == "log" and c.op == "changed":
            continue  # the Sachstände are shown as the Erläuterung
        if c.op == "removed":
            op = removal_label(c.kind, old_raw.get(key), loc)
        else:
            op = op_label(c.op, loc.lang)
        if op not in row["ops"]:
            row["ops"].append(op)
        if c.op == "added":
            row["whole"] = True
            row["new"].append(escape(_title_of(new_flat, key)))
        elif c.op == "removed":
            row["whole"] = True
            row["old"].append(Md(f"~~{escape(_title_of(old_flat, key))}~~"))
        elif c.op == "renamed":
            row["whole"] = True
            row["old"].append(escape(f"{c.old_id}: {_title_of(old_flat, (c.kind, c.old_id))}"))
            row["new"].append(escape(f"{c.id}: {_title_of(new_flat, key)}"))
        else:
            name = escape(field_label(c.field, loc.lang))
            if is_text(c) and c.old and c.new:
                old_md, new_md = _marked(c)
                row["old"].append(Md(f"{name}: {old_md}"))
                row["new"].append(Md(f"{name}: {new_md}"))
            else:
                row["old"].append(Md(f"{name}: ~~{escape(_value(c, c.old, loc))}~~"))
                row["new"].append(Md(f"{name}: [{escape(_value(c, c.new, loc))}]{{.underline}}"))
    for key, row in rows.items():
        if not row["ops"]:  # only new Sachstände: the element as it stands
            row["ops"].append(loc.t("synopse.op.log"))
            row["old"].append(escape(_title_of(old_flat, key)))
            row["new"].append(escape(_title_of(new_flat, key)))
            row["whole"] = True
        if not row["whole"] and key[0] != "concept":
            row["title"] = _title_of(new_flat, key)
    if unchanged:
        for key, item in new_flat.items.items():
            if key[0] in SYNOPSE_KINDS[1:] and key not in rows and key in old_flat.items:
                rows[key] = {
                    "area": titles.get(item.area, ""),
                    "kind": kind_label(key[0], loc.lang),
                    "id": key[1],
                    "title": "",
                    "old": [escape(_title_of(old_flat, key))],
                    "new": [escape(_title_of(new_flat, key))],
                    "ops": [op_label("unchanged", loc.lang)],
                    "reason": "",
                    "whole": True,
                }
    out = []
    for row in rows.values():
        element = " ".join(x for x in (row["kind"], row["id"]) if x)
        if row["title"]:
            element += f": {row['title']}"
        out.append(
            {
                **row,
                "element": element,
                "old": Md(" / ".join(row["old"])) if row["old"] else Md("–"),
                "new": Md(" / ".join(row["new"])) if row["new"] else Md("–"),
                "op": ", ".join(row["ops"]),
            }
        )
    order = [general, *titles.values()]
    kinds = [kind_label(k, loc.lang) for k in SYNOPSE_KINDS]
    out.sort(
        key=lambda r: (
            order.index(r["area"]) if r["area"] in order else len(order),
            kinds.index(r["kind"]),
            r["id"],
        )
    )
    return out


def _title_of(flat: Any, key: tuple[str, str]) -> str:
    item = flat.items.get(key)
    if item is None:
        return key[1]
    for name in ("title", "name", "label"):
        if isinstance(title := item.attrs.get(name), str):
            return title
    return key[1]


def _wrap(text: str, before: str = "", after: str = "") -> str:
    """Escaped text with markup around its words and its outer spaces kept outside."""
    if not text.strip():
        return " " if text else ""
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return f"{lead}{before}{escape(text)}{after}{trail}"


def _marked(change: Change) -> tuple[str, str]:
    old, new = [], []
    for tag, text in words(change.old, change.new):
        if tag == "equal":
            old.append(_wrap(text))
            new.append(_wrap(text))
        elif tag == "delete":
            old.append(_wrap(text, "~~", "~~"))
        else:
            new.append(_wrap(text, "[", "]{.underline}"))
    return "".join(old).strip(), "".join(new).strip()
