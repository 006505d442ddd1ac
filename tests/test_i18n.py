"""The message catalogue: complete in both languages, compiled, and its formats."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from integ import i18n

LOCALE = Path(i18n.__file__).parent / "locale"
FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)")


def _catalogue(lang: str) -> dict[str, list[str]]:
    """msgid → its texts (one, or one per plural form), over every .po of a language."""
    out: dict[str, list[str]] = {}
    for po in sorted((LOCALE / lang / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as fp:
            for message in read_po(fp):
                if not message.id:
                    continue
                msgid = message.id[0] if isinstance(message.id, tuple) else message.id
                assert msgid not in out, f"{po.name}: {msgid} is defined twice"
                texts = message.string
                out[msgid] = list(texts) if isinstance(texts, tuple) else [texts]
    return out


def test_every_id_has_a_german_and_an_english_text() -> None:
    de, en = _catalogue("de"), _catalogue("en")
    assert sorted(set(de) - set(en)) == [], "ids without an English text"
    assert sorted(set(en) - set(de)) == [], "ids without a German text"
    empty = [
        f"{lang}:{k}"
        for lang, cat in (("de", de), ("en", en))
        for k, v in cat.items()
        if not all(s.strip() for s in v)
    ]
    assert empty == []


def test_both_languages_name_the_same_fields() -> None:
    de, en = _catalogue("de"), _catalogue("en")
    differ = []
    for msgid, texts in de.items():
        fields_de = {f for s in texts for f in FIELD.findall(s)}
        fields_en = {f for s in en[msgid] for f in FIELD.findall(s)}
        if fields_de != fields_en:
            differ.append((msgid, sorted(fields_de), sorted(fields_en)))
    assert differ == []


def test_compiled_catalogues_are_up_to_date(tmp_path: Path) -> None:
    copy = tmp_path / "locale"
    shutil.copytree(LOCALE, copy)
    for mo in copy.glob("*/LC_MESSAGES/*.mo"):
        mo.unlink()
    written = i18n.compile_catalogues(copy)
    assert written, "no catalogue compiled"
    stale = [
        str(mo.relative_to(copy))
        for mo in written
        if mo.read_bytes() != (LOCALE / mo.relative_to(copy)).read_bytes()
    ]
    assert stale == [], "run: python -m integ.i18n"
    i18n._catalogues.clear()


@pytest.mark.parametrize(
    ("lang", "calls", "expected"),
    [
        ("de", lambda: i18n.tn("count.goal", 1), "1 Ziel"),
        ("de", lambda: i18n.tn("count.goal", 2), "2 Ziele"),
        ("de", lambda: i18n.tn("count.value", 1), "1 Messwert"),
        ("en", lambda: i18n.tn("count.goal", 2), "2 goals"),
        ("de", lambda: i18n.number(12.25), "12,3"),
        ("de", lambda: i18n.number(8.5), "8,5"),
        ("de", lambda: i18n.number(0.8 - 0.1), "0,7"),
        ("en", lambda: i18n.number(1234.5), "1,234.5"),
        ("de", lambda: i18n.money(1450000), "1.450.000\u00a0€"),
        ("en", lambda: i18n.money(1450000), "€1,450,000"),
        ("de", lambda: i18n.percent(8.5), "8,5\u00a0%"),
        ("de", lambda: i18n.date("2023-07-18"), "18.07.2023"),
        ("de", lambda: i18n.date("2026-06"), "06/2026"),
        ("en", lambda: i18n.date("2023-07-18"), "18 Jul 2023"),
        ("de", lambda: i18n.longdate("2023-07-18"), "18. Juli 2023"),
        ("en", lambda: i18n.longdate("2023-07-18"), "18 July 2023"),
        ("de", lambda: i18n.join(["a", "b", "c"]), "a, b und c"),
        ("de", lambda: i18n.t("{y} {d:date}", y=2027, d="2024-09-17"), "2027 17.09.2024"),
        ("de", lambda: i18n.t("{a}/{missing}", a=1), "1/{missing}"),
        ("de", lambda: i18n.t("not.an.id"), "not.an.id"),
        ("de", lambda: i18n.number(float("nan")), "nan"),
        ("de", lambda: i18n.number(-0.01), "0"),
    ],
)
def test_formats(lang: str, calls, expected: str) -> None:
    with i18n.using(lang):
        assert calls() == expected


@pytest.mark.parametrize(
    ("option", "env", "settings", "expected"),
    [
        ("en", "de", "de", "en"),
        (None, "en", "de", "en"),
        (None, None, "en_GB", "en"),
        (None, None, None, "de"),
        ("fr", None, None, "de"),
    ],
)
def test_language_is_option_then_env_then_settings_then_german(
    monkeypatch: pytest.MonkeyPatch, option, env, settings, expected
) -> None:
    if env:
        monkeypatch.setenv("INTEG_LANG", env)
    else:
        monkeypatch.delenv("INTEG_LANG", raising=False)
    assert i18n.resolve(option, settings) == expected
