"""One message catalogue, one language switch, the locale's numbers, dates and plurals.

Every word integ shows a person comes from here: ``t("finding.goal-without-measure",
id="Z-BIL-1")``. The catalogue is gettext: ``integ/locale/<lang>/LC_MESSAGES/*.po``
(one file per area, so that the areas can be translated and reviewed apart), compiled
with Babel into the ``.mo`` files next to them (``python -m integ.i18n`` compiles; a
test fails when a ``.mo`` is stale or an id lacks a German or an English text). Message
ids are symbolic (``area.name``), the texts are ``str.format`` templates with named
fields, and a field may name how its value is written in the language of the output:

    {due:date}      18.07.2023 / 18 Jul 2023      (a date, ``YYYY-MM-DD`` or ``YYYY-MM``)
    {due:longdate}  18. Juli 2023 / 18 July 2023
    {n:num}         1.234,5 / 1,234.5             (at most one decimal, rounded half up)
    {n:num2}        the same with at most two decimals
    {n:money}       1.450.000 € / €1,450,000
    {n:pct}         8,5 % / 8.5%
    {s:enum.measure_status}   laufend / ongoing   (the word for an enumeration value)
    {xs:list}       a, b und c / a, b and c
    {x:q}           „x“ / “x”
    {y}             an int is written without grouping (years: 2027, never 2.027)

Plural texts are gettext plurals (``msgid_plural``) with the CLDR plural rule of the
language (Babel writes it into the catalogue header): ``tn("count.goal", 2)`` gives
"2 Ziele"; the count is the field ``{n}``.

The language is chosen once per process: ``--lang`` on the command line, else
``INTEG_LANG``, else ``locale:`` in integ.yaml, else German (``resolve``). Loading is
lazy: nothing is read until the first text is asked for, and Babel is imported only by
the functions that format numbers and dates.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import gettext
import os
import string
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

LANGS = ("de", "en")
DEFAULT = "de"
#: the locale each language is written in (numbers, dates, the document's lang tag)
TAGS = {"de": "de-DE", "en": "en-GB"}
_BABEL = {"de": "de_DE", "en": "en_GB"}
LOCALE_DIR = Path(__file__).parent / "locale"

_state: dict[str, Any] = {"lang": None}
_catalogues: dict[str, list[gettext.GNUTranslations]] = {}


# --------------------------------------------------------------------------- language


def normalise(value: Any) -> str | None:
    """'de', 'DE', 'de_DE', 'de-DE.UTF-8' → 'de'; anything else → None."""
    if not isinstance(value, str):
        return None
    head = value.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return head if head in LANGS else None


def resolve(option: str | None = None, settings: Any = None) -> str:
    """The language: the option, else INTEG_LANG, else integ.yaml's locale, else de."""
    for candidate in (option, os.environ.get("INTEG_LANG"), settings):
        lang = normalise(candidate)
        if lang:
            return lang
    return DEFAULT


def set_lang(lang: str | None) -> str:
    """Choose the language of every text from now on; returns it."""
    chosen = normalise(lang) or DEFAULT
    _state["lang"] = chosen
    return chosen


def current() -> str:
    lang = _state["lang"]
    if lang is None:
        lang = set_lang(resolve())
    return str(lang)


def tag(lang: str | None = None) -> str:
    """The BCP 47 tag of a language: de → de-DE."""
    return TAGS[normalise(lang) or current()]


class using:
    """Switch the language for a block (documents in another language than the CLI)."""

    def __init__(self, lang: str | None) -> None:
        self.lang = normalise(lang) or current()
        self.before: str | None = None

    def __enter__(self) -> str:
        self.before = _state["lang"]
        _state["lang"] = self.lang
        return self.lang

    def __exit__(self, *exc: object) -> None:
        _state["lang"] = self.before


# --------------------------------------------------------------------------- catalogue


def _load(lang: str) -> list[gettext.GNUTranslations]:
    found = _catalogues.get(lang)
    if found is None:
        found = []
        folder = LOCALE_DIR / lang / "LC_MESSAGES"
        for mo in sorted(folder.glob("*.mo")):
            with mo.open("rb") as fp:
                found.append(gettext.GNUTranslations(fp))
        _catalogues[lang] = found
    return found


def _lookup(msgid: str, lang: str, n: int | None = None) -> str | None:
    for cat in _load(lang):
        entries: dict[Any, str] = cat._catalog  # type: ignore[attr-defined]
        if n is None:
            text = entries.get(msgid)
        else:
            text = entries.get((msgid, cat.plural(n)))  # type: ignore[attr-defined]
        if text:
            return text
    return None


