"""The rule registry.

A rule is a function that looks at one concept and yields ``Hit``s; its docstring is
the user documentation that ``integ rules`` prints (what, why, a failing and a passing
example). Rules are registered by hand in ``ALL`` below, one family per module.
Rules whose findings come from the loader or the schema (syntax, types, unknown keys)
are registered here too (``documented``), so that their severity can be set and they
are documented.

**Findings are data.** A ``Hit`` carries a message id of the catalogue
(``finding.<rule>`` or ``finding.<rule>.<variant>``, domain ``findings``), the
``params`` the text needs (plain JSON values; dates as ``YYYY-MM-DD``) and the
``subject`` (``Subject(kind, id)``, kinds: concept, field, goal, indicator, measure,
actor, contact, target_group, figure, network, meeting, review). Words are made only
when output is written. Conventions every rule keeps:

* ``params["id"]``: the id of the subject (``#3`` for the third item when it has no
  valid id; the subject's id is then None); no titles (they are not part of what is
  wrong, and params are part of ``Finding.identity()``);
* ``params["due"]``: every date rule's due date (``YYYY-MM-DD``); review reads it;
* ``params["suggestion"]``: the "did you mean" value, in the ``.suggest`` variants.

**Documentation in the catalogue.** ``integ rules`` shows ``ruledoc.<rule>.summary``
and ``ruledoc.<rule>.why`` in the current language when the catalogue has them (any
domain), else the first line and the "Why:" paragraph of the docstring; the "Bad:" and
"Good:" examples always come from the docstring. ``documented(...)`` rules follow the
same convention.
"""

from __future__ import annotations

import datetime as dt
import difflib
import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from ..problems import ERROR, WARNING, Subject

if TYPE_CHECKING:
    from ..workspace import Workspace
    from ..yaml_io import Document


class Hit(NamedTuple):
    """What a rule found: where (``path``), which message (an id of the catalogue, with
    its ``params``), and which element it is about (``subject``: kind and id)."""

    path: tuple[Any, ...]
    message: str  # the message id (``finding.<rule>[.<variant>]``)
    key: bool = False
    params: dict[str, Any] | None = None
    subject: Subject | None = None

    @property
    def message_id(self) -> str:
        return self.message


Check = Callable[["Context"], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    name: str
    severity: str
    check: Check | None
    doc: str

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.name


@dataclass
class Context:
    """What a rule may look at: one concept, the workspace around it, and today."""

    doc: Document
    data: dict[str, Any]
    stem: str
    today: dt.date
    workspace: Workspace
    _ids: dict[str, list[tuple[str, tuple[Any, ...]]]] | None = field(default=None)

    # ---- safe access to data that may have the wrong types
    def items(self, *path: Any) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
        """(path, mapping) for every mapping in the list at ``path``."""
        seq = self.get(*path)
        if isinstance(seq, list):
            for i, item in enumerate(seq):
                if isinstance(item, dict):
                    yield (*path, i), item

    def get(self, *path: Any) -> Any:
        node: Any = self.data
        for part in path:
            if isinstance(part, int):
                if not isinstance(node, list) or not 0 <= part < len(node):
                    return None
            elif not isinstance(node, dict):
                return None
            node = node[part] if isinstance(part, int) else node.get(part)
        return node

    def goals(self) -> Iterator[tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]]:
        """(path, goal, field) for every goal of every field of action."""
        for fpath, fld in self.items("fields"):
            for gpath, goal in self.items(*fpath, "goals"):
                yield gpath, goal, fld

    def indicators(self) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
        for gpath, _goal, _fld in self.goals():
            yield from self.items(*gpath, "indicators")

    def measures(self) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
        return self.items("measures")

    @property
    def ids(self) -> dict[str, list[tuple[str, tuple[Any, ...]]]]:
        """Every id of the concept: id -> [(kind, path of the item)]."""
        if self._ids is None:
            found: dict[str, list[tuple[str, tuple[Any, ...]]]] = {}

            def add(kind: str, path: tuple[Any, ...], item: dict[str, Any]) -> None:
                ident = item.get("id")
                if isinstance(ident, str):
                    found.setdefault(ident, []).append((kind, path))

            for fpath, fld in self.items("fields"):
                add("field", fpath, fld)
            for gpath, goal, _ in self.goals():
                add("goal", gpath, goal)
                for ipath, ind in self.items(*gpath, "indicators"):
                    add("indicator", ipath, ind)
            for kind, key in (
                ("measure", ("measures",)),
                ("actor", ("actors",)),
                ("contact", ("contacts",)),
                ("target group", ("target_groups",)),
                ("figure", ("situation", "figures")),
                ("network", ("networks",)),
            ):
                for path, item in self.items(*key):
                    add(kind, path, item)
            self._ids = found
        return self._ids

    def ids_of(self, kind: str) -> set[str]:
        return {i for i, where in self.ids.items() if any(k == kind for k, _ in where)}


