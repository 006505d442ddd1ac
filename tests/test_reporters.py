"""The reporters: words from the catalogue, the source line with a caret (text only),
concept counts, output safe for its medium (terminal, XML, workflow commands), and
SARIF/GitHub paths relative to the repository root, percent-encoded in SARIF."""

from __future__ import annotations

import io
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from integ import i18n
from integ.problems import ERROR, WARNING, Finding, Result, Span
from integ.reporters import get
from integ.reporters.common import file_uri, repo_path, safe_text, safe_xml


def render(name: str, result: Result, lang: str = "de") -> str:
    out = io.StringIO()
    with i18n.using(lang):
        get(name)(result, out)
    return out.getvalue()


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    (tmp_path / "concepts").mkdir()
    return tmp_path


def finding(
    file: str,
    span: Span,
    severity: str = ERROR,
    message_id: str = "schema.unknown-key.suggest",
    params: dict[str, object] | None = None,
    rule: str = "unknown-key",
) -> Finding:
    return Finding(
        file,
        span,
        rule,
        severity,
        message_id,
        "",
        params if params is not None else {"key": "titel", "suggestion": "title"},
    )


def test_text_shows_the_line_with_a_caret_under_the_span(here: Path) -> None:
    (here / "concepts" / "a.yaml").write_text(
        "format: integ/1\n  titel: Sprachcafé\n", encoding="utf-8"
    )
    result = Result(
        [finding("concepts/a.yaml", Span(2, 3, 2, 8))], ["integ.yaml", "concepts/a.yaml"]
    )
    out = render("text", result)
    assert out.splitlines()[:5] == [
        "concepts/a.yaml",
        "  2:3      Fehler  Unbekannter Schlüssel „titel“ – meinten Sie „title“?  [unknown-key]",
        "    |",
        "  2 |   titel: Sprachcafé",
        "    |   ^~~~~",
    ]
    assert out.rstrip().splitlines()[-1] == "1 Konzept geprüft: 1 Fehler, 0 Warnungen"


def test_caret_sits_under_wide_characters_and_long_lines(here: Path) -> None:
    line = "title: 統合" + "x" * 500 + " typo"
    (here / "concepts" / "b.yaml").write_text(line + "\n", encoding="utf-8")
    col = line.index("typo") + 1
    out = render(
        "text", Result([finding("concepts/b.yaml", Span(1, col, 1, col + 4))], ["concepts/b.yaml"])
    )
    shown, caret = out.splitlines()[3], out.splitlines()[4]
    assert len(shown) < 140 and "…" in shown
    assert shown.index("typo") == caret.index("^") and caret.endswith("^~~~")
    # a wide character before the column: the caret counts terminal cells
    (here / "concepts" / "c.yaml").write_text("title: 統合 typo\n", encoding="utf-8")
    out = render(
        "text", Result([finding("concepts/c.yaml", Span(1, 11, 1, 15))], ["concepts/c.yaml"])
    )
    assert out.splitlines()[4] == "    | " + " " * 12 + "^~~~"  # 統合 are two cells each


def test_no_source_line_when_the_file_cannot_be_read(here: Path) -> None:
    result = Result([finding("concepts/gone.yaml", Span(2, 3, 2, 8))], ["concepts/gone.yaml"])
    out = render("text", result)
    assert " | " not in out and "Unbekannter Schlüssel" in out


def test_summary_counts_concepts_in_german_and_english(here: Path) -> None:
    files = ["integ.yaml", "actors.yaml", "concepts/a.yaml", "concepts/b.yaml", "concepts/c.yaml"]
    findings = [
        finding("concepts/a.yaml", Span(1, 1, 1, 1)),
        finding("concepts/b.yaml", Span(1, 1, 1, 1), WARNING),
        finding("concepts/c.yaml", Span(1, 1, 1, 1), WARNING),
    ]
    assert render("text", Result(findings, files)).rstrip().splitlines()[-1] == (
        "3 Konzepte geprüft: 1 Fehler, 2 Warnungen"
    )
    assert render("text", Result(findings, files), "en").rstrip().splitlines()[-1] == (
        "3 concepts checked: 1 error, 2 warnings"
    )
    assert render("text", Result([], files)).strip() == (
        "✓ 3 Konzepte geprüft: keine Probleme gefunden"
    )


