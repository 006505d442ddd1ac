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
