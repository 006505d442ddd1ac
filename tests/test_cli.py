"""The command line, in every output format, with its exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from integ.rules import all_rules

from .conftest import DATA, ROOT, TODAY, run_cli

BROKEN = """\
format: integ/1
id: stadt-test
title: Test
municipality: {name: Stadt Test, type: town}
version: "1.0"
status: draft
review: {cycle_months: 24}
fields:
  - id: sprache
    title: Sprache
    goals:
      - id: Z-1
        title: Ziel
        indicators:
          - {id: I-1, title: Quote, unit: percent, values: [{year: 2026, value: 5}]}
measures:
  - id: M-1
    title: "Kurs: 100 % sicher, mit Komma, und Doppelpunkt"
    goals: [Z-1, Z-9]
    lead: vhs
    status: ongoing
actors:
  - {id: vhs, name: VHS, type: language_course}
"""


@pytest.fixture
def broken(workspace: Path) -> Path:
    (workspace / "concepts" / "stadt-test.yaml").write_text(BROKEN, encoding="utf-8")
    return workspace


def test_version() -> None:
    from integ import __version__

    result = run_cli("--version")
    assert (result.code, result.out) == (0, f"integ {__version__}\n")


def test_console_script_and_module_start() -> None:
    exe = Path(sys.executable).parent / "integ"
    for cmd in ([str(exe), "--version"], [sys.executable, "-m", "integ", "--version"]):
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        assert done.returncode == 0 and done.stdout.startswith("integ ")


def test_example_workspace_validates_without_errors(example: Path) -> None:
    result = run_cli("validate", "--today", TODAY, "--format", "json", cwd=example)
    report = json.loads(result.out)
    assert result.code == 0, result.out
    assert report["summary"]["errors"] == 0
    assert report["summary"]["files"] == 5  # integ.yaml, actors.yaml, three concepts
    # the warnings are the deliberate ones listed in concepts/EXPECTED_WARNINGS.md
    listed = (ROOT / "concepts" / "EXPECTED_WARNINGS.md").read_text(encoding="utf-8")
    for finding in report["findings"]:
        assert finding["rule"] in listed


def test_repository_itself_validates() -> None:
    result = run_cli("validate", "--today", TODAY, "concepts", cwd=ROOT)
    assert result.code == 0, result.out


def test_text_format(broken: Path) -> None:
    result = run_cli("validate", "--today", TODAY, "--format", "text", cwd=broken)
    assert result.code == 1
    assert result.out.splitlines()[0] == "concepts/stadt-test.yaml"
    finding = next(x for x in result.out.splitlines() if x.startswith("  19:18 "))
    assert finding.startswith("  19:18    Fehler ") and finding.endswith("  [unknown-reference]")
    assert "  19 |     goals: [Z-1, Z-9]" in result.out  # the line, a caret under Z-9
    assert "     |                  ^~~" in result.out
    assert result.out.rstrip().splitlines()[-1] == "1 Konzept geprüft: 1 Fehler, 0 Warnungen"
    assert "\x1b[" not in result.out  # no colour when piped / NO_COLOR


def test_json_format_has_the_fixed_shape(broken: Path) -> None:
    result = run_cli("validate", "--today", TODAY, "--format", "json", cwd=broken)
    report = json.loads(result.out)
    assert result.code == 1
    assert report == {
        "findings": [
            {
                "file": "concepts/stadt-test.yaml",
                "line": 19,
                "column": 18,
                "end_line": 19,
                "end_column": 21,
                "severity": "error",
                "rule": "unknown-reference",
                "message": "Maßnahme M-1 nennt das Ziel „Z-9“, das es in diesem Konzept nicht gibt – meinten Sie „Z-1“?",
                "path": "measures[0].goals[1]",
                "message_id": "finding.unknown-reference.goal.suggest",
                "subject": {"kind": "measure", "id": "M-1"},
                "params": {
                    "owner": "M-1",
                    "owner_kind": "measure",
                    "value": "Z-9",
                    "what": "goal",
                    "suggestion": "Z-1",
                },
            }
        ],
        "summary": {"files": 2, "errors": 1, "warnings": 0},
    }


def test_github_format_escapes_properties_and_data(broken: Path) -> None:
    concept = broken / "concepts" / "stadt-test.yaml"
    concept.write_text(BROKEN.replace("lead: vhs", "lead: 'vhs, 100%'"), encoding="utf-8")
    result = run_cli("validate", "--today", TODAY, "--format", "github", cwd=broken)
    lines = result.out.splitlines()
    assert result.code == 1
    assert lines[0] == (
        "::error file=concepts/stadt-test.yaml,line=19,col=18,endLine=19,"
        "endColumn=21,title=integ unknown-reference::Maßnahme M-1 nennt das Ziel „Z-9“, das es in diesem Konzept nicht gibt – meinten Sie „Z-1“?"
    )
    assert "title=integ invalid-value::" in lines[1] and "vhs, 100%25" in lines[1]
    assert lines[-1].startswith("integ: 1 Konzept geprüft")


def test_auto_format_is_github_inside_github_actions(broken: Path) -> None:
    result = run_cli("validate", "--today", TODAY, cwd=broken, env={"GITHUB_ACTIONS": "true"})
    assert result.out.startswith("::error file=")


def test_sarif_format(broken: Path) -> None:
    result = run_cli("validate", "--today", TODAY, "--format", "sarif", cwd=broken)
    log = json.loads(result.out)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == list(all_rules())
    assert all(r["shortDescription"]["text"] and r["help"]["text"] for r in driver["rules"])
    (res,) = run["results"]
    assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"] == "unknown-reference"
    assert res["level"] == "error"
    region = res["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (19, 18)
    assert (
        res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "concepts/stadt-test.yaml"
    )


def test_sarif_validates_against_its_schema(broken: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((DATA / "sarif-2.1.0-subset.schema.json").read_text(encoding="utf-8"))
    result = run_cli("validate", "--today", TODAY, "--format", "sarif", cwd=broken)
    jsonschema.validate(json.loads(result.out), schema)


def test_junit_format(broken: Path) -> None:
    (broken / "concepts" / "ok.yaml").write_text(
        BROKEN.replace("id: stadt-test", "id: ok").replace("[Z-1, Z-9]", "[Z-1]"), encoding="utf-8"
    )
    result = run_cli("validate", "--today", TODAY, "--format", "junit", cwd=broken)
    root = ET.fromstring(result.out)
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {"integ.yaml", "concepts/ok.yaml", "concepts/stadt-test.yaml"}
    assert cases["concepts/stadt-test.yaml"].find("failure") is not None
    assert cases["concepts/ok.yaml"].find("failure") is None
    assert root.find("testsuite").get("failures") == "1"


def test_strict_fails_on_warnings(workspace: Path) -> None:
    shutil.copy(DATA / "valid" / "minimal.yaml", workspace / "concepts" / "minimal.yaml")
    ok = run_cli("validate", "--today", TODAY, "--strict", cwd=workspace)
    assert ok.code == 0, ok.out
    late = run_cli("validate", "--today", "2031-01-01", cwd=workspace)
    assert late.code == 0 and "review-overdue" in late.out
    strict = run_cli("validate", "--today", "2031-01-01", "--strict", cwd=workspace)
    assert strict.code == 1


def test_today_from_environment_and_option_wins(workspace: Path) -> None:
    shutil.copy(DATA / "valid" / "minimal.yaml", workspace / "concepts" / "minimal.yaml")
    late = run_cli("validate", cwd=workspace, env={"INTEG_TODAY": "2031-01-01"})
    assert "review-overdue" in late.out
    both = run_cli("validate", "--today", TODAY, cwd=workspace, env={"INTEG_TODAY": "2031-01-01"})
    assert "review-overdue" not in both.out


def test_rule_severity_from_integ_yaml(broken: Path) -> None:
    (broken / "integ.yaml").write_text("rules:\n  unknown-reference: warning\n", encoding="utf-8")
    result = run_cli("validate", "--today", TODAY, "--format", "json", cwd=broken)
    assert result.code == 0
    assert [f["severity"] for f in json.loads(result.out)["findings"]] == ["warning"]
    (broken / "integ.yaml").write_text("rules:\n  unknown-reference: off\n", encoding="utf-8")
    result = run_cli("validate", "--today", TODAY, "--format", "json", cwd=broken)
    assert json.loads(result.out)["findings"] == []


def test_unknown_rule_in_integ_yaml_is_reported(broken: Path) -> None:
    (broken / "integ.yaml").write_text("rules:\n  unknown-referenc: off\n", encoding="utf-8")
    result = run_cli("validate", "--today", TODAY, "--format", "json", cwd=broken)
    (first,) = [f for f in json.loads(result.out)["findings"] if f["file"] == "integ.yaml"]
    assert (first["line"], first["rule"]) == (2, "unknown-key")
    assert first["message_id"] == "finding.settings.unknown-rule.suggest"
    assert first["params"]["suggestion"] == "unknown-reference"


def test_structural_rules_cannot_be_switched_off(tmp_path: Path) -> None:
    """Issue 14.26: with the structural rules `off` in integ.yaml, a garbage concept
    still fails validate, and render refuses it instead of setting garbage."""
    (tmp_path / "concepts").mkdir()
    (tmp_path / "integ.yaml").write_text(
        "rules:\n  wrong-type: off\n  missing-key: warning\n  measure-stale: off\n",
        encoding="utf-8",
    )
    (tmp_path / "concepts" / "x.yaml").write_text(
        "format: integ/1\ntitle: [1, 2]\nmeasures: 5\n", encoding="utf-8"
    )
    result = run_cli("validate", "--today", TODAY, "--format", "json", "--no-cache", cwd=tmp_path)
    assert result.code == 1
    found = json.loads(result.out)["findings"]
    rules = {(f["file"], f["rule"], f["severity"]) for f in found}
    assert ("concepts/x.yaml", "wrong-type", "error") in rules
    assert ("concepts/x.yaml", "missing-key", "error") in rules
    said = [f for f in found if f["message_id"] == "finding.settings.structural-rule"]
    assert sorted(f["params"]["name"] for f in said) == ["missing-key", "wrong-type"]
    render = run_cli("render", "concepts/x.yaml", "--to", "md", "-o", "x.md", cwd=tmp_path)
    assert render.code == 1 and not (tmp_path / "x.md").exists()


def test_one_broken_file_does_not_hide_the_others(broken: Path) -> None:
    (broken / "concepts" / "aaa.yaml").write_text("a: 'unclosed\n", encoding="utf-8")
    result = run_cli("validate", "--today", TODAY, "--format", "json", cwd=broken)
    rules = {(f["file"], f["rule"]) for f in json.loads(result.out)["findings"]}
    assert ("concepts/aaa.yaml", "yaml-syntax") in rules
    assert ("concepts/stadt-test.yaml", "unknown-reference") in rules


def test_single_file_and_folder_arguments(broken: Path) -> None:
    one = run_cli(
        "validate", "--today", TODAY, "--format", "json", "concepts/stadt-test.yaml", cwd=broken
    )
    assert json.loads(one.out)["summary"]["files"] == 2
    folder = run_cli("validate", "--today", TODAY, "--format", "json", "concepts", cwd=broken)
    assert json.loads(folder.out)["summary"]["files"] == 2


def test_run_from_a_subfolder_finds_the_workspace(broken: Path) -> None:
    result = run_cli("validate", "--today", TODAY, cwd=broken / "concepts")
    assert result.code == 1 and "stadt-test.yaml" in result.out


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "does-not-exist.yaml"],
        ["validate", "--today", "25.11.2026"],
        ["validate", "--format", "xml"],
        ["rules", "no-such-rule"],
        ["new", "Stadt Test", "--name", "X", "--type", "town"],
        ["new", "stadt-x", "--name", "X", "--type", "city"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2_with_one_line_and_no_traceback(
    workspace: Path, args: list[str]
) -> None:
    result = run_cli(*args, cwd=workspace)
    assert result.code == 2
    assert "Traceback" not in result.err + result.out


def test_missing_path_message(workspace: Path) -> None:
    result = run_cli("validate", "nope.yaml", cwd=workspace)
    assert result.err == (
        "integ: nope.yaml: diese Datei oder diesen Ordner gibt es nicht (von hier aus gesehen)\n"
    )
    english = run_cli("--lang", "en", "validate", "nope.yaml", cwd=workspace)
    assert english.err == "integ: nope.yaml: no such file or folder (seen from here)\n"


def test_rules_lists_every_rule_and_explains_one() -> None:
    listing = run_cli("rules")
    for name in all_rules():
        assert name in listing.out
    one = run_cli("rules", "unknown-reference")
    assert "Falsch:" in one.out and "Richtig:" in one.out and "Warum:" in one.out
    close = run_cli("rules", "unknown-referenc")
    assert close.err == (
        "integ: eine Regel „unknown-referenc“ gibt es nicht (meinten Sie „unknown-reference“?); "
        "„integ rules“ listet alle Regeln\n"
    )
    md = run_cli("rules", "--format", "markdown")
    assert "```yaml" in md.out
    data = json.loads(run_cli("rules", "--format", "json").out)
    assert {r["name"] for r in data} == set(all_rules())


def test_every_rule_is_documented_with_examples() -> None:
    for rule in all_rules().values():
        assert "Why:" in rule.doc and "Bad:" in rule.doc and "Good:" in rule.doc, rule.name


def test_init_and_new_make_a_valid_concept(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert run_cli("init", str(ws), "--organisation", "Stadt Gaggenau").code == 0
    for name in (
        "integ.yaml",
        "actors.yaml",
        "integ-concept.schema.json",
        ".vscode/settings.json",
        ".gitignore",
        ".gitattributes",
    ):
        assert (ws / name).is_file(), name
    made = run_cli("new", "stadt-gaggenau", "--name", "Stadt Gaggenau", "--type", "town", cwd=ws)
    assert made.code == 0, made.err
    text = (ws / "concepts" / "stadt-gaggenau.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../integ-concept.schema.json\n")
    # one field of action with an example goal, indicator and measure; the other usual
    # fields are named in a comment
    for line in ('title: "Sprache"', "- id: Z-SPR-1", "- id: I-SPR-1", "- id: M-SPR-01"):
        assert line in text, line
    for title in ("Bildung", "Arbeit und Ausbildung", "Antidiskriminierung"):
        assert title in text
    result = run_cli("validate", "--today", TODAY, "--format", "json", cwd=ws)
    report = json.loads(result.out)
    assert result.code == 0 and report["summary"]["errors"] == 0
    assert {f["rule"] for f in report["findings"]} == {"placeholder-text"}
    again = run_cli("new", "stadt-gaggenau", "--name", "X", "--type", "town", cwd=ws)
    assert again.code == 2 and "gibt es schon" in again.err
    rerun = run_cli("init", str(ws))
    assert rerun.code == 0 and "beibehalten (gibt es schon)" in rerun.out
    assert (ws / ".gitignore").read_text(encoding="utf-8").count(".integ_cache/") == 1


def test_schema_command_writes_the_committed_schema(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    assert run_cli("schema", "-o", str(out)).code == 0
    assert out.read_text(encoding="utf-8") == (ROOT / "integ-concept.schema.json").read_text(
        encoding="utf-8"
    ), "run: integ schema -o integ-concept.schema.json"
