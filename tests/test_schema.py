"""The JSON Schema that `integ schema` writes: complete, German, and in step with integ."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from integ.concept import json_schema

from .conftest import DATA, ROOT, TODAY, run_cli


def _walk(node: Any, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    out = []
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            out.append((f"{where}.{name}", prop))
        for key, value in node.items():
            out += _walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _walk(value, f"{where}[{i}]")
    return out


@pytest.mark.parametrize("kind", ["concept", "registry", "settings"])
def test_schema_is_2020_12_and_every_key_has_a_german_description(kind: str) -> None:
    schema = json_schema(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    for where, prop in _walk(schema):
        text = json.dumps(prop, ensure_ascii=False)
        assert '"description"' in text, f"{where} has no description"
        if "enum" in prop:
            assert len(prop["enumDescriptions"]) == len(prop["enum"]), where


def _yaml12(path: Path) -> Any:
    from integ import yaml_io

    return yaml_io.load(path).data


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "concepts").glob("*.yaml")) + sorted((DATA / "valid").glob("*.yaml")),
    ids=lambda p: p.name,
)
def test_valid_files_pass_the_schema(path: Path) -> None:
    jsonschema.validate(_yaml12(path), json_schema())


CASES = {
    # rule: (edit of the minimal concept, the path integ reports)
    "wrong-type": (lambda d: d.__setitem__("version", 2.0), "version"),
    "unknown-key": (lambda d: d["measures"][0].__setitem__("titel", "x"), "measures[0].titel"),
    "unknown-value": (
        lambda d: d["measures"][0].__setitem__("status", "laufend"),
        "measures[0].status",
    ),
    "invalid-value": (lambda d: d["review"].__setitem__("last", "12.05.2025"), "review.last"),
    "missing-key": (lambda d: d["measures"][0].pop("lead"), "measures[0]"),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_schema_and_integ_fail_for_the_same_reason(workspace: Path, rule: str) -> None:
    edit, where = CASES[rule]
    data = _yaml12(DATA / "valid" / "minimal.yaml")
    edit(data)
    path = workspace / "concepts" / "minimal.yaml"
    # JSON is YAML 1.2; PyYAML's dumper would leave "08216000" unquoted (YAML 1.1)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    report = json.loads(
        run_cli("validate", "--today", TODAY, "--format", "json", cwd=workspace).out
    )
    assert [(f["rule"], f["path"]) for f in report["findings"]] == [(rule, where)]
    errors = list(jsonschema.Draft202012Validator(json_schema()).iter_errors(_yaml12(path)))
    assert errors, "the schema accepted what integ refuses"
    paths = set()
    for error in errors:
        p = ""
        for part in error.absolute_path:
            p += f"[{part}]" if isinstance(part, int) else (f".{part}" if p else part)
        paths.add(p)
    assert where in paths or any(where.startswith(p) and p for p in paths), (paths, where)


def test_check_jsonschema_accepts_the_example_workspace(tmp_path: Path) -> None:
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(json_schema()), encoding="utf-8")
    exe = Path(sys.executable).parent / "check-jsonschema"
    files = [str(p) for p in sorted((ROOT / "concepts").glob("*.yaml"))]
    done = subprocess.run(
        [str(exe), "--schemafile", str(schema), *files], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        (ROOT / "concepts" / "stadt-gaggenau.yaml")
        .read_text(encoding="utf-8")
        .replace("status: adopted", "status: beschlossen", 1),
        encoding="utf-8",
    )
    done = subprocess.run(
        [str(exe), "--schemafile", str(schema), str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and "status" in done.stdout
