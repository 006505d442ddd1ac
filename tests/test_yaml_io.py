"""The loader: YAML 1.2 scalars, positions, and bad input as findings, never exceptions."""

from __future__ import annotations

from pathlib import Path

import pytest

from integ import yaml_io
from integ.problems import Span


def load(tmp_path: Path, text: str | bytes, name: str = "c.yaml") -> yaml_io.Document:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return yaml_io.load(path, name)


def rules(doc: yaml_io.Document) -> list[tuple[str, int, int]]:
    return [(f.rule, f.span.line, f.span.column) for f in doc.findings]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("no", "no"),
        ("on", "on"),
        ("yes", "yes"),
        ("off", "off"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("2024-01-01", "2024-01-01"),
        ("2024-06", "2024-06"),
        ("2024", 2024),
        ("08216000", 8216000),
        ("0o17", 15),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("2.0", 2.0),
        ("-3", -3),
        ("Ja", "Ja"),
        ("12:30", "12:30"),
    ],
)
def test_plain_scalars_follow_yaml_1_2(tmp_path: Path, text: str, value: object) -> None:
    doc = load(tmp_path, f"key: {text}\n")
    assert doc.findings == []
    assert doc.data == {"key": value}
    assert type(doc.data["key"]) is type(value)


def test_quoted_scalars_stay_text(tmp_path: Path) -> None:
    doc = load(tmp_path, "a: \"08216000\"\nb: '2.0'\nc: !!str 12\n")
    assert doc.data == {"a": "08216000", "b": "2.0", "c": "12"}


def test_bom_is_accepted(tmp_path: Path) -> None:
    doc = load(tmp_path, b"\xef\xbb\xbfformat: integ/1\n")
    assert doc.findings == [] and doc.data == {"format": "integ/1"}


def test_positions_are_one_based_and_point_at_keys_and_values(tmp_path: Path) -> None:
    doc = load(tmp_path, "a:\n  b:\n    - x\n    - {c: 1}\n")
    assert doc.locate(("a", "b", 1, "c")) == Span(4, 11, 4, 12)
    assert doc.locate(("a", "b", 1, "c"), key=True) == Span(4, 8, 4, 9)
    assert doc.locate(("a", "b", 0)) == Span(3, 7, 3, 8)
    # a path that does not exist points at the nearest parent
    assert doc.locate(("a", "b", 7)).line == 3
    assert doc.locate(("a", "missing")).line == 2


def test_duplicate_keys_are_found_with_their_line(tmp_path: Path) -> None:
    doc = load(tmp_path, "a: 1\nb:\n  c: 1\n  c: 2\n")
    assert rules(doc) == [("duplicate-key", 4, 3)]
    assert doc.data == {"a": 1, "b": {"c": 1}}


@pytest.mark.parametrize(
    ("text", "rule", "line"),
    [
        ("a: b: c\n", "yaml-syntax", 1),
        ("a:\n  - x\n y: 1\n", "yaml-syntax", 3),
        ("a: 'open\nb: 1\n", "yaml-syntax", 1),
        ("a:\n\tb: 1\n", "yaml-syntax", 2),
        ("a: *nothing\n", "yaml-syntax", 1),
        ("a: 1\n---\nb: 2\n", "yaml-syntax", 2),
        ("a: !!python/object/apply:os.system ['ls']\n", "yaml-unsafe", 1),
        ("a: !custom x\n", "yaml-unsafe", 1),
        ("? [a, b]\n: c\n", "wrong-type", 1),
        ("", "not-a-mapping", 1),
        ("# nur ein Kommentar\n", "not-a-mapping", 1),
        ("a: \x07\n", "file-encoding", 1),
    ],
)
def test_bad_yaml_is_a_finding(tmp_path: Path, text: str, rule: str, line: int) -> None:
    doc = load(tmp_path, text)
    assert not doc.ok
    assert [(f.rule, f.span.line) for f in doc.findings] == [(rule, line)]


def test_tab_message_says_what_to_do(tmp_path: Path) -> None:
    doc = load(tmp_path, "a:\n\tb: 1\n")
    assert doc.findings[0].message_id == "loader.syntax.tab"
    assert "Tabulator" in doc.findings[0].message and "Leerzeichen" in doc.findings[0].message


def test_latin1_file_is_located(tmp_path: Path) -> None:
    doc = load(tmp_path, "title: x\nname: Gr\xfc\xdfe\n".encode("latin-1"))
    assert rules(doc) == [("file-encoding", 2, 9)]
    assert doc.findings[0].message_id == "loader.not-utf8"
    assert doc.findings[0].params == {"byte": "0xfc"} and "UTF-8" in doc.findings[0].message


def test_binary_file_is_refused(tmp_path: Path) -> None:
    doc = load(tmp_path, bytes(range(256)) * 4)
    assert [f.rule for f in doc.findings] == ["file-encoding"]


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 9):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    doc = load(tmp_path, "\n".join(lines) + "\n")
    assert [f.rule for f in doc.findings] == ["yaml-unsafe"]
    # 9**9 values of 4 characters: past the expanded text's limit (5 MB) before the
    # count of values (2,000,000); either refuses it at its first anchor
    assert doc.findings[0].message_id in ("loader.alias-bomb", "loader.expanded-too-large")
    assert doc.findings[0].span.line == 1


def test_small_aliases_are_fine(tmp_path: Path) -> None:
    doc = load(tmp_path, "a: &x [1, 2]\nb: *x\n")
    assert doc.findings == [] and doc.data == {"a": [1, 2], "b": [1, 2]}


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    doc = load(tmp_path, "a: " + "[" * 500 + "]" * 500 + "\n")
    assert [f.rule for f in doc.findings] in (["yaml-unsafe"], ["yaml-syntax"])


def test_file_over_10_mb_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(yaml_io.MAX_BYTES + 1)
    doc = yaml_io.load(path, "huge.yaml")
    assert [f.rule for f in doc.findings] == ["file-too-large"]


def test_unreadable_file_is_a_finding(tmp_path: Path) -> None:
    doc = yaml_io.load(tmp_path / "absent.yaml", "absent.yaml")
    assert [f.rule for f in doc.findings] == ["file-unreadable"]
