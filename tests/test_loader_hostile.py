"""Hostile input (issue 14, points 6, 15, 24, 25, 29, 37): every file of
tests/data/hostile/ gives its expected findings in every format, with no traceback,
the right exit code and output that is safe for its medium; devices, FIFOs and
symlink loops are findings, never a hang."""

from __future__ import annotations

import json
import os
import shutil
import signal
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from integ import yaml_io

from .conftest import DATA, TODAY, run_cli

HOSTILE = DATA / "hostile"
EXPECT = json.loads((HOSTILE / "expect.json").read_text(encoding="utf-8"))


@pytest.fixture
def guard() -> Iterator[None]:
    """Fail instead of hanging: a bound far above what any of these should take."""

    def hung(*_: object) -> None:
        raise TimeoutError("did not finish: unbounded time")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(120)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_the_corpus_is_current() -> None:
    import runpy

    files = runpy.run_path(str(HOSTILE / "make.py"))["FILES"]
    assert set(files) == set(EXPECT)
    for name, (data, _, _) in files.items():
        assert (HOSTILE / name).read_bytes() == data, name


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_hostile_file_gives_located_findings_in_every_format(workspace: Path, name: str) -> None:
    shutil.copy(HOSTILE / name, workspace / "concepts" / name)
    expected = EXPECT[name]
    shown = f"concepts/{name}"
    result = run_cli("validate", "--today", TODAY, "--format", "json", cwd=workspace)
    assert result.code == expected["exit"], result.out + result.err
    findings = [f for f in json.loads(result.out)["findings"] if f["file"] == shown]
    assert sorted({f["rule"] for f in findings}) == sorted(set(expected["rules"]))
    for f in findings:  # located, and worded from the catalogue
        assert f["line"] >= 1 and f["column"] >= 1
        assert f["message"] and not f["message"].startswith(("loader.", "schema."))
    for fmt in ("text", "github", "sarif", "junit"):
        out = run_cli("validate", "--today", TODAY, "--format", fmt, cwd=workspace)
        assert out.code == expected["exit"], (fmt, out.err)
        assert "Traceback" not in out.err + out.out and "internal error" not in out.err
        if fmt in ("text", "github"):
            assert "\x1b" not in out.out and "\x00" not in out.out
            assert "\u202e" not in out.out
        if fmt == "junit":
            ET.fromstring(out.out.encode("utf-8"))  # well-formed
        if fmt == "sarif":
            json.loads(out.out)
        if fmt == "github":  # no line of concept text can start a workflow command
            assert all(
                line.startswith(("::error ", "::warning ", "integ: "))
                for line in out.out.splitlines()
            )


def test_expanded_size_counts_aliases(tmp_path: Path) -> None:
    doc = yaml_io.load(HOSTILE / "alias-long-text.yaml")
    assert [(f.rule, f.message_id) for f in doc.findings] == [
        ("yaml-unsafe", "loader.expanded-too-large")
    ]
    assert doc.findings[0].line == 4  # where the anchor is


def test_huge_integer_is_a_finding_on_its_value() -> None:
    doc = yaml_io.load(HOSTILE / "huge-integer.yaml")
    assert doc.ok
    assert [(f.rule, f.message_id, f.params) for f in doc.findings] == [
        ("invalid-value", "loader.number-too-long", {"digits": 5000})
    ]
    text = (HOSTILE / "huge-integer.yaml").read_text(encoding="utf-8")
    line = next(i for i, x in enumerate(text.splitlines(), 1) if "7777" in x)
    assert doc.findings[0].line == line


def test_huge_integer_in_a_tagged_scalar_is_a_finding(tmp_path: Path) -> None:
    doc = yaml_io.load(tmp_path / "x.yaml", data=b"a: !!int " + b"1" * 5000 + b"\n")
    assert [f.message_id for f in doc.findings] == ["loader.number-too-long"]


