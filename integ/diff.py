"""The semantic diff: two concepts in, change records out (pure, no I/O).

Items are matched by ``id``, never by position. An item whose id changed but whose
content is the same is *renamed*: a removed and an added item of the same kind pair up
when the Jaccard similarity of the words of their content is at least
``RENAME_THRESHOLD`` (0.6), best pairs first. A goal that changes its field of action,
an indicator that changes its goal, and a measure whose goals change are *moved*.
``diff(a, a)`` is empty and ``diff(b, a)`` mirrors ``diff(a, b)``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

RENAME_THRESHOLD = 0.6
TEXT_FIELDS = {
    "title",
    "description",
    "summary",
    "vision",
    "situation",
    "status_reason",
    "name",
    "label",
    "source",
    "note",
    "role",
}

OPS = ("added", "removed", "changed", "moved", "renamed", "reordered")


@dataclass(frozen=True)
class Change:
    op: str
    kind: str
    id: str
    title: str = ""
    field: str = ""
    old: Any = None
    new: Any = None
    old_id: str = ""
    area: str = ""  # the field of action it belongs to, for grouping

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"op": self.op, "kind": self.kind, "id": self.id}
        if self.op in ("added", "removed", "renamed") and self.title:
            out["title"] = self.title
        if self.op == "renamed":
            out["old_id"] = self.old_id
        if self.op in ("changed", "moved", "reordered"):
            out.update(field=self.field, old=self.old, new=self.new)
        if self.area:
            out["area"] = self.area
        return out

    def mirrored(self) -> Change:
        op = {"added": "removed", "removed": "added"}.get(self.op, self.op)
        if self.op == "renamed":
            return replace(self, id=self.old_id, old_id=self.id)
        return replace(self, op=op, old=self.new, new=self.old)


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


@dataclass
class Item:
    kind: str
    id: str
    attrs: dict[str, Any]
    parent: str = ""  # field of a goal, goal of an indicator
    area: str = ""
    order: int = 0


@dataclass
class Flat:
    items: dict[tuple[str, str], Item] = field(default_factory=dict)


_CONCEPT_KEYS = (
    "title",
    "version",
    "status",
    "vision",
    "period",
    "review",
    "adopted",
    "municipality",
)


def flatten(concept: dict[str, Any]) -> Flat:
    """Every item of a concept by (kind, id)."""
    flat = Flat()
    if not isinstance(concept, dict):
        return flat

    def add(item: Item) -> None:
        flat.items.setdefault((item.kind, item.id), item)

    attrs = {k: concept.get(k) for k in _CONCEPT_KEYS if k in concept}
    situation = concept.get("situation")
    if isinstance(situation, dict) and "text" in situation:
        attrs["situation"] = situation.get("text")
    add(Item("concept", str(concept.get("id", "")), attrs))
    goal_field: dict[str, str] = {}
    for i, f in enumerate(_dicts(concept.get("fields"))):
        fid = str(f.get("id", ""))
        add(
            Item(
                "field",
                fid,
                {k: v for k, v in f.items() if k not in ("id", "goals")},
                area=fid,
                order=i,
            )
        )
        for j, g in enumerate(_dicts(f.get("goals"))):
            gid = str(g.get("id", ""))
            goal_field[gid] = fid
            add(
                Item(
                    "goal",
                    gid,
                    {k: v for k, v in g.items() if k not in ("id", "indicators")},
                    parent=fid,
                    area=fid,
                    order=j,
                )
            )
            for k, ind in enumerate(_dicts(g.get("indicators"))):
                a = {key: v for key, v in ind.items() if key not in ("id", "values")}
                for v in _dicts(ind.get("values")):
                    a[f"values[{v.get('year')}]"] = v.get("value")
                add(Item("indicator", str(ind.get("id", "")), a, parent=gid, area=fid, order=k))
    for i, m in enumerate(_dicts(concept.get("measures"))):
        goals = got if isinstance(got := m.get("goals"), list) else []
        area = next((goal_field[g] for g in goals if g in goal_field), "")
        a = {k: v for k, v in m.items() if k not in ("id", "log")}
        logs = _dicts(m.get("log"))
        a["log"] = [f"{e.get('date')}: {e.get('note')}" for e in logs]
        add(Item("measure", str(m.get("id", "")), a, area=area, order=i))
    for kind, key in (
        ("actor", "actors"),
        ("network", "networks"),
        ("contact", "contacts"),
        ("target_group", "target_groups"),
    ):
        for i, x in enumerate(_dicts(concept.get(key))):
            add(
                Item(kind, str(x.get("id", "")), {k: v for k, v in x.items() if k != "id"}, order=i)
            )
    if isinstance(situation, dict):
        for i, x in enumerate(_dicts(situation.get("figures"))):
            add(
                Item(
                    "figure",
                    str(x.get("id", "")),
                    {k: v for k, v in x.items() if k != "id"},
                    order=i,
                )
            )
    for i, r in enumerate(_dicts(concept.get("reviews"))):
        add(
            Item(
                "review",
                str(r.get("date", i)),
                {k: v for k, v in r.items() if k != "date"},
                order=i,
            )
        )
    return flat


_WORD = re.compile(r"\w+", re.UNICODE)


def _words(item: Item) -> set[str]:
    out: set[str] = set()
    for value in item.attrs.values():
        out.update(w.lower() for w in _WORD.findall(str(value)))
    return out


def similarity(a: Item, b: Item) -> float:
    wa, wb = _words(a), _words(b)
    if not wa and not wb:
        return 1.0
    return len(wa & wb) / len(wa | wb)


def _title(item: Item) -> str:
    for key in ("title", "name", "label", "summary"):
        if isinstance(title := item.attrs.get(key), str):
            return title
    return ""


def _compare(
    kind: str,
    ident: str,
    old: Item,
    new: Item,
    area: str,
    renamed: dict[tuple[str, str], str] | None = None,
) -> Iterator[Change]:
    renamed = renamed or {}
    parent_kind = "field" if kind == "goal" else "goal"
    old_parent = renamed.get((parent_kind, old.parent), old.parent)
    if kind in ("goal", "indicator") and old_parent != new.parent:
        yield Change(
            "moved",
            kind,
            ident,
            _title(new),
            "field" if kind == "goal" else "goal",
            old.parent,
            new.parent,
            area=area,
        )
    keys = list(dict.fromkeys([*old.attrs, *new.attrs]))
    for key in keys:
        if key == "change_note":  # says why something changed; not a change itself
            continue
        a, b = old.attrs.get(key), new.attrs.get(key)
        if (
            kind == "measure"
            and key == "goals"
            and isinstance(a, list)
            and [renamed.get(("goal", g), g) for g in a] == b
        ):
            continue  # only the ids of its goals were renamed
        if a == b:
            continue
        if kind == "measure" and key == "goals":
            yield Change("moved", kind, ident, _title(new), "goals", a, b, area=area)
        elif isinstance(a, dict) and isinstance(b, dict):
            for sub in dict.fromkeys([*a, *b]):
                if a.get(sub) != b.get(sub):
                    yield Change(
                        "changed",
                        kind,
                        ident,
                        _title(new),
                        f"{key}.{sub}",
                        a.get(sub),
                        b.get(sub),
                        area=area,
                    )
        else:
            yield Change("changed", kind, ident, _title(new), key, a, b, area=area)


def diff(old: dict[str, Any], new: dict[str, Any], reordered: bool = False) -> list[Change]:
    """What changed from ``old`` to ``new``, item by item."""
    return diff_flat(flatten(old), flatten(new), reordered)


def diff_flat(a: Flat, b: Flat, reordered: bool = False) -> list[Change]:
    """``diff`` of two flattened concepts (flatten once when diffing many revisions)."""
    removed = [k for k in a.items if k not in b.items]
    added = [k for k in b.items if k not in a.items]
    renames: dict[tuple[str, str], tuple[str, str]] = {}
    pairs = []
    for r in removed:
        for n in added:
            if r[0] == n[0] and r[0] not in ("concept", "review"):
                score = similarity(a.items[r], b.items[n])
                if score >= RENAME_THRESHOLD:
                    pairs.append((-score, min(r[1], n[1]), max(r[1], n[1]), r, n))
    used: set[tuple[str, str]] = set()
    for _score, _x, _y, r, n in sorted(pairs):
        if r in used or n in used:
            continue
        used.update((r, n))
        renames[r] = n
    renamed_ids = {old: new[1] for old, new in renames.items()}
    changes: list[Change] = []
    for key, old_item in a.items.items():
        kind, ident = key
        if key in b.items:
            new_item = b.items[key]
            changes += _compare(
                kind, ident, old_item, new_item, new_item.area or old_item.area, renamed_ids
            )
        elif key in renames:
            new_key = renames[key]
            new_item = b.items[new_key]
            area = new_item.area or old_item.area
            changes.append(
                Change("renamed", kind, new_key[1], _title(new_item), old_id=ident, area=area)
            )
            changes += _compare(kind, new_key[1], old_item, new_item, area, renamed_ids)
        else:
            changes.append(Change("removed", kind, ident, _title(old_item), area=old_item.area))
    for key, new_item in b.items.items():
        if key not in a.items and key not in renames.values():
            changes.append(Change("added", key[0], key[1], _title(new_item), area=new_item.area))
    if reordered:
        changes += _reorders(a, b)
    return changes


def _reorders(a: Flat, b: Flat) -> list[Change]:
    out = []
    for kind in ("field", "goal", "measure", "indicator"):
        old = [
            k[1]
            for k, v in sorted(a.items.items(), key=lambda kv: kv[1].order)
            if k[0] == kind and k in b.items
        ]
        new = [
            k[1]
            for k, v in sorted(b.items.items(), key=lambda kv: kv[1].order)
            if k[0] == kind and k in a.items
        ]
        if old != new:
            out.append(Change("reordered", kind, "*", field="order", old=old, new=new))
    return out


def summary(changes: list[Change]) -> dict[str, int]:
    counts = {op: 0 for op in OPS if op != "reordered"}
    for c in changes:
        if c.op in counts:
            counts[c.op] += 1
    return counts


_TOKENS = re.compile(r"\w+|[^\w\s]|\s+", re.UNICODE)


def words(old: Any, new: Any) -> list[tuple[str, str]]:
    """A word-level difference: [('equal'|'delete'|'insert', text), ...]."""
    a = _TOKENS.findall("" if old is None else str(old))
    b = _TOKENS.findall("" if new is None else str(new))
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(("equal", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("delete", "".join(a[i1:i2])))
            if j2 > j1:
                out.append(("insert", "".join(b[j1:j2])))
    return out


def is_text(change: Change) -> bool:
    return change.field.split(".")[0] in TEXT_FIELDS and (
        isinstance(change.old, str) or isinstance(change.new, str)
    )
