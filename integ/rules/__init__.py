"""The rule registry.

A rule is a function that looks at one concept and yields ``Hit``s; its docstring is
the user documentation that ``integ rules`` prints (what, why, a failing and a passing
example). Rules are registered by hand in ``ALL`` below, one family per module.
Rules whose findings come from the loader or the schema (syntax, types, unknown keys)
are registered here too, so that their severity can be set and they are documented.
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
    message: str
    key: bool = False
    params: dict[str, Any] | None = None
    subject: Subject | None = None


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


def did_you_mean(word: Any, candidates: Iterable[str]) -> str:
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


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
        from . import history  # noqa: F401
    return _REGISTRY


__all__ = [
    "ERROR",
    "WARNING",
    "Context",
    "Hit",
    "Rule",
    "Subject",
    "all_rules",
    "did_you_mean",
    "documented",
    "label",
    "rule",
]
