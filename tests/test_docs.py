"""README, CHANGELOG and --help tell the truth about the commands and rules."""

from __future__ import annotations

import re

from integ.cli import app
from integ.rules import all_rules

from .conftest import ROOT, run_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    return [
        c.name or c.callback.__name__.replace("_", "-")  # type: ignore[union-attr]
        for c in app.registered_commands
        if not c.hidden
    ]


def test_every_command_is_in_the_readme_and_has_help() -> None:
    for name in _commands():
        assert f"`integ {name}" in README, name
        result = run_cli(name, "--help")
        assert result.code == 0 and "Aufruf:" in result.out, name


def test_every_rule_is_in_the_readme() -> None:
    for name in all_rules():
        assert f"`{name}`" in README, name


def test_quickstart_has_exactly_two_commands_and_ci_reads_them() -> None:
    block = re.search(r"<!-- quickstart:start -->\n```sh\n(.*?)```", README, re.DOTALL)
    assert block is not None
    lines = block.group(1).strip().splitlines()
    assert len(lines) == 2
    assert "pip install" in lines[0] and "integ" in lines[0]
    assert "pytest" in lines[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "quickstart:start" in ci


def test_changelog_has_an_unreleased_section() -> None:
    assert "## Unreleased" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
