"""The GitHub workflow template is safe to copy (issue 14.13): no ${{ }} expression
inside run:, actions pinned to commit hashes, no token left in .git/config, and
zizmor (every persona) finds nothing."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

TEMPLATES = sorted((ROOT / "docs" / "ci").glob("github*.yml"))


def _steps(path: Path) -> list[dict[str, object]]:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [s for job in workflow["jobs"].values() for s in job["steps"]]


def test_there_is_a_github_template() -> None:
    assert TEMPLATES


@pytest.mark.parametrize("path", TEMPLATES, ids=[p.name for p in TEMPLATES])
def test_no_expression_in_run(path: Path) -> None:
    for step in _steps(path):
        assert "${{" not in str(step.get("run", "")), step


@pytest.mark.parametrize("path", TEMPLATES, ids=[p.name for p in TEMPLATES])
def test_actions_are_pinned_to_commits_with_the_tag_beside(path: Path) -> None:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert lines
    for line in lines:
        assert re.search(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$", line), line


@pytest.mark.parametrize("path", TEMPLATES, ids=[p.name for p in TEMPLATES])
def test_checkout_keeps_no_credentials(path: Path) -> None:
    checkouts = [s for s in _steps(path) if str(s.get("uses", "")).startswith("actions/checkout@")]
    assert checkouts
    for step in checkouts:
        assert step["with"]["persist-credentials"] is False  # type: ignore[index]


def _zizmor() -> str | None:
    here = Path(sys.executable).parent / "zizmor"
    return str(here) if here.is_file() else shutil.which("zizmor")


@pytest.mark.parametrize("persona", ["regular", "pedantic", "auditor"])
def test_zizmor_finds_nothing(persona: str) -> None:
    exe = _zizmor()
    if exe is None:
        pytest.skip("zizmor is not installed (pip install zizmor)")
    done = subprocess.run(
        [exe, "--offline", "--no-progress", f"--persona={persona}", *map(str, TEMPLATES)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout, done.stdout


# --------------------------------------------------------------------------- pre-commit


def _hooks() -> dict[str, dict[str, object]]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (local,) = config["repos"]
    assert local["repo"] == "local"
    return {h["id"]: h for h in local["hooks"]}


def test_pre_commit_runs_the_linters_and_validates_the_concepts() -> None:
    hooks = _hooks()
    assert {h: hooks[h]["entry"] for h in hooks} == {
        "ruff-check": "ruff check",
        "ruff-format": "ruff format --check",
        "mypy": "mypy --strict integ/",
        "integ-validate": "integ validate concepts/",
    }
    assert all(h["language"] == "system" for h in hooks.values())
    assert hooks["mypy"]["pass_filenames"] is False
    assert hooks["integ-validate"]["pass_filenames"] is False
    files = re.compile(str(hooks["integ-validate"]["files"]))
    assert files.search("concepts/stadt-gaggenau.yaml") and files.search("actors.yaml")
    assert not files.search("README.md")


def test_the_validate_hook_passes_on_the_project(tmp_path: Path) -> None:
    import os

    entry = str(_hooks()["integ-validate"]["entry"]).split()
    exe = Path(sys.executable).parent / entry[0]
    done = subprocess.run(
        [str(exe) if exe.is_file() else entry[0], *entry[1:]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env=dict(os.environ, PYTHONPATH=str(ROOT), INTEG_TODAY="2026-11-25"),
    )
    assert done.returncode == 0, done.stdout[-800:] + done.stderr[-800:]


def test_ci_runs_the_hooks_linters_after_the_quickstart_with_pinned_versions() -> None:
    import tomllib

    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    hooks = _hooks()
    lint = {"ruff-check": "integ tests bench", "ruff-format": "integ tests bench", "mypy": ""}
    positions = []
    for hook, paths in lint.items():
        command = f".venv/bin/{hooks[hook]['entry']} {paths}".strip()
        assert f'"{command}"' in ci, command
        positions.append(ci.index(command))
    # after the README's two commands, in the environment they created
    assert min(positions) > ci.index('bash -c "$tests"') > ci.index("rm -rf .venv")
    assert '.venv/bin/pip install -q -e ".[lint]"' in ci
    # the hooks check the folders CI checks
    for hook in ("ruff-check", "ruff-format"):
        files = re.compile(str(hooks[hook]["files"]))
        assert files.search("integ/cli.py") and files.search("tests/test_cli.py")
        assert files.search("bench/run.py") and not files.search("docs/x.py")
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = extra["project"]["optional-dependencies"]["lint"]
    names = {re.split(r"==", p)[0].lower() for p in pins}
    assert {"ruff", "mypy", "types-pyyaml", "types-openpyxl"} <= names
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", p) for p in pins), pins
