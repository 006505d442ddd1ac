"""Messages a coordinator can act on (issue 10, point 4): libyaml's syntax errors told
as what happened, and the schema's findings with the suggestion that fixes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from integ import i18n, yaml_io
from integ.concept import Concept
from integ.rules.structure import schema_hits

MINIMAL = (Path(__file__).parent / "data" / "valid" / "minimal.yaml").read_text(encoding="utf-8")


def syntax(text: str) -> tuple[str, dict[str, object], int, int]:
    doc = yaml_io.load(Path("x.yaml"), "x.yaml", data=text.encode("utf-8"))
    assert len(doc.findings) == 1, doc.findings
    f = doc.findings[0]
    return f.message_id, f.params, f.line, f.column


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the expected column comes from the lines above
        (
            "municipality:\n  name: Musterdorf\n   type: town\n",
            ("loader.syntax.indentation", {"found": 4, "expected": 3}, 3, 4),
        ),
        (
            "a:\n  b:\n    - date: 2025-01-01\n       note: x\n",
            ("loader.syntax.indentation", {"found": 8, "expected": 7}, 4, 8),
        ),
        (
            "measures:\n  - id: M1\n    title: x\n  id: M2\n",
            ("loader.syntax.missing-dash", {}, 4, 3),
        ),
        ("goals:\n  - Z-1\n  Z-2\n", ("loader.syntax.missing-dash", {}, 3, 3)),
        ('title: "Integration\nid: x\n', ("loader.syntax.unclosed-quote", {"quote": '"'}, 1, 8)),
        ("title: 'Integration\nid: x\n", ("loader.syntax.unclosed-quote", {"quote": "'"}, 1, 8)),
        (
            "goals: [Z-1, Z-2\nid: x\n",
            ("loader.syntax.unclosed-bracket", {"opener": "[", "closer": "]"}, 1, 8),
        ),
        (
            "a: {b: 1\nid: x\n",
            ("loader.syntax.unclosed-bracket", {"opener": "{", "closer": "}"}, 1, 4),
        ),
        ("a:\n\tb: 1\n", ("loader.syntax.tab", {}, 2, 1)),
        ("title: Integration: gemeinsam\n", ("loader.syntax.colon-in-value", {}, 1, 19)),
        ("title: @vhs\n", ("loader.syntax.bad-start", {"char": "@"}, 1, 8)),
        ("a: 1\n---\nb: 2\n", ("loader.syntax.second-document", {}, 2, 1)),
        ("a: *nirgends\n", ("loader.syntax.undefined-alias", {"alias": "nirgends"}, 1, 4)),
    ],
)
def test_syntax_errors_say_what_happened(text: str, expected: tuple[object, ...]) -> None:
    assert syntax(text) == expected


def test_indentation_message_names_the_column_in_words() -> None:
    with i18n.using("de"):
        doc = yaml_io.load(Path("x.yaml"), data=b"m:\n  name: X\n   type: town\n")
        assert doc.findings[0].message == (
            "Falsch eingerückt: diese Zeile beginnt in Spalte 4, die Zeilen darüber in "
            "Spalte 3. Rücken Sie sie mit Leerzeichen so ein, dass sie in Spalte 3 beginnt."
        )
    with i18n.using("en"):
        assert doc.findings[0].message.startswith("Wrong indentation: this line starts in column 4")


def test_block_scalar_text_does_not_count_as_indentation() -> None:
    text = "a:\n  text: |\n      eingerückter Text\n  b: 1\n   c: 2\n"
    assert syntax(text)[:2] == ("loader.syntax.indentation", {"found": 4, "expected": 3})


def test_every_loader_message_exists_in_both_languages() -> None:
    import re

    source = (Path(yaml_io.__file__)).read_text(encoding="utf-8")
    ids = set(re.findall(r'"(loader\.[a-z0-9.-]+)"', source))
    ids |= {f"loader.not-a-file.{k}" for k in ("folder", "fifo", "device", "socket", "other")}
    ids.discard("loader.not-a-file.")
    for lang in i18n.LANGS:
        missing = {i for i in ids if not i18n.has(i, lang)}
        assert not missing, (lang, missing)


# --------------------------------------------------------------------------- schema


def hits(text: str) -> list[tuple[str, str, dict[str, object]]]:
    doc = yaml_io.load(Path("x.yaml"), data=text.encode("utf-8"))
    assert doc.ok, doc.findings
    return [(rule, h.message, h.params or {}) for rule, h in schema_hits(Concept, doc.data)]


def change(old: str, new: str) -> str:
    assert old in MINIMAL
    return MINIMAL.replace(old, new, 1)


def test_misspelt_key_is_one_finding_with_a_suggestion() -> None:
    found = hits(change("    title: Sprachcafé", "    titel: Sprachcafé"))
    assert [(r, m) for r, m, _ in found] == [("unknown-key", "schema.unknown-key.suggest")]
    assert found[0][2] == {"key": "titel", "suggestion": "title"}
    with i18n.using("de"):
        doc = yaml_io.load(Path("x.yaml"), data=b"x: 1\n")
        f = doc.finding(("titel",), "unknown-key", found[0][1], params=found[0][2])
        assert f.message == "Unbekannter Schlüssel „titel“ – meinten Sie „title“?"
    with i18n.using("en"):
        assert f.message == "Unknown key “titel” – did you mean “title”?"


def test_a_key_missing_without_a_misspelling_is_still_reported() -> None:
    found = hits(change("    lead: vhs-musterdorf\n", ""))
    assert [(r, m, p["keys"]) for r, m, p in found] == [
        ("missing-key", "schema.missing.in", ["lead"])
    ]
    assert found[0][2]["owner"] == "M-SPR-01"


def test_decimal_comma_in_a_flow_mapping_is_one_finding() -> None:
    found = hits(change("{year: 2025, value: 51}", "{year: 2025, value: 19,5}"))
    assert found == [
        (
            "invalid-value",
            "schema.decimal-comma",
            {"key": "5", "written": "19,5", "suggestion": "19.5"},
        )
    ]
    with i18n.using("de"):
        assert i18n.t(found[0][1], **found[0][2]) == (
            "Dezimalzahlen mit Punkt schreiben: 19.5 statt 19,5."
        )


@pytest.mark.parametrize("written", ["19,5", '"19,5"'])
def test_decimal_comma_where_a_number_belongs(written: str) -> None:
    found = hits(change("{year: 2025, value: 51}", f"{{year: 2025, value: {written}}}"))
    assert [(r, m, p["suggestion"]) for r, m, p in found] in (
        [("invalid-value", "schema.decimal-comma", "19.5")],
    )


def test_quoted_number_is_suggested_without_quotes() -> None:
    found = hits(change("{year: 2025, value: 51}", '{year: 2025, value: "19.5"}'))
    assert [(m, p["suggestion"]) for _, m, p in found] == [("schema.type.quoted-number", "19.5")]


@pytest.mark.parametrize(
    ("old", "new", "message", "suggestion"),
    [
        ("last: 2025-06-02", "last: 01.03.2025", "schema.date.german", "2025-03-01"),
        ("last: 2025-06-02", "last: 1.3.2025", "schema.date.german", "2025-03-01"),
        ("start: 2025-01", "start: 06/2026", "schema.date.german", "2026-06"),
        ("last: 2025-06-02", "last: 06/2026", "schema.date.month-only", "2026-06-01"),
    ],
)
def test_german_dates_get_the_iso_form(old: str, new: str, message: str, suggestion: str) -> None:
    found = hits(change(old, new))
    assert [(m, p["suggestion"]) for _, m, p in found] == [(message, suggestion)]


def test_german_enum_word_is_mapped() -> None:
    found = hits(change("    status: ongoing\n    start", "    status: laufend\n    start"))
    assert [(r, m) for r, m, _ in found] == [("unknown-value", "schema.enum.german")]
    params = found[0][2]
    assert params["suggestion"] == "ongoing" and params["kind"] == "measure_status"
    assert "ongoing" in params["allowed"] and "planned" in params["allowed"]


def test_enum_error_lists_the_allowed_values_with_their_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    words = {"enum.measure_status.ongoing": "laufend", "enum.measure_status.planned": "geplant"}
    real = i18n._lookup
    monkeypatch.setattr(
        i18n,
        "_lookup",
        lambda msgid, lang, n=None: (
            words.get(msgid) if lang == "de" and msgid in words else real(msgid, lang, n)
        ),
    )
    found = hits(change("    status: ongoing\n    start", "    status: finished\n    start"))
    assert [m for _, m, _ in found] == ["schema.enum"]
    with i18n.using("de"):
        text = i18n.t(found[0][1], **found[0][2])
    assert "„finished“ ist kein zulässiger Wert für „status“" in text
    assert "planned (geplant), ongoing (laufend), completed" in text


def test_misspelt_enum_value_gets_a_suggestion() -> None:
    found = hits(change("    status: ongoing\n    start", "    status: ongoign\n    start"))
    assert [(m, p["suggestion"]) for _, m, p in found] == [("schema.enum.suggest", "ongoing")]


def test_umlaut_id_gets_the_transliteration() -> None:
    found = hits(change("  - id: ib-musterdorf", "  - id: ib-müsterdorf"))
    assert [(m, p["suggestion"]) for _, m, p in found] == [
        ("schema.pattern.id.suggest", "ib-muesterdorf")
    ]


def test_merge_key_says_yaml_1_2_has_none() -> None:
    found = hits(MINIMAL + "municipality2: &m {a: 1}\n".replace("municipality2", "x_anchor"))
    assert found and all(r == "unknown-key" for r, _, _ in found)
    doc = yaml_io.load(
        Path("x.yaml"),
        data=(MINIMAL.replace("adopted:\n", "adopted:\n  <<: {body: x}\n", 1)).encode(),
    )
    assert [h.message for _, h in schema_hits(Concept, doc.data)] == ["schema.merge-key"]


def test_values_the_loader_reported_are_not_reported_again() -> None:
    doc = yaml_io.load(Path("x.yaml"), data=change("value: 55}", "value: .inf}").encode())
    assert [f.message_id for f in doc.findings] == ["loader.not-finite"]
    assert list(schema_hits(Concept, doc.data)) == []
    doc = yaml_io.load(Path("x.yaml"), data=change("name: Geflüchtete", "name: .nan").encode())
    assert list(schema_hits(Concept, doc.data)) == []  # a text field: still one finding


def test_subjects_name_the_element() -> None:
    doc = yaml_io.load(Path("x.yaml"), data=change("    lead: vhs-musterdorf\n", "").encode())
    ((_, hit),) = schema_hits(Concept, doc.data)
    assert hit.subject is not None and (hit.subject.kind, hit.subject.id) == ("measure", "M-SPR-01")


def test_every_schema_message_exists_in_both_languages() -> None:
    import re

    from integ.rules import structure

    source = Path(structure.__file__).read_text(encoding="utf-8")
    ids = set(re.findall(r'"(schema\.[a-z0-9._-]+)"', source))
    ids |= {
        f"schema.type.{w}{e}"
        for w in ("text", "int", "number", "bool", "list", "mapping")
        for e in ("", ".empty")
    }
    ids |= {
        f"schema.range.{k}"
        for k in ("greater_than_equal", "less_than_equal", "greater_than", "less_than")
    }
    ids = {i for i in ids if not i.endswith(".")}
    for lang in i18n.LANGS:
        assert not {i for i in ids if not i18n.has(i, lang)}, lang