def test_zero_errors_is_never_red(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    warn = Result([finding("concepts/a.yaml", Span(1, 1, 1, 1), WARNING)], ["concepts/a.yaml"])
    last = render("text", warn).rstrip().splitlines()[-1]
    red = "\x1b[31m"
    assert "\x1b[" in last  # colour is on
    assert f"{red}0 Fehler" not in last and "0 Fehler" in last
    assert "\x1b[33m1 Warnung" in last
    err = Result([finding("concepts/a.yaml", Span(1, 1, 1, 1))], ["concepts/a.yaml"])
    assert f"{red}1 Fehler" in render("text", err).rstrip().splitlines()[-1]


def test_text_escapes_terminal_control_sequences(here: Path) -> None:
    hostile = "x\x1b[2J\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ \u202eabc\x07"
    (here / "concepts" / "a.yaml").write_text(f"title: {hostile}\n", encoding="utf-8")
    f = finding(
        "concepts/a.yaml",
        Span(1, 8, 1, 20),
        message_id="schema.type.text",
        params={"key": "title", "value": hostile},
        rule="wrong-type",
    )
    out = render("text", Result([f], ["concepts/a.yaml"]))
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b[2J" in out and "\\u202e" in out


def test_a_newline_in_a_message_continues_under_it(here: Path) -> None:
    (here / "concepts" / "a.yaml").write_text("title: x\n", encoding="utf-8")
    f = finding(
        "concepts/a.yaml",
        Span(1, 8, 1, 9),
        message_id="schema.type.text",
        params={"key": "title", "value": "x\n  9:9        Fehler  erfunden\r\n::error::z"},
        rule="wrong-type",
    )
    out = render("text", Result([f], ["concepts/a.yaml"]))
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("  1:8"))
    message_at = lines[first].index(lines[first].split("Fehler", 1)[1].strip()[:3])
    continued = lines[first + 1 : first + 3]
    assert all(line[:message_at].strip() == "" for line in continued), out
    assert not any(re.match(r"  \d+:\d+ ", line) for line in lines[first + 1 :]), out
    assert not any(line.startswith("::") for line in lines), out


def test_junit_is_well_formed_with_control_characters() -> None:
    f = finding(
        "concepts/a.yaml",
        Span(1, 1, 1, 1),
        message_id="schema.type.text",
        params={"key": "title", "value": "A\x01B\x1b[2J\x7f\ufffe"},
        rule="wrong-type",
    )
    w = finding(
        "concepts/a.yaml", Span(2, 1, 2, 1), WARNING, params={"key": "\x00", "suggestion": "x"}
    )
    out = render("junit", Result([f, w], ["concepts/a.yaml"]))
    root = ET.fromstring(out.encode("utf-8"))
    failure = root.find(".//failure")
    assert failure is not None and failure.get("message") == "1 Fehler"
    assert "\\x01" in (failure.text or "") and "\\x1b[2J" in (failure.text or "")
    assert "Warnung:" in (root.find(".//system-out").text or "")  # type: ignore[union-attr]


def test_safe_xml_keeps_ordinary_text() -> None:
    assert safe_xml("Grüße\tund\nmehr 統合 😀") == "Grüße\tund\nmehr 統合 😀"
    assert safe_text("a\x1bb") == "a\\x1bb"


def test_json_keeps_the_fixed_shape_and_adds_ids_and_params() -> None:
    out = json.loads(
        render(
            "json",
            Result(
                [finding("concepts/a.yaml", Span(2, 3, 2, 8))], ["integ.yaml", "concepts/a.yaml"]
            ),
        )
    )
    assert out["summary"] == {"files": 2, "errors": 1, "warnings": 0}
    f = out["findings"][0]
    assert set(f) == {
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "severity",
        "rule",
        "message",
        "path",
        "message_id",
        "subject",
        "params",
    }
    assert f["message_id"] == "schema.unknown-key.suggest"
    assert f["params"] == {"key": "titel", "suggestion": "title"}


# --------------------------------------------------------------------------- CI paths


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose workspace is in a subfolder (a CI `working-directory:`)."""
    (tmp_path / ".git").mkdir()
    ws = tmp_path / "integration"
    (ws / "concepts").mkdir(parents=True)
    monkeypatch.chdir(ws)
    return tmp_path


def test_sarif_has_column_kind_and_encoded_repository_uris(repo: Path) -> None:
    name = "concepts/gemeinde 100%.yaml"
    log = json.loads(render("sarif", Result([finding(name, Span(1, 1, 1, 2))], [name])))
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "integration/concepts/gemeinde%20100%25.yaml"
    assert run["artifacts"][0]["location"]["uri"] == uri
    from urllib.parse import unquote

    assert unquote(uri) == "integration/" + name


def test_sarif_rule_texts_come_from_the_catalogue() -> None:
    log = json.loads(render("sarif", Result([], [])))
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    with i18n.using("de"):
        expected = i18n.t("ruledoc.unknown-key.summary")
    assert rules["unknown-key"]["shortDescription"]["text"] == expected


def test_github_paths_are_relative_to_the_repository(repo: Path) -> None:
    out = render(
        "github", Result([finding("concepts/a.yaml", Span(3, 5, 3, 9))], ["concepts/a.yaml"])
    )
    assert out.splitlines()[0].startswith("::error file=integration/concepts/a.yaml,line=3,col=5,")
    assert out.splitlines()[-1] == "integ: 1 Konzept geprüft: 1 Fehler, 0 Warnungen"


def test_repo_path_outside_a_repository_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    if any((p / ".git").exists() for p in (tmp_path, *tmp_path.parents)):
        pytest.skip("tmp is inside a repository")
    assert repo_path("concepts/a.yaml") == "concepts/a.yaml"
    assert file_uri("concepts/ä b.yaml") == "concepts/%C3%A4%20b.yaml"


def test_github_data_cannot_start_a_workflow_command() -> None:
    f = finding(
        "concepts/a.yaml",
        Span(1, 1, 1, 1),
        message_id="schema.type.text",
        params={"key": "title", "value": "x\n::error::injected\r\x1b[2J"},
        rule="wrong-type",
    )
    out = render("github", Result([f], ["concepts/a.yaml"]))
    assert len(out.splitlines()) == 2 and "%0A::error::injected\\x0d\\x1b[2J" in out


def test_paths_in_messages_of_every_format_use_forward_slashes() -> None:
    assert os.sep == "/" or repo_path("a\\b.yaml") == "a/b.yaml"
