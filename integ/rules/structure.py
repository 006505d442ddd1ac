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

from ..concept import ID_PATTERN, SLUG_PATTERN, model_at
from ..problems import Subject, format_path
from . import ERROR, Hit, documented

#: the rules that say whether a file can be read at all: integ.yaml cannot switch
#: them off or down (a concept they reject would pass and then break render)
STRUCTURAL = frozenset(
    {
        "yaml-syntax",
        "duplicate-key",
        "file-encoding",
        "file-too-large",
        "file-unreadable",
        "yaml-unsafe",
        "not-a-mapping",
        "unknown-format",
        "missing-key",
        "wrong-type",
        "invalid-value",
        "unknown-value",
        "unknown-key",
    }
)

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
    The file is at most 5 MB.

    Why: a concept is a few hundred kilobytes at most; a larger file is almost always
    a mistake (an export, a log), would slow every check and could not be made into a
    document within bounded memory.

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


# --------------------------------------------------------------------------- schema


#: pydantic's type errors → the message id of what the format wants there
_TYPE_IDS = {
    "string_type": "text",
    "int_type": "int",
    "float_type": "number",
    "bool_type": "bool",
    "list_type": "list",
    "dict_type": "mapping",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
}

#: list keys → the kind of their items (a finding's subject)
_KINDS = {
    "measures": "measure",
    "fields": "field",
    "goals": "goal",
    "indicators": "indicator",
    "contacts": "contact",
    "actors": "actor",
    "networks": "network",
    "reviews": "review",
    "figures": "figure",
    "target_groups": "target_group",
    "log": "log",
    "values": "value",
    "meetings": "meeting",
    "municipalities": "municipality",
}

