"""integ check, the pre-commit hook and the ready-made pipelines, on real git
repositories made in tmp_path."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, TODAY, run_cli
from .test_diff import GAGGENAU, edit, git


@pytest.fixture
def pr(example: Path) -> Path:
    """A repository whose main branch is the example; a change on top, uncommitted."""
    git(example, "init", "-q", "-b", "main")
    git(example, "add", "-A")
    git(example, "commit", "-q", "-m", "Stand main")
    git(example, "remote", "add", "origin", str(example))
    git(example, "fetch", "-q", "origin")
    return example


def break_gaggenau(ws: Path) -> None:
    edit(ws / GAGGENAU, "status: ongoing", "status: laufend")  # a new error
    edit(ws / GAGGENAU, 'version: "1.0"', 'version: "1.1"')


def test_check_separates_new_findings_from_old_ones(pr: Path) -> None:
    break_gaggenau(pr)
    result = run_cli(
        "check",
        "--base",
        "origin/main",
        "--new-only",
        "--format",
        "json",
        "--today",
        TODAY,
        "-o",
        "summary.md",
        cwd=pr,
    )
    data = json.loads(result.out)
    assert result.code == 1
    assert [(f["rule"], f["file"]) for f in data["new"]] == [("unknown-value", GAGGENAU)]
    assert len(data["existing"]) == 8  # the deliberate warnings of the example
    assert data["summary"]["new_errors"] == 1
    assert [c["new"]["path"] for c in data["changes"]] == [GAGGENAU]
    summary = (pr / "summary.md").read_text(encoding="utf-8")
    assert "### Neue Befunde" in summary and "unknown-value" in summary
    assert "Bereits vorhandene Befunde (8)" in summary
    assert "Fassung 1\\.0 → 1\\.1" in summary


def test_new_only_passes_when_only_old_findings_remain(pr: Path) -> None:
    edit(pr / GAGGENAU, 'version: "1.0"', 'version: "1.1"')
    assert (
        run_cli("check", "--base", "origin/main", "--new-only", "--today", TODAY, cwd=pr).code == 0
    )
    assert run_cli("check", "--base", "origin/main", "--today", TODAY, "--strict", cwd=pr).code == 1


def test_check_in_github_actions(pr: Path, tmp_path: Path) -> None:
    break_gaggenau(pr)
    step = tmp_path / "step-summary.md"
    result = run_cli(
        "check",
        "--base",
        "origin/main",
        "--new-only",
        "--today",
        TODAY,
        cwd=pr,
        env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(step)},
    )
    assert result.out.startswith(f"::error file={GAGGENAU},line=")
    assert "## integ: Prüfung der Integrationskonzepte" in step.read_text(encoding="utf-8")


def test_check_in_gitlab_ci(pr: Path) -> None:
    break_gaggenau(pr)
    result = run_cli(
        "check", "--base", "origin/main", "--today", TODAY, cwd=pr, env={"GITLAB_CI": "true"}
    )
    report = json.loads(result.out)
    assert {r["severity"] for r in report} == {"major", "minor"}
    first = next(r for r in report if r["check_name"] == "unknown-value")
    assert first["location"]["path"] == GAGGENAU and first["location"]["lines"]["begin"] > 1
    assert len({r["fingerprint"] for r in report}) == len(report)


def test_check_with_a_missing_base(pr: Path) -> None:
    result = run_cli("check", "--base", "origin/nope", cwd=pr)
    assert result.code == 2 and "gibt es in diesem Repository nicht" in result.err


# --------------------------------------------------------------------------- pre-commit


def test_pre_commit_hook_definition(pr: Path) -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "integ-validate" and hook["language"] == "python"
    pattern = re.compile(hook["files"])
    assert pattern.search(GAGGENAU) and pattern.search("actors.yaml")
    assert not pattern.search("README.md") and not pattern.search("templates/x.md.j2")
    break_gaggenau(pr)
    exe = Path(sys.executable).parent
    entry = hook["entry"].split()
    done = subprocess.run(
        [str(exe / entry[0]), *entry[1:], GAGGENAU],
        cwd=pr,
        capture_output=True,
        text=True,
        check=False,
        env=dict(os.environ, INTEG_TODAY=TODAY),
    )
    assert done.returncode == 1 and "unknown-value" in done.stdout
    # touching actors.yaml checks every concept
    done = subprocess.run(
        [str(exe / entry[0]), *entry[1:], "actors.yaml"],
        cwd=pr,
        capture_output=True,
        text=True,
        check=False,
        env=dict(os.environ, INTEG_TODAY=TODAY),
    )
    assert "3 Konzepte geprüft" in done.stdout


# --------------------------------------------------------------------------- pipelines


def _github_commands() -> list[str]:
    workflow = yaml.safe_load(
        (ROOT / "docs" / "ci" / "github-integ.yml").read_text(encoding="utf-8")
    )
    steps = workflow["jobs"]["check"]["steps"]
    assert any(s.get("with", {}).get("fetch-depth") == 0 for s in steps)
    assert any("upload-sarif" in s.get("uses", "") for s in steps)
    assert any("upload-artifact" in s.get("uses", "") for s in steps)
    return [
        s["run"]
        for s in steps
        if "run" in s and "integ " in s["run"] and not s["run"].startswith("pip ")
    ]


def _gitlab_commands() -> list[str]:
    job = yaml.safe_load((ROOT / "docs" / "ci" / "gitlab-integ.yml").read_text(encoding="utf-8"))[
        "integ"
    ]
    assert job["variables"]["GIT_DEPTH"] == "0"
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    return [line for line in job["script"] if line.startswith("integ ")]


@pytest.mark.parametrize("ci", ["github", "gitlab"])
def test_the_pipeline_commands_run(pr: Path, ci: str) -> None:
    commands = _github_commands() if ci == "github" else _gitlab_commands()
    assert any(c.startswith("integ check") for c in commands)
    assert any("integ render" in c for c in commands)
    edit(pr / GAGGENAU, 'version: "1.0"', 'version: "1.1"')
    exe = Path(sys.executable).parent
    env = dict(
        os.environ,
        PATH=f"{exe}{os.pathsep}{os.environ['PATH']}",
        INTEG_TODAY=TODAY,
        CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main",
        BASE_REF="main",  # the workflow passes github.base_ref through env:
    )
    env.pop("GITHUB_ACTIONS", None)
    for command in commands:
        command = command.replace("${{ github.base_ref }}", "main")
        done = subprocess.run(
            ["bash", "-e", "-c", command],
            cwd=pr,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, (command, done.stdout[-500:], done.stderr[-500:])
    assert (pr / "integ-summary.md").is_file()
    assert sorted(p.suffix for p in (pr / "dokumente").iterdir()).count(".pdf") == 3
    if ci == "github":
        sarif = json.loads((pr / "integ.sarif").read_text(encoding="utf-8"))
        assert sarif["version"] == "2.1.0"
    else:
        assert isinstance(
            json.loads((pr / "gl-code-quality-report.json").read_text(encoding="utf-8")), list
        )


def test_vscode_settings_map_concepts_to_the_schema(tmp_path: Path) -> None:
    run_cli("init", str(tmp_path / "ws"))
    settings = json.loads(
        (tmp_path / "ws" / ".vscode" / "settings.json").read_text(encoding="utf-8")
    )
    assert settings["yaml.schemas"] == {
        "./integ-concept.schema.json": ["concepts/*.yaml", "concepts/*.yml"]
    }


def test_a_dropped_measure_id_given_to_a_new_measure(pr: Path) -> None:
    path = pr / GAGGENAU
    text = path.read_text(encoding="utf-8")
    first = next(
        line.split("id:")[1].strip()
        for line in text.splitlines()
        if line.strip().startswith("- id: M-")
    )
    start = text.index(f"- id: {first}")
    title_at = text.index("title:", start)
    old_title = text[title_at : text.index("\n", title_at)]
    # the measure is dropped ...
    status_at = text.index("status:", start)
    line = text[status_at : text.index("\n", status_at)]
    dropped = (
        text[:status_at]
        + "status: dropped\n    status_reason: Förderung endet"
        + text[status_at + len(line) :]
    )
    path.write_text(dropped, encoding="utf-8")
    git(pr, "commit", "-q", "-am", "Maßnahme gestrichen")
    # ... and later its id names something else
    reused = dropped.replace(old_title, "title: Völlig neues Angebot für Seniorinnen", 1)
    reused = reused.replace(
        "status: dropped\n    status_reason: Förderung endet", "status: planned", 1
    )
    path.write_text(reused, encoding="utf-8")
    result = run_cli("check", "--base", "HEAD", "--format", "json", "--today", TODAY, cwd=pr)
    data = json.loads(result.out)
    hits = [f for f in data["new"] if f["rule"] == "measure-id-reused"]
    assert len(hits) == 1 and first in hits[0]["message"] and "dropped in" in hits[0]["message"]
    assert hits[0]["line"] == dropped[:start].count("\n") + 1


def test_a_change_that_breaks_an_unchanged_concept_is_new(pr: Path) -> None:
    district = pr / "concepts" / "landkreis-rastatt.yaml"
    text = district.read_text(encoding="utf-8")
    town = (pr / GAGGENAU).read_text(encoding="utf-8")
    target = town.split("contributes_to: [landkreis-rastatt:", 1)[1].split("]", 1)[0]
    assert f"- id: {target}\n" in text
    district.write_text(
        text.replace(f"- id: {target}\n", f"- id: {target}-NEU\n", 1), encoding="utf-8"
    )
    result = run_cli(
        "check", "--base", "origin/main", "--new-only", "--format", "json", "--today", TODAY, cwd=pr
    )
    data = json.loads(result.out)
    assert result.code == 1
    assert any(f["file"] == GAGGENAU and f["rule"] == "unknown-reference" for f in data["new"])
    again = run_cli(
        "check", "--base", "origin/main", "--new-only", "--format", "json", "--today", TODAY, cwd=pr
    )
    assert json.loads(again.out)["new"] == data["new"]  # the same from the cache


def test_findings_are_matched_without_their_line_numbers(pr: Path) -> None:
    path = pr / GAGGENAU
    text = path.read_text(encoding="utf-8")
    first = next(
        line.split("id:")[1].strip()
        for line in text.splitlines()
        if line.strip().startswith("- id: M-")
    )
    second_start = text.index("- id: M-", text.index(f"- id: {first}") + 5)
    second = text[second_start:].split("\n", 1)[0].split("id:")[1].strip()
    path.write_text(text.replace(f"- id: {second}\n", f"- id: {first}\n", 1), encoding="utf-8")
    git(pr, "commit", "-q", "-am", "doppelte id")
    git(pr, "fetch", "-q", "origin")
    path.write_text(
        "# ein Kommentar oben verschiebt alle Zeilen\n" + path.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    data = json.loads(
        run_cli(
            "check", "--base", "HEAD", "--new-only", "--format", "json", "--today", TODAY, cwd=pr
        ).out
    )
    assert not [f for f in data["new"] if f["rule"] == "duplicate-id"]
    assert [f for f in data["existing"] if f["rule"] == "duplicate-id"]


def test_the_published_summary_holds_no_private_contact(pr: Path) -> None:
    path = pr / GAGGENAU
    text = path.read_text(encoding="utf-8")
    private = "    email: i.markovic@example.org\n    public: false"  # Ivana Marković
    assert private in text
    path.write_text(
        text.replace(private, private.replace("i.markovic", "neu.privat")), encoding="utf-8"
    )
    public = "d.kastner@example.org"  # the public contact may show
    path.write_text(
        path.read_text(encoding="utf-8").replace(public, "d.kastner2@example.org"), encoding="utf-8"
    )
    email = "i.markovic@example.org"
    result = run_cli("check", "--base", "origin/main", "--today", TODAY, "-o", "s.md", cwd=pr)
    summary = (pr / "s.md").read_text(encoding="utf-8")
    assert result.code == 0
    assert "neu.privat" not in summary and "markovic" not in summary
    assert "kastner2" in summary  # the public contact's change is shown
    assert email


@pytest.fixture
def nested(example: Path, tmp_path: Path) -> Path:
    """A repository whose workspace is the folder ``integration/``, as a pipeline with
    ``working-directory: integration`` runs it."""
    root = tmp_path / "repo"
    root.mkdir()
    example.rename(root / "integration")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Stand main")
    git(root, "remote", "add", "origin", str(root))
    git(root, "fetch", "-q", "origin")
    return root


@pytest.mark.parametrize("where", ["integration", "integration/concepts"])
def test_paths_are_relative_to_the_repository_from_a_working_directory(
    nested: Path, where: str
) -> None:
    """Issue 14.14: annotations, the GitLab report and SARIF name the file from the
    repository root, wherever in the repository integ runs."""
    ws = nested / "integration"
    break_gaggenau(ws)
    expected = "integration/" + GAGGENAU
    cwd = nested / where
    github = run_cli(
        *("check", "--base", "origin/main", "--new-only", "--today", TODAY),
        cwd=cwd,
        env={"GITHUB_ACTIONS": "true"},
    )
    files = set(re.findall(r"^::(?:error|warning) file=([^,]+),", github.out, re.MULTILINE))
    assert files == {expected}, github.out
    gitlab = run_cli(
        *("check", "--base", "origin/main", "--new-only", "--today", TODAY),
        cwd=cwd,
        env={"GITLAB_CI": "true"},
    )
    report = json.loads(gitlab.out)
    assert report and {r["location"]["path"] for r in report} == {expected}
    target = "stadt-gaggenau.yaml" if where.endswith("concepts") else GAGGENAU
    sarif = json.loads(run_cli("validate", target, "--format", "sarif", cwd=cwd).out)
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
        for loc in r["locations"]
    }
    assert uris == {expected}


def test_the_summary_counts_in_words_with_plurals(pr: Path) -> None:
    """One new error is "1 neuer Fehler" ("1 new error"), never "1 neue Fehler"."""
    path = pr / GAGGENAU
    text = path.read_text(encoding="utf-8")
    assert "status: ongoing" in text
    path.write_text(text.replace("status: ongoing", "status: laufen", 1), encoding="utf-8")
    for lang, one, zero in (
        ("de", "1 neuer Fehler", "0 neue Warnungen"),
        ("en", "1 new error", "0 new warnings"),
    ):
        result = run_cli(
            "--lang", lang, "check", "--base", "origin/main", "--today", TODAY, "-o", "s.md", cwd=pr
        )
        assert result.code == 1, result.err
        summary = (pr / "s.md").read_text(encoding="utf-8")
        assert f"{one}, {zero}" in summary, summary
