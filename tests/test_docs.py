"""README, CHANGELOG and --help tell the truth about the commands and rules."""

from __future__ import annotations

import re

from integ.cli import app
from integ.rules import all_rules

from .conftest import ROOT, run_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
GUIDE = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md")}


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


def test_every_rule_is_in_the_guide() -> None:
    rules = GUIDE["ueberpruefung.md"].split("## Die Prüfregeln", 1)[1]
    for name in all_rules():
        assert f"| `{name}` |" in rules, name


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


def _anchors(text: str) -> set[str]:
    from integ.formatdoc import _slug

    return {_slug(h) for h in re.findall(r"^#+ (.+)$", text, re.MULTILINE)}


def test_the_readme_links_the_guide_first_and_every_link_resolves() -> None:
    top = README.split("## Installation", 1)[0]
    for name in ("erste-schritte", "format", "ueberpruefung", "dokumente", "it", "git"):
        assert f"(docs/{name}.md)" in top, name
    pages = {
        ROOT / "README.md": README,
        ROOT / "CONTRIBUTING.md": None,
        ROOT / "bench" / "README.md": None,
    }
    pages.update({ROOT / "docs" / n: t for n, t in GUIDE.items()})
    for page, text in pages.items():
        text = page.read_text(encoding="utf-8") if text is None else text
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            file, _, anchor = target.partition("#")
            path = (page.parent / file).resolve() if file else page
            assert path.exists(), (page.name, target)
            if anchor:
                assert anchor in _anchors(path.read_text(encoding="utf-8")), (page.name, target)


def test_every_command_is_in_the_guide() -> None:
    guide = "\n".join(GUIDE.values())
    for name in _commands():
        assert f"integ {name}" in guide, name


def test_the_readme_is_short_german_and_says_how_to_install() -> None:
    assert len(README.splitlines()) < 200
    install = README.split("## Installation", 1)[1].split("\n## ", 1)[0]
    for words in (
        "pipx install",
        "uv tool install",
        "py -m pip install --user pipx",
        "pipx ensurepath",
        "```powershell",
        "integ --version",
        "python -m build",
    ):
        assert words in install, words
    assert README.index("## Installation") < README.index("## Für Entwickler")
    assert README.index("## Für Entwickler") < README.index("<!-- quickstart:start -->")
    assert ".integ_cache" not in README  # the cache lives outside the work tree
    assert "git log -p --ext-diff" in README
