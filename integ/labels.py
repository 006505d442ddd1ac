"""The documents' words and formats in one language: a thin adapter over ``integ.i18n``.

The words live in the message catalogue (``integ/locale/*/LC_MESSAGES/docs.po``:
``label.*``, ``enum.<kind>.<value>``, ``chart.*``, ``diff.*``, ``export.*``); numbers,
dates and money are written by ``integ.i18n`` only. ``Locale(lang)`` binds a language,
so that a document can be written in another language than the command's messages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import i18n

#: the order of measure states in tables and charts
STATUS_ORDER = ["ongoing", "permanent", "planned", "completed", "postponed", "paused", "dropped"]
#: units whose number is shown without a word after it
_BARE_UNITS = ("count", "ratio", None, "")


class _Tags(dict[str, str]):
    """de → de-DE (kept for callers that ask ``LANGS_TAG.get(lang)``)."""


LANGS_TAG = _Tags(i18n.TAGS)

#: The language of a concept's own text (the format says: German, or whatever the
#: municipality writes). Documents and workbooks are tagged with it, also under
#: ``--lang en``: the bulk of the text is the concept's, so hyphenation (Typst),
#: spelling (Word) and a screen reader's voice (PDF/UA /Lang) follow it. One tag for
#: the whole document is what pandoc's DOCX, HTML and Typst writers all carry; its
#: Typst writer drops the ``lang`` of a span, so marking the English labels one by one
#: would not reach the PDF.
CONTENT_LANG = "de"


def content_tag() -> str:
    """The language tag of documents: that of the concept's content (de-DE)."""
    return i18n.tag(CONTENT_LANG)


def document_lang(explicit: str | None = None, settings_locale: Any = None) -> str:
    """The language of a document: the one asked for, else the one the command runs in
    (``--lang``/``INTEG_LANG``), else integ.yaml's ``locale:``, else German."""
    chosen = i18n.normalise(explicit)
    if chosen:
        return chosen
    if i18n._state["lang"] is not None:  # the command chose one (--lang, INTEG_LANG)
        return i18n.current()
    return i18n.resolve(None, settings_locale)


def labels(lang: str | None = None) -> dict[str, str]:
    """Every ``label.*`` text of a language, by its short name (``label.field`` →
    ``"field"``): what templates see as ``L``. Texts with fields stay templates."""
    with i18n.using(lang) as chosen:
        out: dict[str, str] = {}
        for msgid in i18n.ids(chosen):
            if msgid.startswith("label.") and i18n._lookup(msgid, chosen) is not None:
                out[msgid[6:]] = i18n.t(msgid)
        return out


def _no_negative_zero(value: Any, decimals: int) -> Any:
    """-0.0001 shown with one decimal is 0, not "-0"."""
    rounded = i18n._decimal(value, decimals)
    return 0 if rounded is not None and rounded == 0 else value


class Locale:
    """Labels, enumeration words, dates and numbers in one language."""

    def __init__(self, lang: str | None = None) -> None:
        self.lang = i18n.normalise(lang) or i18n.current()
        self._labels: dict[str, str] | None = None

    # ---------------------------------------------------------------- words

    @property
    def labels(self) -> dict[str, str]:
        if self._labels is None:
            self._labels = labels(self.lang)
        return self._labels

    @property
    def tag(self) -> str:
        """The BCP 47 tag of the language (de-DE, en-GB)."""
        return i18n.tag(self.lang)

    def t(self, msgid: str, /, **params: Any) -> str:
        with i18n.using(self.lang):
            return i18n.t(msgid, **params)

    def tn(self, msgid: str, n: int, /, **params: Any) -> str:
        with i18n.using(self.lang):
            return i18n.tn(msgid, n, **params)

    def enum(self, kind: str, value: Any) -> str:
        with i18n.using(self.lang):
            return i18n.enum(kind, value)

    def join(self, items: Any, style: i18n.ListStyle = "standard") -> str:
        with i18n.using(self.lang):
            return i18n.join([str(x) for x in items], style)

    def quote(self, value: Any) -> str:
        with i18n.using(self.lang):
            return i18n.quote(value)

    # ---------------------------------------------------------------- dates

    def date(self, value: Any) -> str:
        """Written out: 18. Juli 2023 / 18 July 2023; Juni 2024; 2024."""
        if value is None or value == "":
            return ""
        with i18n.using(self.lang):
            return i18n.longdate(value)

    def short_date(self, value: Any) -> str:
        """18.07.2023 / 18 Jul 2023; 06/2024 / Jun 2024; 2024."""
        if value is None or value == "":
            return ""
        with i18n.using(self.lang):
            return i18n.date(value)

    def today(self, day: dt.date) -> str:
        return self.date(day)

    def period(self, start: Any, end: Any) -> str:
        s, e = self.short_date(start), self.short_date(end)
        if s and e:
            return f"{s} – {e}"
        if s:
            return self.t("label.period_from", start=s)
        if e:
            return self.t("label.period_until", end=e)
        return ""

    # ---------------------------------------------------------------- numbers

    def number(self, value: Any, decimals: int = 1) -> str:
        """12.25 → 12,3; 1450000 → 1.450.000 (at most ``decimals`` places, half up)."""
        if value is None or isinstance(value, bool):
            return ""
        with i18n.using(self.lang):
            return i18n.number(_no_negative_zero(value, decimals), decimals)

    def money(self, value: Any) -> str:
        if value is None or isinstance(value, bool):
            return ""
        with i18n.using(self.lang):
            return i18n.money(value)

    def percent(self, value: Any, decimals: int = 1) -> str:
        if value is None or isinstance(value, bool):
            return ""
        with i18n.using(self.lang):
            return i18n.percent(_no_negative_zero(value, decimals), decimals)

    def quantity(self, value: Any, unit: Any) -> str:
        """A value with its unit: 8,5 %, 1.450 €, 160 Personen, 0,45; other units as
        written."""
        if value is None or isinstance(value, bool):
            return ""
        if unit == "percent":
            return self.percent(value)
        if unit == "euro":
            return self.money(value)
        if unit == "ratio":
            return self.number(value, 2)
        if unit in _BARE_UNITS:
            return self.number(value)
        if unit in ("persons", "hours", "days"):
            return f"{self.number(value)} {self.enum('unit', unit)}"
        return f"{self.number(value)} {unit}"


__all__ = [
    "CONTENT_LANG",
    "LANGS_TAG",
    "STATUS_ORDER",
    "Locale",
    "content_tag",
    "document_lang",
    "labels",
]
