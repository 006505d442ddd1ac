"""docs/format.md is generated from the model and its examples are valid."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import BaseModel

from integ import concept, formatdoc, yaml_io

from .conftest import ROOT, run_cli

PAGE = ROOT / "docs" / "format.md"


def _load(text: str) -> object:
    doc = yaml_io.load(Path("example.yaml"), data=text.encode("utf-8"))
    assert doc.ok and not doc.findings, doc.findings
    return doc.data


def test_the_committed_page_is_what_the_model_generates() -> None:
    assert PAGE.read_text(encoding="utf-8") == formatdoc.render(), (
        "docs/format.md is out of date: python -m integ.formatdoc"
    )
    assert formatdoc.main(["--check"]) == 0


def test_every_key_of_every_model_is_on_the_page() -> None:
    page = formatdoc.render()
    for kind in ("concept", "registry", "settings"):
        for part in formatdoc.parts(kind):
            assert part.name in formatdoc.NAMES, part.name
            for key in part.schema.get("properties", {}):
                assert f"| `{key}` |" in page, (part.name, key)
    assert "`ongoing` = laufend;" in page  # enumeration values with their German words
    assert "`town` = Stadt;" in page


def test_a_new_key_in_the_model_changes_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    schema = concept.json_schema("concept")
    schema["$defs"]["Measure"]["properties"]["cost_centre"] = {
        "type": "string",
        "description": "Kostenstelle",
    }
    monkeypatch.setattr(concept, "json_schema", lambda kind="concept": schema)
    assert "| `cost_centre` |  | Text | Kostenstelle |" in formatdoc.render()


@pytest.mark.parametrize("name", sorted(formatdoc.EXAMPLES))
def test_each_example_is_valid_for_its_part(name: str) -> None:
    model = getattr(concept, name)
    assert issubclass(model, BaseModel)
    model.model_validate(_load(formatdoc.EXAMPLES[name]))


def test_every_part_has_an_example() -> None:
    for kind in ("concept", "settings"):
        for part in formatdoc.parts(kind)[1:]:
            assert part.name in formatdoc.EXAMPLES, part.name


def test_the_files_on_the_page_are_valid_without_a_warning(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "concepts").mkdir(parents=True)
    (ws / "concepts" / "stadt-musterstadt.yaml").write_text(
        formatdoc.EXAMPLE_CONCEPT, encoding="utf-8"
    )
    (ws / "actors.yaml").write_text(formatdoc.EXAMPLE_REGISTRY, encoding="utf-8")
    result = run_cli("validate", "--today", formatdoc.EXAMPLE_TODAY, "--format", "json", cwd=ws)
    assert result.code == 0, result.out + result.err
    report = json.loads(result.out)
    assert report["findings"] == [] and report["summary"]["files"] == 2, report
    concept.Settings.model_validate(_load(formatdoc.EXAMPLE_SETTINGS))
    concept.ActorRegistry.model_validate(_load(formatdoc.EXAMPLE_REGISTRY))


def test_the_page_shows_every_example() -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert formatdoc.EXAMPLE_CONCEPT in page
    assert "  - id: M-SPR-01\n    title: Sprachcafés in allen Stadtteilen" in page
