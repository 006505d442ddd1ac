"""No input makes integ crash: arbitrary text, arbitrary YAML, and mangled concepts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integ import yaml_io
from integ.validate import check_concept, severities
from integ.workspace import Workspace

from .conftest import DATA, mutate, paths_of, run_cli

TODAY = dt.date(2026, 11, 25)
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
MINIMAL = yaml_io.load(DATA / "valid" / "minimal.yaml").data

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(
        [
            "2024-13-01",
            "2024-06",
            "ongoing",
            "Z-SPR-1",
            "",
            "no",
            "percent",
            "muster@example.org",
            "07222 381-1234",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


def check(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "concepts" / "minimal.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    ws = Workspace(root=tmp_path)
    doc = yaml_io.load(path, "concepts/minimal.yaml")
    for finding in check_concept(doc, ws, TODAY, severities(ws)):
        assert finding.span.line >= 1 and finding.span.column >= 1
        assert finding.message


@SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(tmp_path: Path, data: bytes) -> None:
    check(tmp_path, data)


@SETTINGS
@given(
    st.text(
        alphabet=st.sampled_from(list("abc:-[]{}&*!|>'\"#\n\t ,?%@`0123456789.~")), max_size=200
    )
)
def test_yaml_looking_text_never_raises(tmp_path: Path, text: str) -> None:
    check(tmp_path, text.encode("utf-8"))


@SETTINGS
@given(values)
def test_arbitrary_yaml_never_raises(tmp_path: Path, value: Any) -> None:
    check(tmp_path, yaml.safe_dump(value, allow_unicode=True).encode("utf-8"))


PATHS = [p for p in paths_of(MINIMAL) if p]


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(PATHS), values), min_size=1, max_size=3))
def test_mangled_concepts_never_raise(
    tmp_path: Path, edits: list[tuple[tuple[Any, ...], Any]]
) -> None:
    data = mutate(MINIMAL, edits)
    check(tmp_path, json.dumps(data, ensure_ascii=False).encode("utf-8"))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=200) | st.text(max_size=200).map(lambda t: t.encode("utf-8")))
def test_cli_exit_code_is_documented(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "concepts").mkdir(exist_ok=True)
    (tmp_path / "integ.yaml").write_text("", encoding="utf-8")
    (tmp_path / "concepts" / "x.yaml").write_bytes(data)
    result = run_cli("validate", "--today", "2026-11-25", cwd=tmp_path)
    assert result.code in (0, 1)
    assert "Traceback" not in result.out + result.err
    assert result.err == ""