def has(msgid: str, lang: str | None = None) -> bool:
    """Whether the catalogue of ``lang`` (default: the current one) has ``msgid``."""
    lang = normalise(lang) or current()
    return _lookup(msgid, lang) is not None or _lookup(msgid, lang, 1) is not None


def ids(lang: str) -> set[str]:
    """Every message id of a language's catalogue."""
    out: set[str] = set()
    for cat in _load(lang):
        for key in cat._catalog:  # type: ignore[attr-defined]
            name = key[0] if isinstance(key, tuple) else key
            if name:
                out.add(name)
    return out


def t(msgid: str, /, **params: Any) -> str:
    """The text of ``msgid`` in the current language, its fields filled in.

    An id the catalogue does not have is returned as it is (a test keeps that from
    happening for integ's own ids), so that text from outside passes through.
    """
    lang = current()
    text = _lookup(msgid, lang)
    if text is None:
        text = _lookup(msgid, lang, params["n"]) if isinstance(params.get("n"), int) else None
    if text is None:
        return msgid if not params else _fill(msgid, params)
    return _fill(text, params)


def tn(msgid: str, n: int, /, **params: Any) -> str:
    """The plural text of ``msgid`` for ``n`` ("1 Ziel", "2 Ziele")."""
    text = _lookup(msgid, current(), n)
    if text is None:
        return _fill(msgid, {**params, "n": n})
    return _fill(text, {**params, "n": n})


def enum(kind: str, value: Any) -> str:
    """The word for an enumeration value (``measure_status``, ``ongoing`` → laufend);
    a value the catalogue does not know is shown as it is."""
    if value is None:
        return ""
    msgid = f"enum.{kind}.{value}"
    text = _lookup(msgid, current())
    return text if text is not None else str(value)


def enum_values(kind: str, lang: str | None = None) -> dict[str, str]:
    """value → word for every value of an enumeration in the catalogue."""
    prefix = f"enum.{kind}."
    with using(lang) as chosen:
        return {
            name[len(prefix) :]: enum(kind, name[len(prefix) :])
            for name in sorted(ids(chosen))
            if name.startswith(prefix)
        }


# --------------------------------------------------------------------------- formats


class _Formatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("enum."):
            return enum(format_spec[5:], value)
        if format_spec.startswith("enumlist."):  # "ongoing (laufend), planned (geplant)"
            kind = format_spec[9:]
            values = value if isinstance(value, list | tuple) else [value]
            return join(
                str(v) if enum(kind, v) == str(v) else f"{v} ({enum(kind, v)})" for v in values
            )
        style = _STYLES.get(format_spec)
        if style is not None:
            return style(value)
        if format_spec:
            return str(super().format_field(value, format_spec))
        return plain(value)


def plain(value: Any) -> str:
    """A value without a named style: ints as they are, floats as numbers, dates as
    dates, lists joined, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return t("word.yes") if value else t("word.no")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | decimal.Decimal):
        return number(value)
    if isinstance(value, dt.date):
        return date(value)
    if isinstance(value, list | tuple):
        return join(plain(v) for v in value)
    return str(value)


_FORMATTER = _Formatter()


def _fill(text: str, params: Mapping[str, Any]) -> str:
    if not params:
        return text
    try:
        return _FORMATTER.vformat(text, (), _Missing(params))
    except (ValueError, IndexError, KeyError, TypeError):
        return text


class _Missing(dict[str, Any]):
    """Fields a text names that the caller did not give stay visible as ``{name}``."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _babel_locale() -> str:
    return _BABEL[current()]


def _wide(
    exact: decimal.Decimal, places: int
) -> contextlib.AbstractContextManager[decimal.Context]:
    """A decimal context with the digits a value needs (-1e+26 has more digits than
    the default 28): rounding it never fails."""
    context = decimal.getcontext().copy()
    context.prec = max(28, exact.adjusted() + places + 3)
    return decimal.localcontext(context)


def _decimal(value: Any, places: int) -> decimal.Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | decimal.Decimal | str):
        return None
    try:
        exact = decimal.Decimal(str(value))
    except decimal.InvalidOperation:
        return None
    if not exact.is_finite():
        return None
    quantum = decimal.Decimal(1).scaleb(-places)
    with _wide(exact, places):
        rounded = exact.quantize(quantum, rounding=decimal.ROUND_HALF_UP)
    return rounded.copy_abs() if rounded.is_zero() else rounded  # never "-0"


def number(value: Any, decimals: int = 1, *, fixed: bool = False) -> str:
    """A number in the current language: 12.25 → "12,3"; 1450000 → "1.450.000".

    At most ``decimals`` places, rounded half up (as German readers expect), trailing
    zeros dropped unless ``fixed``. A value that is not a finite number is shown as is.
    """
    exact = _decimal(value, decimals)
    if exact is None:
        return "" if value is None else str(value)
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + ("0" if fixed else "#") * decimals if decimals else "")
    with _wide(exact, decimals):
        return str(format_decimal(exact, format=pattern, locale=_babel_locale()))


