"""tests/data/invalid/<rule>/<case>.yaml: each case yields exactly the findings its
.expect file names, and every rule has at least one case.

An .expect file has one finding per line, optionally followed by its German text:

    RULE LINE [MESSAGE_ID [SUBJECT [PARAMS]]]
      de: the German text of the finding

SUBJECT is ``kind:id`` (``kind:`` when the element has no id), PARAMS the finding's
params as one JSON object. What a line names is asserted: the short form ``RULE LINE``
checks rule and line only; the long form also the message id, the subject and every
param (language independent), and a ``de:`` line the exact German text. A case whose
.expect is empty (the ``near-miss-*`` cases, one day on the safe side of a date rule's
boundary) must give no finding at all.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from integ import i18n
from integ.problems import Finding
from integ.rules import all_rules

from .conftest import DATA, TODAY, run_cli

INVALID = DATA / "invalid"
CASES = sorted(INVALID.glob("*/*.yaml"))
# made on the fly in test_yaml_io; actor-conflict needs two concepts (test_rules);
# measure-id-reused needs git history (test_check)
NO_STORED_CASE = {"file-too-large", "file-unreadable", "actor-conflict", "measure-id-reused"}


@dataclass
class Expected:
    rule: str
    line: int
    message_id: str | None = None
    subject: str | None = None
    params: dict[str, Any] | None = None
    de: str | None = None


def parse_expect(text: str) -> list[Expected]:
    out: list[Expected] = []
    for raw in text.splitlines():
        if not raw.strip():
            continue
        if raw.startswith((" ", "\t")):
            key, _, value = raw.strip().partition(": ")
            assert key == "de" and out, f"unexpected line {raw!r}"
            out[-1].de = value
            continue
        parts = raw.split(" ", 4)
        rule, line = parts[0], int(parts[1])
        out.append(
            Expected(
                rule,
                line,
                parts[2] if len(parts) > 2 else None,
                parts[3] if len(parts) > 3 else None,
                json.loads(parts[4]) if len(parts) > 4 else None,
            )
        )
    return out


def _subject(f: dict[str, Any]) -> str | None:
    s = f.get("subject")
    return f"{s['kind']}:{s['id'] or ''}" if s else None


def text(f: dict[str, Any], lang: str) -> str:
    """A finding's text in a language, made from its message id and params."""
    with i18n.using(lang):
        return Finding.from_dict(f).message


def _findings(workspace: Path, case: Path) -> tuple[int, list[dict[str, Any]]]:
    result = run_cli("validate", "--today", TODAY, "--format", "json", cwd=workspace)
    found = [
        f for f in json.loads(result.out)["findings"] if f["file"] == f"concepts/{case.name}"
    ]
    return result.code, found


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_case_gives_exactly_its_expected_findings(workspace: Path, case: Path) -> None:
    expected = parse_expect(case.with_suffix(".expect").read_text(encoding="utf-8"))
    shutil.copy(case, workspace / "concepts" / case.name)
    code, found = _findings(workspace, case)
    assert code == (1 if any(all_rules()[e.rule].severity == "error" for e in expected) else 0)
    assert sorted((f["rule"], f["line"]) for f in found) == sorted(
        (e.rule, e.line) for e in expected
    )
    if not expected:
        assert case.stem.startswith("near-miss"), "only near-miss cases expect no finding"
        return
    assert case.parent.name in {f["rule"] for f in found}
    for e in expected:
        f = next(
            f for f in found if (f["rule"], f["line"]) == (e.rule, e.line)
            and (e.message_id is None or f["message_id"] == e.message_id)
        )
        if e.message_id is not None:
            assert f["message_id"] == e.message_id
        if e.subject is not None:
            assert _subject(f) == (None if e.subject == "-" else e.subject)
        if e.params is not None:
            assert f["params"] == e.params
        if e.de is not None:
            assert text(f, "de") == e.de


def test_every_rule_has_a_case() -> None:
    covered = {p.parent.name for p in CASES}
    assert set(all_rules()) - NO_STORED_CASE <= covered


DATE_RULES = [
    "review-overdue",
    "measure-overdue",
    "measure-not-started",
    "review-by-past",
    "funding-ends-early",
    "measure-stale",
    "indicator-without-recent-value",
    "network-inactive",
]


@pytest.mark.parametrize("name", DATE_RULES)
def test_every_date_rule_has_cases_on_both_sides_of_its_boundary(name: str) -> None:
    """One day past the due date gives the finding, the due date itself none (kills
    `<` → `<=` in every date rule); every finding carries its due date."""
    folder = INVALID / name
    after = sorted(folder.glob("day-after*.yaml"))
    near = sorted(folder.glob("near-miss*.yaml"))
    assert after and near
    for case in after:
        expected = parse_expect(case.with_suffix(".expect").read_text(encoding="utf-8"))
        assert [e.rule for e in expected] == [name]
        assert expected[0].params is not None and "due" in expected[0].params
    for case in near:
        assert parse_expect(case.with_suffix(".expect").read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.parent.name in DATE_RULES and not c.stem.startswith("near")],
    ids=lambda p: f"{p.parent.name}/{p.stem}",
)
def test_date_findings_are_complete_in_english(workspace: Path, case: Path) -> None:
    shutil.copy(case, workspace / "concepts" / case.name)
    _code, found = _findings(workspace, case)
    assert found
    for f in found:
        for lang in ("de", "en"):
            assert i18n.has(f["message_id"], lang), f["message_id"]
        english = text(f, "en")
        assert "{" not in english and not any(ch in english for ch in "äöüß„“"), english


@pytest.mark.parametrize("name", ["minimal.yaml", "full.yaml"])
def test_valid_files_give_no_finding(workspace: Path, name: str) -> None:
    shutil.copy(DATA / "valid" / name, workspace / "concepts" / name)
    result = run_cli("validate", "--today", TODAY, "--strict", "--format", "json", cwd=workspace)
    assert json.loads(result.out)["findings"] == [] and result.code == 0
