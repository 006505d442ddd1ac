"""The validation cache: a second run reuses results; any change that matters does not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import integ.validate as validate_module
from integ.cache import folder

from .conftest import TODAY, run_cli


def findings(ws: Path, *args: str) -> list[dict[str, object]]:
    result = run_cli("validate", "--today", TODAY, "--format", "json", *args, cwd=ws)
    return json.loads(result.out)["findings"]


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    checked: list[str] = []
    real = validate_module.check_concept

    def spy(doc, *args, **kwargs):  # type: ignore[no-untyped-def]
        checked.append(doc.display)
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(validate_module, "check_concept", spy)
    monkeypatch.setattr(validate_module, "PARALLEL_MIN_BYTES", 10**12)  # stay in-process
    return checked


def test_second_run_comes_from_the_cache(example: Path, counting: list[str]) -> None:
    first = findings(example)
    assert len(counting) == 3 and (folder(example) / "validate.json").is_file()
    counting.clear()
    assert findings(example) == first
    assert counting == []


def test_a_changed_concept_checks_every_concept_again(example: Path, counting: list[str]) -> None:
    findings(example)
    counting.clear()
    path = example / "concepts" / "gemeinde-durmersheim.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# Kommentar\n", encoding="utf-8")
    findings(example)
    assert sorted(counting) == [
        "concepts/gemeinde-durmersheim.yaml",
        "concepts/landkreis-rastatt.yaml",
        "concepts/stadt-gaggenau.yaml",
    ]


def test_an_actor_added_elsewhere_reaches_the_cached_concept(example: Path) -> None:
    path = example / "concepts" / "gemeinde-durmersheim.yaml"
    text = path.read_text(encoding="utf-8")
    findings(example)
    gaggenau = (example / "concepts" / "stadt-gaggenau.yaml").read_text(encoding="utf-8")
    local = gaggenau.split("\nactors:\n", 1)[1].split("id:", 1)[1].split("\n", 1)[0].strip()
    text = text.replace(
        "\nactors:\n",
        "\nactors:\n  - {id: " + local + ", name: Etwas ganz anderes, type: sports}\n",
        1,
    )
    path.write_text(text, encoding="utf-8")
    cached = findings(example)
    fresh = findings(example, "--no-cache")
    assert cached == fresh


@pytest.mark.parametrize("change", ["registry", "settings", "today", "new concept"])
def test_what_every_file_depends_on_invalidates_everything(
    example: Path, counting: list[str], change: str
) -> None:
    findings(example)
    counting.clear()
    args: list[str] = []
    if change == "registry":
        (example / "actors.yaml").write_text(
            (example / "actors.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"
        )
    elif change == "settings":
        (example / "integ.yaml").write_text(
            (example / "integ.yaml").read_text(encoding="utf-8") + "rules: {measure-stale: off}\n",
            encoding="utf-8",
        )
    elif change == "new concept":
        (example / "concepts" / "neu.yaml").write_text("format: integ/1\n", encoding="utf-8")
    run_cli(
        "validate",
        "--format",
        "json",
        *args,
        cwd=example,
        env={"INTEG_TODAY": "2027-01-01" if change == "today" else TODAY},
    )
    assert len(counting) >= 3


def test_a_change_in_a_referenced_concept_reaches_the_town(
    example: Path, counting: list[str]
) -> None:
    before = findings(example)
    district = example / "concepts" / "landkreis-rastatt.yaml"
    text = district.read_text(encoding="utf-8")
    goal = next(
        line.split("id:")[1].strip()
        for line in text.splitlines()
        if line.strip().startswith("- id: Z-")
    )
    district.write_text(text.replace(f"id: {goal}\n", f"id: {goal}X\n", 1), encoding="utf-8")
    counting.clear()
    after = findings(example)
    assert (
        "concepts/stadt-gaggenau.yaml" in counting
        or "concepts/gemeinde-durmersheim.yaml" in counting
    )
    assert len(after) > len(before)


def test_no_cache_checks_everything(example: Path, counting: list[str]) -> None:
    findings(example)
    counting.clear()
    findings(example, "--no-cache")
    assert len(counting) == 3


def test_a_broken_cache_is_ignored(example: Path, counting: list[str]) -> None:
    first = findings(example)
    (folder(example) / "validate.json").write_text("{kaputt", encoding="utf-8")
    assert findings(example) == first
