"""Structure: the file can be read, and its keys, types and values fit the format.

The findings of these rules come from the loader (yaml_io) and from the model
(concept.py); this module documents them and turns pydantic's errors into findings
that say where and what to do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from ..concept import (
    DIRECTION,
    ID_PATTERN,
    MEASURE_STATUS,
    MUNICIPALITY_TYPES,
    PRIORITY,
    SLUG_PATTERN,
    STATUS,
    model_at,
)
from . import ERROR, Hit, did_you_mean, documented

documented(
    "yaml-syntax",
    ERROR,
    """
    The file is valid YAML.

    Why: a file that does not parse cannot be checked or rendered at all. The message
    names the line to look at; the mistake is often on the line above it (a missing
    quote, a wrong indentation, a tab).

    Bad:
      title: Integration: gemeinsam gestalten
    Good:
      title: "Integration: gemeinsam gestalten"
""",
)

documented(
    "duplicate-key",
    ERROR,
    """
    No key appears twice in the same mapping.

    Why: YAML readers silently keep one of the two values, so an edit can vanish.

    Bad:
      status: planned
      status: ongoing
    Good:
      status: ongoing
""",
)

documented(
    "file-encoding",
    ERROR,
    """
    The file is UTF-8 text (a byte-order mark is accepted).

    Why: umlauts saved as Windows-1252 (ä, ö, ü, ß) come out garbled in documents.
    A binary file among the concepts is reported here too.

    Bad:
      a file saved as "ANSI" or Windows-1252 in an old editor
    Good:
      the same file saved as UTF-8
""",
)

documented(
    "file-too-large",
    ERROR,
    """
    The file is at most 10 MB.

    Why: a concept is a few hundred kilobytes at most; a larger file is almost always
    a mistake (an export, a log) and would slow every check.

    Bad:
      a 40 MB file in concepts/
    Good:
      one concept per municipality, well under 1 MB
""",
)

documented(
    "file-unreadable",
    ERROR,
    """
    The file can be opened.

    Why: without read permission nothing can be checked.

    Bad:
      a file only its owner may read, checked by another user
    Good:
      a file readable by the people and the CI that check it
""",
)

documented(
    "yaml-unsafe",
    ERROR,
    """
    The file holds plain data: no unknown tags, no alias bombs, no absurd nesting.

    Why: YAML tags such as `!!python/object` can make programs run code, and a few
    hundred bytes of nested aliases can expand to billions of values. integ refuses
    both, so that no file can make it use more than a little memory and time.

    Bad:
      title: !!python/object/apply:os.system ["rm -rf /"]
    Good:
      title: Integrationskonzept der Stadt Gaggenau
""",
)

documented(
    "not-a-mapping",
    ERROR,
    """
    The file is a mapping of keys (format, id, title ...), not empty and not a list.

    Why: a concept is one mapping; an empty file or a list at the top cannot be one.

    Bad:
      - id: sprache
    Good:
      format: integ/1
      id: stadt-gaggenau
""",
)

documented(
    "unknown-format",
    ERROR,
    """
    `format` is `integ/1`.

    Why: the format version tells integ (and future versions of it) how to read the file.

    Bad:
      format: integ/2
    Good:
      format: integ/1
""",
)

documented(
    "missing-key",
    ERROR,
    """
    Every required key is there.

    Why: a concept without, for example, `review` or a measure without `lead` cannot
    be reviewed or rendered. Required: format, id, title, municipality (name, type),
    version, status, review (cycle_months), fields; for a measure id, title, goals,
    lead, status; and so on as in the format description.

    Bad:
      - id: M-SPR-01
        title: Sprachcafés
    Good:
      - id: M-SPR-01
        title: Sprachcafés
        goals: [Z-SPR-1]
        lead: vhs-rastatt
        status: ongoing
""",
)

documented(
    "wrong-type",
    ERROR,
    """
    Every value has the type the format expects (text, number, list, mapping).

    Why: unquoted codes lose their leading zeros (`08216000` becomes 8216000) and
    `version: 2.10` becomes the number 2.1. Where the format wants text, quote it.

    Bad:
      version: 2.0
      ags: 08216000
    Good:
      version: "2.0"
      ags: "08216000"
