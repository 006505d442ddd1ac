"""Rules across concepts (actor-conflict) on the example workspace and on a generated
district whose towns reuse local actor ids, on real files in tmp_path."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, TODAY, run_cli

GAGGENAU = "concepts/stadt-gaggenau.yaml"
DURMERSHEIM = "concepts/gemeinde-durmersheim.yaml"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _validate(ws: Path) -> tuple[int, list[dict]]:
    result = run_cli("validate", "--today", TODAY, "--format", "json", cwd=ws)
    return result.code, json.loads(result.out)["findings"]


def _findings(ws: Path, rule: str) -> list[dict]:
    return [f for f in _validate(ws)[1] if f["rule"] == rule]


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_the_same_local_id_in_two_concepts_is_valid(example: Path) -> None:
    """format.md: an id is unique within its concept; two towns may both say im-gaggenau."""
    _edit(
        example / DURMERSHEIM,
        "actors:\n",
        "actors:\n  - id: im-gaggenau\n"
        "    name: Integrationsmanagement Durmersheim\n    type: public_authority\n",
    )
    code, found = _validate(example)
    assert [f for f in found if f["rule"] == "actor-conflict"] == []
    assert code == 0


def test_the_same_name_in_two_concepts_is_a_warning_that_suggests_actors_yaml(
    example: Path,
) -> None:
    _edit(
        example / DURMERSHEIM,
        "actors:\n",
        "actors:\n  - id: im-g\n"
        "    name: integrationsmanagement  der Stadt Gaggenau\n    type: public_authority\n",
    )
    code, found = _validate(example)
    conflicts = [f for f in found if f["rule"] == "actor-conflict"]
    assert code == 0
    assert {f["file"] for f in conflicts} == {GAGGENAU, DURMERSHEIM}
    mine = next(f for f in conflicts if f["file"] == DURMERSHEIM)
    assert mine["severity"] == "warning" and mine["path"].endswith(".name")
    assert mine["line"] == _line_of(example / DURMERSHEIM, "name: integrationsmanagement")
    assert mine["message_id"] == "finding.actor-conflict.same-name"
    assert mine["subject"] == {"kind": "actor", "id": "im-g"}
    assert mine["params"] == {
        "id": "im-g",
        "name": "integrationsmanagement  der Stadt Gaggenau",
        "concept": "stadt-gaggenau",
        "other_id": "im-gaggenau",
        "registry": "actors.yaml",
    }
    assert "actors.yaml" in mine["message"]


def test_a_cached_result_follows_the_other_concept(example: Path) -> None:
    _edit(
        example / DURMERSHEIM,
        "actors:\n",
        "actors:\n  - id: im-g\n"
        "    name: Integrationsmanagement der Stadt Gaggenau\n    type: public_authority\n",
    )
    assert len(_findings(example, "actor-conflict")) == 2
    # Durmersheim renames its actor; Gaggenau's file is unchanged but depended on it
    _edit(
        example / DURMERSHEIM,
        "    name: Integrationsmanagement der Stadt Gaggenau\n",
        "    name: Integrationsmanagement Durmersheim\n",
    )
    assert _findings(example, "actor-conflict") == []


def test_a_registry_id_with_another_type_or_name(example: Path) -> None:
    _edit(
        example / GAGGENAU,
        "actors:\n",
        "actors:\n  - id: jobcenter-rastatt\n"
        "    name: Jobcenter Landkreis Rastatt\n    type: employment_agency\n",
    )
    found = _findings(example, "actor-conflict")
    assert [(f["file"], f["path"], f["message_id"]) for f in found] == [
        (GAGGENAU, "actors[0].type", "finding.actor-conflict.registry-type")
    ]
    assert found[0]["params"]["other_type"] == "jobcenter"
    _edit(example / GAGGENAU, "    name: Jobcenter Landkreis Rastatt\n", "    name: Jobcenter X\n")
    found = _findings(example, "actor-conflict")
    assert [(f["path"], f["message_id"]) for f in found] == [
        ("actors[0].name", "finding.actor-conflict.registry")
    ]
    assert found[0]["params"]["other"] == "Jobcenter Landkreis Rastatt"


def test_a_registry_name_under_a_local_id(example: Path) -> None:
    _edit(
        example / GAGGENAU,
        "actors:\n",
        "actors:\n  - id: jc\n    name: Jobcenter Landkreis Rastatt\n    type: jobcenter\n",
    )
    found = _findings(example, "actor-conflict")
    assert [(f["message_id"], f["params"]["registry_id"]) for f in found] == [
        ("finding.actor-conflict.registry-name", "jobcenter-rastatt")
    ]


def test_a_registry_actor_repeated_alike_is_no_conflict(example: Path) -> None:
    _edit(
        example / GAGGENAU,
        "actors:\n",
        "actors:\n  - id: jobcenter-rastatt\n"
        "    name: jobcenter   landkreis rastatt\n    type: jobcenter\n",
    )
    assert _findings(example, "actor-conflict") == []


def test_actor_key_counts_by_registry_id_or_name_never_by_local_id(example: Path) -> None:
    from integ.rules.workspace import actor_key, index
    from integ.workspace import Workspace

    _edit(
        example / DURMERSHEIM,
        "actors:\n",
        "actors:\n  - id: im-gaggenau\n    name: Integrationsmanagement Durmersheim\n"
        "    type: public_authority\n",
    )
    idx = index(Workspace.open(example))
    assert actor_key(idx, "stadt-gaggenau", "jobcenter-rastatt") == "registry:jobcenter-rastatt"
    assert actor_key(idx, "stadt-gaggenau", "im-gaggenau") != actor_key(
        idx, "gemeinde-durmersheim", "im-gaggenau"
    )
    assert actor_key(idx, "stadt-gaggenau", "im-gaggenau") == (
        "name:integrationsmanagement der stadt gaggenau"
    )


def test_a_generated_district_whose_towns_reuse_local_ids_validates(tmp_path: Path) -> None:
    """issue 14.1: 25 towns that each call their own administration `vhs` are valid."""
    ws = tmp_path / "district"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "generate.py"),
            str(ws),
            "--concepts",
            "25",
            "--measures",
            "16",
        ],
        check=True,
        capture_output=True,
    )
    reused = 0
    for path in sorted((ws / "concepts").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        new = re.sub(rf"\bverwaltung-{re.escape(path.stem)}\b", "vhs", text)
        reused += new != text
        path.write_text(new, encoding="utf-8")
    assert reused >= 20
    code, found = _validate(ws)
    assert [f for f in found if f["rule"] == "actor-conflict"] == []
    assert code == 0
