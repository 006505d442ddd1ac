"""The fast reader (yaml-rs) gives the same data as the libyaml path, or leaves the file
to libyaml: never other data, never fewer findings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from integ import yaml_io

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    p
    for base in (ROOT / "tests", ROOT / "concepts")
    for p in base.rglob("*.y*ml")
    if p.is_file() and not p.is_symlink()
) + [ROOT / "actors.yaml", ROOT / "integ.yaml"]


def same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if type(a) is dict:
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if type(a) is list:
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return bool(a == b)


pytestmark = pytest.mark.skipif(yaml_io._yaml_rs is None, reason="yaml-rs not installed")


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_fast_reader_agrees_with_libyaml(path: Path) -> None:
    slow = yaml_io.load(path, "x", path.read_bytes(), fast_reader=False)
    fast = yaml_io.load(path, "x", path.read_bytes())
    if yaml_io._fast(slow.text) is not None:  # taken: the same data, no findings
        assert slow.parsed and not slow.findings
        assert same(fast.data, slow.data)
    assert [f.as_dict() for f in fast.findings] == [f.as_dict() for f in slow.findings]
    assert same(fast.data, slow.data)


def test_the_generated_workspace_takes_the_fast_path(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    import generate

    generate.generate(tmp_path, 3, 20, 1)
    for p in sorted((tmp_path / "concepts").glob("*.yaml")):
        text = p.read_text(encoding="utf-8")
        assert yaml_io._fast(text) is not None, p
        assert same(yaml_io._fast(text), yaml_io.load(p, fast_reader=False).data)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1_000\n",
        "a: 0b101\n",
        "a: 0X1F\n",
        "a: +0x1\n",
        "a: .NaN\n",
        "a: .inf\n",
        "a: !!binary aGVsbG8=\n",
        "a: !foo x\n",
        "a: &x 1\nb: *x\n",
        "a: 1\na: 2\n",
        "0: x\n",
        "true: x\n",
        "a: 1\n---\nb: 2\n",
        "- a\n",
        "",
        'a: "\\e[2J"\n',
        "a:\tb\n",
        "a: 1\x85b\n",
        "a: " + "9" * 5000 + "\n",
        "".join(" " * i + "a:\n" for i in range(200)),
        "a: " + "[" * 100 + "]" * 100 + "\n",
    ],
)
def test_what_the_fast_reader_leaves_to_libyaml(text: str) -> None:
    assert yaml_io._fast(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: no\n", "no"),
        ("a: 08216000\n", 8216000),
        ("a: 2024-01-01\n", "2024-01-01"),
        ("a: 2024-13-01\n", "2024-13-01"),
        ("a: 1.10\n", 1.1),
        ("a: ~\n", None),
        ("a: yes\n", "yes"),
        ("a: Bürger*innen\n", "Bürger*innen"),
        ("a: |\r\n  x\r\n  y\r\n", "x\ny\n"),
    ],
)
def test_yaml_1_2_scalars_on_the_fast_path(text: str, value: Any) -> None:
    data = yaml_io._fast(text)
    assert data is not None and same(data["a"], value)
    assert same(yaml_io.load(Path("x"), "x", text.encode(), fast_reader=False).data["a"], value)