""",
)

documented(
    "invalid-value",
    ERROR,
    """
    Values have the right form: dates as YYYY-MM-DD, ids of letters, digits, '-' and
    '_', eight-digit AGS, numbers in their range, lists that must not be empty.

    Why: a date such as 2024-13-01 or 12.05.2025 cannot be compared or shown.

    Bad:
      review:
        last: 12.05.2025
    Good:
      review:
        last: 2025-05-12
""",
)

documented(
    "unknown-value",
    ERROR,
    """
    Enumerations take one of their values (e.g. a measure's status is planned, ongoing,
    completed, permanent, postponed, paused or dropped).

    Why: documents and reviews translate and count these values; an unknown one would
    be lost.

    Bad:
      status: laufend
    Good:
      status: ongoing
""",
)

documented(
    "unknown-key",
    ERROR,
    """
    Every key is one the format knows; close misspellings get a suggestion.

    Why: a misspelt key (`statuss`) is silently ignored by every document and review.

    Bad:
      - id: M-SPR-01
        titel: Sprachcafés
    Good:
      - id: M-SPR-01
        title: Sprachcafés
""",
)


_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def _shown(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def schema_hits(model: type[BaseModel], data: Any) -> Iterator[tuple[str, Hit]]:
    """Validate ``data`` against ``model``; (rule, hit) for every problem."""
    try:
        model.model_validate(data)
    except ValidationError as exc:
        seen: set[tuple[Any, ...]] = set()
        missing: dict[tuple[Any, ...], list[str]] = {}
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            if err["type"] == "missing":  # one finding per mapping, naming every key
                missing.setdefault(loc[:-1], []).append(str(loc[-1]))
                continue
            if loc in seen:  # one message per place is enough
                continue
            seen.add(loc)
            yield _hit(model, err, loc)
        for parent, names in missing.items():
            keys = ", ".join(f"'{n}'" for n in names)
            verb = "is" if len(names) == 1 else "are"
            where = f" in {_owner(parent, data)}" if parent else ""
            yield (
                "missing-key",
                Hit(
                    parent,
                    f"{keys} {verb} missing{where}; "
                    f"{'it is' if len(names) == 1 else 'they are'}"
                    " required",
                    key=bool(parent) and isinstance(parent[-1], str),
                ),
            )


_KINDS = {
    "measures": "measure",
    "fields": "field of action",
    "goals": "goal",
    "indicators": "indicator",
    "contacts": "contact",
    "actors": "actor",
    "networks": "network",
    "reviews": "review",
    "figures": "figure",
    "target_groups": "target group",
    "log": "log entry",
    "values": "value",
    "meetings": "meeting",
    "municipalities": "municipality",
}


def _owner(path: tuple[Any, ...], data: Any) -> str:
    """'measure M-SPR-01', 'municipality' or 'review': what a coordinator calls it."""
    if isinstance(path[-1], str):
        return path[-1]
    node = data
    try:
        for part in path:
            node = node[part]
    except (KeyError, IndexError, TypeError):
        node = None
    kind = _KINDS.get(str(path[-2]), str(path[-2])) if len(path) > 1 else "item"
    ident = node.get("id") if isinstance(node, dict) else None
    return f"{kind} {ident}" if isinstance(ident, str) else f"{kind} {path[-1] + 1}"


def _name(loc: tuple[Any, ...]) -> str:
    """The key a message names: 'goals[0]' for list items, else the key."""
    if not loc:
        return "file"
    if isinstance(loc[-1], int) and len(loc) > 1:
        return f"{loc[-2]}[{loc[-1]}]"
    return str(loc[-1])


_GERMAN = {
    label.split(" ")[0].lower(): value
    for table in (MEASURE_STATUS, STATUS, PRIORITY, MUNICIPALITY_TYPES, DIRECTION)
    for value, label in table.items()
}
_GERMAN.update(
    {
        "laufend": "ongoing",
        "geplant": "planned",
        "abgeschlossen": "completed",
        "verstetigt": "permanent",
        "beschlossen": "adopted",
        "entwurf": "draft",
        "landkreis": "district",
        "stadt": "town",
        "gemeinde": "municipality",
    }
)


def _suggest(value: Any, expected: list[str]) -> str:
    german = _GERMAN.get(str(value).lower()) if isinstance(value, str) else None
    if german in expected:
        return f" (did you mean '{german}'? values are written in English)"
    return did_you_mean(value, expected)


def _hit(model: type[BaseModel], err: Any, loc: tuple[Any, ...]) -> tuple[str, Hit]:
    kind = err["type"]
    value = err.get("input")
    name = _name(loc)
    if kind == "extra_forbidden":
        parent = model_at(model, loc[:-1])
        known = list(parent.model_fields) if parent else []
        return "unknown-key", Hit(loc, f"unknown key '{name}'{did_you_mean(name, known)}", key=True)
    if kind == "literal_error":
        expected = re.findall(r"'([^']*)'", err.get("ctx", {}).get("expected", ""))
        if loc == ("format",):
            if value is None:
                return "missing-key", Hit(loc, "format is empty; write format: integ/1")
            return "unknown-format", Hit(
                loc, f"unknown format {_shown(value)}; this version of integ reads 'integ/1'"
            )
        return "unknown-value", Hit(
            loc,
            f"{name}: {_shown(value)} is not one of {', '.join(expected)}"
            f"{_suggest(value, expected)}",
        )
    if kind in _TYPE_NAMES:
        want = _TYPE_NAMES[kind]
        hint = ""
        if (
            kind == "string_type"
            and isinstance(value, (int, float))
            and not isinstance(value, bool)
        ):
            hint = ' Put it in quotes ("…") so that it stays exactly as written.'
        elif kind == "string_type" and isinstance(value, bool):
            hint = " YAML reads true/false here; put it in quotes if you mean the word."
        elif kind in ("list_type",) and isinstance(value, str):
            hint = f" Write it as a list: [{value}]."
        return "wrong-type", Hit(loc, f"{name} should be {want}, not {_shown(value)}.{hint}")
    if kind == "value_error":
        msg = str(err.get("msg", "")).removeprefix("Value error, ")
        return "invalid-value", Hit(loc, f"{name}: {msg}")
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        return "invalid-value", Hit(loc, _pattern_message(loc, name, value, pattern))
    if kind in ("too_short", "string_too_short"):
        return "invalid-value", Hit(loc, f"{name} must not be empty")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        ctx = err.get("ctx", {})
        bound = {
            "greater_than_equal": f"at least {ctx.get('ge')}",
            "less_than_equal": f"at most {ctx.get('le')}",
            "greater_than": f"more than {ctx.get('gt')}",
            "less_than": f"less than {ctx.get('lt')}",
        }[kind]
        return "invalid-value", Hit(
            loc, f"{name}: {_shown(value)} is out of range; it must be {bound}"
        )
    return "wrong-type", Hit(loc, f"{name}: {err.get('msg', 'invalid value')}")


def _pattern_message(loc: tuple[Any, ...], name: str, value: Any, pattern: str) -> str:
    if "contributes_to" in loc:
        return (
            f"{_shown(value)} is not a goal of another concept; write "
            "concept-id:GOAL-ID, e.g. landkreis-rastatt:Z-SPR-1"
        )
    if name == "ags":
        return f'ags: {_shown(value)} is not an 8-digit Gemeindeschlüssel like "08216000"'
    if name == "state":
        return f"state: {_shown(value)} is not a two-letter code like BW"
    if pattern == SLUG_PATTERN:
        return (
            f"{name}: {_shown(value)} is not a valid concept id: lower-case letters, "
            "digits and '-', like the file name (stadt-gaggenau)"
        )
    if pattern == ID_PATTERN:
        return (
            f"{name}: {_shown(value)} is not a valid id: start with a letter, then "
            "letters, digits, '-' or '_' (no spaces or umlauts)"
        )
    return f"{name}: {_shown(value)} does not have the expected form"
