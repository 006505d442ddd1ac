"""tests/data/invalid/<rule>/<case>.yaml: each case yields exactly the findings its
.expect file names (rule and line), and every rule has at least one case."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from integ.rules import all_rules

from .conftest import DATA, TODAY, run_cli

INVALID = DATA / "invalid"
CASES = sorted(INVALID.glob("*/*.yaml"))
# made on the fly in test_yaml_io; actor-conflict needs two concepts (test_status);
# measure-id-reused needs git history (test_check)
NO_STORED_CASE = {"file-too-large", "file-unreadable", "actor-conflict", "measure-id-reused"}


def _expected(case: Path) -> set[tuple[str, int]]:
    out = set()
    for line in case.with_suffix(".expect").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rule, number = line.split()
            out.add((rule, int(number)))
    return out


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_case_gives_exactly_its_expected_findings(workspace: Path, case: Path) -> None:
    shutil.copy(case, workspace / "concepts" / case.name)
    result = run_cli("validate", "--today", TODAY, "--format", "json", cwd=workspace)
    assert result.code == (
        1 if any(all_rules()[r].severity == "error" for r, _ in _expected(case)) else 0
    ), result.out
    found = {
        (f["rule"], f["line"])
        for f in json.loads(result.out)["findings"]
        if f["file"] == f"concepts/{case.name}"
    }
    assert found == _expected(case)
    assert case.parent.name in {rule for rule, _ in found}


def test_every_rule_has_a_case() -> None:
    covered = {p.parent.name for p in CASES}
    assert set(all_rules()) - NO_STORED_CASE <= covered


@pytest.mark.parametrize("name", ["minimal.yaml", "full.yaml"])
def test_valid_files_give_no_finding(workspace: Path, name: str) -> None:
    shutil.copy(DATA / "valid" / name, workspace / "concepts" / name)
    result = run_cli("validate", "--today", TODAY, "--strict", "--format", "json", cwd=workspace)
    assert json.loads(result.out)["findings"] == [] and result.code == 0