def integer(value: Any) -> str:
    """A whole number with grouping: 1234 → "1.234"."""
    return number(value, 0)


def money(value: Any) -> str:
    """An amount in euros: 1450000 → "1.450.000 €" (German), "€1,450,000" (English)."""
    exact = _decimal(value, 0)
    if exact is None:
        return "" if value is None else str(value)
    from babel.numbers import format_currency

    with _wide(exact, 0):
        return str(
            format_currency(
                exact,
                "EUR",
                locale=_babel_locale(),
                currency_digits=False,
                format="#,##0\u00a0¤" if current() == "de" else "¤#,##0",
            )
        )


def percent(value: Any, decimals: int = 1) -> str:
    """A value that is already in per cent: 8.5 → "8,5 %" / "8.5%"."""
    text = number(value, decimals)
    if not text or _decimal(value, decimals) is None:
        return text
    return f"{text}\u00a0%" if current() == "de" else f"{text}%"


def _as_date(value: Any) -> tuple[dt.date, str] | None:
    """(date, precision) of a date, 'YYYY-MM-DD', 'YYYY-MM' or a year."""
    if isinstance(value, dt.datetime):
        return value.date(), "day"
    if isinstance(value, dt.date):
        return value, "day"
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999:
        return dt.date(value, 1, 1), "year"
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return dt.date.fromisoformat(text), "day"
            if len(text) == 7 and text[4] == "-":
                return dt.date(int(text[:4]), int(text[5:]), 1), "month"
            if len(text) == 4 and text.isdigit():
                return dt.date(int(text), 1, 1), "year"
        except ValueError:
            return None
    return None


def date(value: Any) -> str:
    """A date as readers write it: 18.07.2023 / 18 Jul 2023; a month 07/2023 / Jul 2023."""
    found = _as_date(value)
    if found is None:
        return "" if value is None else str(value)
    day, precision = found
    if precision == "year":
        return str(day.year)
    if current() == "de":
        return day.strftime("%d.%m.%Y" if precision == "day" else "%m/%Y")
    from babel.dates import format_date

    return str(
        format_date(day, "d MMM y" if precision == "day" else "MMM y", locale=_babel_locale())
    )


def longdate(value: Any) -> str:
    """A date written out: 18. Juli 2023 / 18 July 2023; a month: Juli 2023."""
    found = _as_date(value)
    if found is None:
        return "" if value is None else str(value)
    day, precision = found
    if precision == "year":
        return str(day.year)
    from babel.dates import format_date

    pattern = ("d. MMMM y" if current() == "de" else "d MMMM y") if precision == "day" else "MMMM y"
    return str(format_date(day, pattern, locale=_babel_locale()))


ListStyle = Literal[
    "standard", "standard-short", "or", "or-short", "unit", "unit-short", "unit-narrow"
]


def join(items: Iterable[str], style: ListStyle = "standard") -> str:
    """a, b und c / a, b and c (``style="or"``: a, b oder c)."""
    parts = [p for p in items if p]
    if len(parts) < 2:
        return parts[0] if parts else ""
    from babel.lists import format_list

    return str(format_list(parts, style=style, locale=_babel_locale()))


def quote(value: Any) -> str:
    """„x“ in German, “x” in English."""
    return f"„{value}“" if current() == "de" else f"“{value}”"


_STYLES: dict[str, Callable[[Any], str]] = {
    "date": date,
    "longdate": longdate,
    "num": number,
    "num2": lambda v: number(v, 2),
    "int": integer,
    "money": money,
    "pct": percent,
    "list": lambda v: join(plain(x) for x in v) if isinstance(v, list | tuple) else plain(v),
    "orlist": lambda v: (
        join((plain(x) for x in v), "or") if isinstance(v, list | tuple) else plain(v)
    ),
    "q": quote,
    "year": lambda v: str(v),
}


# --------------------------------------------------------------------------- compiling


def compile_catalogues(root: Path = LOCALE_DIR) -> list[Path]:
    """Compile every ``.po`` below ``root`` into the ``.mo`` beside it (Babel)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(root.glob("*/LC_MESSAGES/*.po")):
        lang = po.parent.parent.name
        with po.open("rb") as fp:
            catalogue = read_po(fp, locale=_BABEL[lang], domain=po.stem)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as fp:
            write_mo(fp, catalogue, use_fuzzy=False)
        written.append(mo)
    _catalogues.clear()
    return written


if __name__ == "__main__":  # python -m integ.i18n
    for path in compile_catalogues():
        print(path.relative_to(LOCALE_DIR.parent))