def suggest(word: Any, candidates: Iterable[str], max_edits: int | None = None) -> str | None:
    """The closest candidate to ``word`` ("did you mean"), or None; an id that differs
    only by umlauts or ß is always suggested. With ``max_edits``, only a candidate at
    most that many edits away (letters added, dropped, changed or swapped) counts:
    `vhs-rastat` → `vhs-rastatt`, `Z-9` → `Z-1`, but not `caritas-x` → `vhs-x`."""
    if not isinstance(word, str):
        return None
    pool = [c for c in candidates if isinstance(c, str)]
    plain = transliterate(word)
    if plain != word and plain in pool:
        return plain
    if max_edits is not None:
        near = sorted((edits(word, c), c) for c in pool)
        return near[0][1] if near and near[0][0] <= max_edits else None
    close = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    return close[0] if close else None


def edits(a: str, b: str) -> int:
    """The optimal string alignment distance (Damerau–Levenshtein) of two strings."""
    if abs(len(a) - len(b)) > 3:
        return 4 + abs(len(a) - len(b))
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, prev2[j - 2] + 1)
            row.append(value)
        prev2, prev = prev, row
    return prev[-1]


def did_you_mean(word: Any, candidates: Iterable[str]) -> str:
    """English " (did you mean 'x'?)" for callers outside the rules that still build
    their own text; rules put ``suggest(...)`` into ``params["suggestion"]``."""
    close = suggest(word, candidates)
    return f" (did you mean '{close}'?)" if close else ""


_UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}


def transliterate(text: str) -> str:
    """An id without umlauts, ß and accents, spaces as '-': 'vhs-müsterstadt' →
    'vhs-muesterstadt', 'Straße' → 'Strasse', 'café' → 'cafe'."""
    import unicodedata

    out = "".join(_UMLAUTS.get(ch, ch) for ch in text)
    out = unicodedata.normalize("NFKD", out).encode("ascii", "ignore").decode("ascii")
    return "-".join(out.split())


#: Context.ids' kind names → the subject kinds of findings
SUBJECT_KIND = {"target group": "target_group"}
_LIST_KIND = {
    "fields": "field",
    "goals": "goal",
    "indicators": "indicator",
    "measures": "measure",
    "actors": "actor",
    "contacts": "contact",
    "target_groups": "target_group",
    "figures": "figure",
    "networks": "network",
    "meetings": "meeting",
    "reviews": "review",
}


def subject_of(item: Any, kind: str) -> Subject:
    """The subject of a list item: its kind and its id (None when it has no id)."""
    ident = item.get("id") if isinstance(item, dict) else None
    return Subject(SUBJECT_KIND.get(kind, kind), ident if isinstance(ident, str) else None)


def subject_at(data: Any, path: tuple[Any, ...]) -> Subject:
    """The innermost element with an id (or a meeting, a review) that ``path`` lies in;
    the concept when there is none."""
    found = Subject(
        "concept",
        data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None,
    )
    node: Any = data
    key: Any = None
    for part in path:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
            kind = _LIST_KIND.get(key) if isinstance(key, str) else None
            if (
                kind
                and isinstance(node, dict)
                and (isinstance(node.get("id"), str) or kind in ("meeting", "review"))
            ):
                found = subject_of(node, kind)
        elif isinstance(part, str) and isinstance(node, dict):
            node = node.get(part)
        else:
            break
        key = part
    return found


def ident(item: Any, path: tuple[Any, ...]) -> str:
    """The id of an item for a message: its id, else ``#n`` (its place in the list)."""
    value = item.get("id") if isinstance(item, dict) else None
    if isinstance(value, str):
        return value
    return f"#{path[-1] + 1}" if path and isinstance(path[-1], int) else "?"


def title(item: Any) -> str:
    """An item's title, name or label ("" when it has none)."""
    if isinstance(item, dict):
        for key in ("title", "name", "label"):
            if isinstance(item.get(key), str):
                return str(item[key])
    return ""


def about(item: Any, path: tuple[Any, ...], **params: Any) -> dict[str, Any]:
    """The params every finding about an item has (``id``) and its own. No title: params
    are part of a finding's identity (check's new/old matching), and renaming a measure
    does not make its finding a new one; ``title(item)`` gives it where it is wanted."""
    return {"id": ident(item, path), **params}


def iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def label(item: dict[str, Any], kind: str) -> str:
    ident = item.get("id")
    return f"{kind} {ident}" if isinstance(ident, str) else kind


_REGISTRY: dict[str, Rule] = {}


def rule(name: str, severity: str = ERROR) -> Callable[[Check], Check]:
    def register(func: Check) -> Check:
        _REGISTRY[name] = Rule(name, severity, func, inspect.getdoc(func) or "")
        return func

    return register


def documented(name: str, severity: str, doc: str) -> None:
    """A rule whose findings are made elsewhere (loader, schema), listed for docs."""
    _REGISTRY[name] = Rule(name, severity, None, inspect.cleandoc(doc))


def all_rules() -> dict[str, Rule]:
    if "measure-id-reused" not in _REGISTRY:  # the last module of the list below
        # registration by import; the order is the order of `integ rules`
        from . import structure, ids, references, consistency  # noqa: F401, I001
        from . import deadlines, completeness, privacy, networks, workspace  # noqa: F401
        from . import placeholders, glossary  # noqa: F401
        from . import history  # noqa: F401
    return _REGISTRY


__all__ = [
    "ERROR",
    "WARNING",
    "Context",
    "Hit",
    "Rule",
    "Subject",
    "about",
    "all_rules",
    "did_you_mean",
    "documented",
    "iso",
    "label",
    "rule",
    "subject_at",
    "subject_of",
    "suggest",
    "transliterate",
]