@pytest.mark.parametrize("text", [".inf", "-.inf", ".nan", "+.INF", ".NaN"])
def test_non_finite_numbers_are_findings(tmp_path: Path, text: str) -> None:
    doc = yaml_io.load(tmp_path / "x.yaml", data=f"a: {text}\n".encode())
    assert [(f.rule, f.message_id, f.line, f.column) for f in doc.findings] == [
        ("invalid-value", "loader.not-finite", 1, 4)
    ]


@pytest.mark.parametrize(
    ("escape", "code"),
    [("\\e[2J", "U+001B"), ("\\0", "U+0000"), ("\\x07", "U+0007"), ("\\x85x\\x9b", "U+009B")],
)
def test_control_characters_in_text_are_findings(tmp_path: Path, escape: str, code: str) -> None:
    doc = yaml_io.load(tmp_path / "x.yaml", data=f'title: "a{escape}b"\n'.encode())
    assert [(f.rule, f.params) for f in doc.findings] == [("invalid-value", {"char": code})]


def test_tab_and_newline_in_text_are_fine(tmp_path: Path) -> None:
    doc = yaml_io.load(tmp_path / "x.yaml", data=b'title: "a\\tb\\nc"\n')
    assert doc.findings == [] and doc.data == {"title": "a\tb\nc"}


# --------------------------------------------------------------------------- not files


def _rules(out: str) -> list[tuple[str, str]]:
    return [(f["rule"], f["message_id"]) for f in json.loads(out)["findings"]]


def test_fifo_on_the_command_line_is_refused_without_reading(workspace: Path, guard: None) -> None:
    fifo = workspace / "concepts" / "pipe.yaml"
    os.mkfifo(fifo)
    result = run_cli(
        "validate", "--today", TODAY, "--format", "json", "concepts/pipe.yaml", cwd=workspace
    )
    assert result.code == 1
    assert ("file-unreadable", "loader.not-a-file.fifo") in _rules(result.out)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused(workspace: Path, guard: None, device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    result = run_cli("validate", "--today", TODAY, "--format", "json", device, cwd=workspace)
    assert result.code == 1, result.err
    assert ("file-unreadable", "loader.not-a-file.device") in _rules(result.out)


def test_symlink_loop_is_a_finding_not_a_crash(workspace: Path, guard: None) -> None:
    loop = workspace / "concepts" / "loop.yaml"
    loop.symlink_to("loop.yaml")
    result = run_cli(
        "validate", "--today", TODAY, "--format", "json", "concepts/loop.yaml", cwd=workspace
    )
    assert "internal error" not in result.err and result.code == 1, result.err
    assert ("file-unreadable", "loader.symlink-loop") in _rules(result.out)


def test_dangling_symlink_says_so(tmp_path: Path) -> None:
    link = tmp_path / "weg.yaml"
    link.symlink_to("nirgends.yaml")
    doc = yaml_io.load(link)
    assert [f.message_id for f in doc.findings] == ["loader.dangling-link"]


def test_a_folder_is_not_read(tmp_path: Path) -> None:
    doc = yaml_io.load(tmp_path)
    assert [f.message_id for f in doc.findings] == ["loader.not-a-file.folder"]


def test_read_regular_reads_at_most_the_limit_plus_one(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a" * 1000)
    assert len(yaml_io.read_regular(path, limit=10)) == 11
    assert yaml_io.read_regular(path, limit=None) == b"a" * 1000


# --------------------------------------------------------------------------- bounded time


def test_long_text_before_an_at_sign_is_linear(guard: None) -> None:
    """A 1.4 MB file of long repeated strings took 28 s: the e-mail pattern of
    personal-data-in-text was quadratic in a run of letters before an '@'."""
    from integ.rules.privacy import EMAIL

    for text in ("a" * 1_400_000 + "@", "a." * 700_000 + "@x", "x@" + "a." * 700_000):
        assert EMAIL.search(text) is None
    assert EMAIL.search("Anmeldung: max.muster@vhs-rastatt.de.").group() == (
        "max.muster@vhs-rastatt.de"
    )