_GERMAN_DATE = re.compile(r"^\s*(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})\s*$")
_GERMAN_MONTH = re.compile(r"^\s*(\d{1,2})\s*[/.]\s*(\d{4})\s*$")
_DECIMAL_COMMA = re.compile(r"^\s*([-+]?\d+),(\d+)\s*$")
_NUMBER = re.compile(r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$")
_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def _written(value: Any) -> str:
    """A value as the file has it, for a message (plain text, shortened)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[…]"
    if isinstance(value, dict):
        return "{…}"
    text = str(value)
    return f"{text[:60]}…" if len(text) > 60 else text


def _close(word: Any, candidates: list[str]) -> str | None:
    if not isinstance(word, str) or not candidates:
        return None
    import difflib

    found = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    if not found:
        found = difflib.get_close_matches(word.lower(), candidates, n=1, cutoff=0.6)
    return str(found[0]) if found else None


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    node = data
    try:
        for part in path:
            node = node[part]
    except (KeyError, IndexError, TypeError):
        return None
    return node


def _subject(data: Any, loc: tuple[Any, ...]) -> Subject | None:
    """The innermost list item with a kind along ``loc`` (kind and id, if it has one)."""
    for n in range(len(loc), 1, -1):
        if isinstance(loc[n - 1], int) and isinstance(loc[n - 2], str) and loc[n - 2] in _KINDS:
            item = _at(data, loc[:n])
            ident = item.get("id") if isinstance(item, dict) else None
            return Subject(_KINDS[loc[n - 2]], ident if isinstance(ident, str) else None)
    if isinstance(data, dict):
        ident = data.get("id")
        return Subject("concept", ident if isinstance(ident, str) else None)
    return None


def _owner(path: tuple[Any, ...], data: Any) -> str:
    """What a coordinator calls the mapping at ``path``: its id (M-SPR-01), else its key
    (municipality), else its place (measures[3])."""
    node = _at(data, path)
    ident = node.get("id") if isinstance(node, dict) else None
    if isinstance(ident, str) and ident:
        return ident
    if isinstance(path[-1], str):
        return str(path[-1])
    return format_path(path)


def _name(loc: tuple[Any, ...]) -> str:
    """The key a message names: 'goals[0]' for list items, else the key."""
    if not loc:
        return ""
    if isinstance(loc[-1], int) and len(loc) > 1:
        return f"{loc[-2]}[{loc[-1]}]"
    return str(loc[-1])


def _enum_kind(expected: list[str]) -> str | None:
    """The enumeration (``measure_status`` …) whose values are ``expected``."""
    from .. import concept

    tables: dict[str, dict[str, str]] = getattr(concept, "ENUM_LABELS_DE", {})
    wanted = set(expected)
    for kind, table in tables.items():
        if set(table) == wanted:
            return kind
    return None


def _german_value(value: Any, kind: str | None, expected: list[str]) -> str | None:
    """The enumeration value a German word means ("laufend" → "ongoing"), from the
    words of the catalogue (and the model's German descriptions)."""
    if not isinstance(value, str) or not value.strip():
        return None
    word = value.strip().lower()
    if kind is not None:
        from .. import concept
        from ..i18n import enum_values

        tables = [enum_values(kind, "de"), getattr(concept, "ENUM_LABELS_DE", {}).get(kind, {})]
        for table in tables:
            for raw, label in table.items():
                label = label.lower()
                if raw in expected and (word == label or word == re.split(r"[ (,]", label)[0]):
                    return str(raw)
    return None


def schema_hits(model: type[BaseModel], data: Any) -> Iterator[tuple[str, Hit]]:
    """Validate ``data`` against ``model``; (rule, hit) for every problem, one hit for
    one mistake: a misspelt key is not also reported as missing, a value the loader
    already reported is not reported again."""
    from ..yaml_io import Unconvertible

    try:
        model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # the keys that misspelt keys stand for: not reported as missing as well
        meant: dict[tuple[Any, ...], set[str]] = {}
        for err in errors:
            if err["type"] == "extra_forbidden":
                loc = tuple(err["loc"])
                owner = model_at(model, loc[:-1])
                close = _close(str(loc[-1]), list(owner.model_fields) if owner else [])
                if close is not None:
                    meant.setdefault(loc[:-1], set()).add(close)
        seen: set[tuple[Any, ...]] = set()
        missing: dict[tuple[Any, ...], list[str]] = {}
        for err in errors:
            loc = tuple(err["loc"])
            if err["type"] == "missing":  # one finding per mapping, naming every key
                if str(loc[-1]) not in meant.get(loc[:-1], set()):
                    missing.setdefault(loc[:-1], []).append(str(loc[-1]))
                continue
            if isinstance(err.get("input"), Unconvertible):
                continue  # the loader said what is wrong with it
            if loc in seen:  # one message per place is enough
                continue
            seen.add(loc)
            found = _hit(model, err, loc, data)
            if found is not None:
                yield found
        for parent, names in missing.items():
            params: dict[str, Any] = {"keys": names, "n": len(names)}
            if parent:
                params["owner"] = _owner(parent, data)
            yield (
                "missing-key",
                Hit(
                    parent,
                    "schema.missing.in" if parent else "schema.missing",
                    key=bool(parent) and isinstance(parent[-1], str),
                    params=params,
                    subject=_subject(data, parent),
                ),
            )


def _hit(
    model: type[BaseModel], err: Any, loc: tuple[Any, ...], data: Any
) -> tuple[str, Hit] | None:
    kind = err["type"]
    value = err.get("input")
    name = _name(loc)
    subject = _subject(data, loc)

    def hit(rule: str, message_id: str, key: bool = False, **params: Any) -> tuple[str, Hit]:
        return rule, Hit(loc, message_id, key=key, params={"key": name, **params}, subject=subject)

    if kind == "extra_forbidden":
        parent_path = loc[:-1]
        digits = str(loc[-1])
        container = _at(data, parent_path)
        if digits.isdigit() and value is None and isinstance(container, dict):
            # `{value: 19,5}` in a flow mapping: the comma split the number in two
            keys = list(container)
            at = keys.index(loc[-1]) if loc[-1] in keys else -1
            before = container[keys[at - 1]] if at > 0 else None
            if isinstance(before, int) and not isinstance(before, bool):
                return hit(
                    "invalid-value",
                    "schema.decimal-comma",
                    key=True,
                    written=f"{before},{digits}",
                    suggestion=f"{before}.{digits}",
                )
        if digits == "<<":  # YAML 1.1's merge key; YAML 1.2 has none
            return hit("unknown-key", "schema.merge-key", key=True)
        parent = model_at(model, parent_path)
        close = _close(digits, list(parent.model_fields) if parent else [])
        if close is not None and len(close) == len(digits) and not digits.isascii():
            odd = next(
                (a for a, b in zip(digits, close) if a != b and not a.isascii()),
                next(c for c in digits if not c.isascii()),
            )
            return hit(
                "unknown-key",
                "schema.unknown-key.confusable",
                key=True,
                suggestion=close,
                char=f"U+{ord(odd):04X}",
            )
        if close is not None:
            return hit("unknown-key", "schema.unknown-key.suggest", key=True, suggestion=close)
        return hit("unknown-key", "schema.unknown-key", key=True)
    if kind == "literal_error":
        expected = re.findall(r"'([^']*)'", err.get("ctx", {}).get("expected", ""))
        if loc == ("format",):
            if value is None:
                return hit("missing-key", "schema.format.empty")
            return hit("unknown-format", "schema.format.unknown", value=_written(value))
        enum_kind = _enum_kind(expected)
        german = _german_value(value, enum_kind, expected)
        params: dict[str, Any] = {
            "value": _written(value),
            "allowed": expected,
            "kind": enum_kind or "",
        }
        if german is not None:
            return hit("unknown-value", "schema.enum.german", suggestion=german, **params)
        close = _close(value, expected)
        if close is not None:
            return hit("unknown-value", "schema.enum.suggest", suggestion=close, **params)
        return hit("unknown-value", "schema.enum", **params)
    if kind in _TYPE_IDS:
        want = _TYPE_IDS[kind]
        shown = _written(value)
        if want in ("int", "number") and isinstance(value, str):
            comma = _DECIMAL_COMMA.match(value)
            if comma and want == "number":
                return hit(
                    "invalid-value",
                    "schema.decimal-comma",
                    written=value.strip(),
                    suggestion=f"{comma.group(1)}.{comma.group(2)}",
                )
            if _NUMBER.match(value):
                return hit(
                    "wrong-type", "schema.type.quoted-number", value=shown, suggestion=value.strip()
                )
        if want == "text" and isinstance(value, int | float) and not isinstance(value, bool):
            return hit("wrong-type", "schema.type.text.number", value=shown)
        if want == "text" and isinstance(value, bool):
            return hit("wrong-type", "schema.type.text.bool", value=shown)
        if want == "list" and isinstance(value, str):
            return hit("wrong-type", "schema.type.list.text", value=shown)
        if value is None:
            return hit("wrong-type", f"schema.type.{want}.empty")
        return hit("wrong-type", f"schema.type.{want}", value=shown)
    if kind == "value_error":
        text = value if isinstance(value, str) else None
        period = "year, month or date" in str(err.get("msg", ""))
        if text is not None:
            dotted = _GERMAN_DATE.match(text)
            if dotted and _real_date(*(int(x) for x in reversed(dotted.groups()))):
                day, month, year = (int(x) for x in dotted.groups())
                return hit(
                    "invalid-value",
                    "schema.date.german",
                    value=shown_value(text),
                    suggestion=f"{year:04d}-{month:02d}-{day:02d}",
                )
            month_only = _GERMAN_MONTH.match(text)
            if month_only and 1 <= int(month_only.group(1)) <= 12:
                month, year = (int(x) for x in month_only.groups())
                if period:
                    return hit(
                        "invalid-value",
                        "schema.date.german",
                        value=shown_value(text),
                        suggestion=f"{year:04d}-{month:02d}",
                    )
                return hit(
                    "invalid-value",
                    "schema.date.month-only",
                    value=shown_value(text),
                    suggestion=f"{year:04d}-{month:02d}-01",
                )
        if period:
            return hit("invalid-value", "schema.period.invalid", value=_written(value))
        if "not a date" in str(err.get("msg", "")):
            return hit("invalid-value", "schema.date.invalid", value=_written(value))
        return hit("invalid-value", "schema.invalid", value=_written(value))
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        return _pattern_hit(hit, loc, name, value, pattern)  # type: ignore[no-any-return]
    if kind in ("too_short", "string_too_short"):
        return hit("invalid-value", "schema.empty")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        ctx = err.get("ctx", {})
        bound = {
            "greater_than_equal": ctx.get("ge"),
            "less_than_equal": ctx.get("le"),
            "greater_than": ctx.get("gt"),
            "less_than": ctx.get("lt"),
        }[kind]
        return hit(
            "invalid-value",
            f"schema.range.{kind}",
            value=_written(value),
            bound=bound if isinstance(bound, int | float) else str(bound),
        )
    return hit("wrong-type", "schema.invalid", value=_written(value))


def shown_value(text: str) -> str:
    return _written(text.strip())


def _pattern_hit(hit: Any, loc: tuple[Any, ...], name: str, value: Any, pattern: str) -> Any:
    shown = _written(value)
    if "contributes_to" in loc:
        return hit("invalid-value", "schema.pattern.contributes-to", value=shown)
    if name == "ags":
        return hit("invalid-value", "schema.pattern.ags", value=shown)
    if name == "state":
        return hit("invalid-value", "schema.pattern.state", value=shown)
    if pattern in (SLUG_PATTERN, ID_PATTERN) and isinstance(value, str):
        fixed = value.translate(_UMLAUTS).strip().replace(" ", "-")
        if pattern == SLUG_PATTERN:
            fixed = fixed.lower()
        if fixed != value and re.match(pattern, fixed):
            return hit("invalid-value", "schema.pattern.id.suggest", value=shown, suggestion=fixed)
    if pattern == SLUG_PATTERN:
        return hit("invalid-value", "schema.pattern.slug", value=shown)
    if pattern == ID_PATTERN:
        return hit("invalid-value", "schema.pattern.id", value=shown)
    return hit("invalid-value", "schema.pattern", value=shown)


def _real_date(year: int, month: int, day: int) -> bool:
    """Whether a German-written date (31.13.2027 is not) exists, so that only a date
    that exists is suggested."""
    import datetime as dt

    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True
