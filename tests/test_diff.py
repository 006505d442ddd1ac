"""The semantic diff (pure), and diff, log, git-setup and the Synopse on real git
repositories made in tmp_path with a pinned author and dates."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integ import yaml_io
from integ.diff import Change, diff, summary, words

from .conftest import DATA, ROOT, TODAY, mutate, paths_of, run_cli

MINIMAL = yaml_io.load(DATA / "valid" / "minimal.yaml").data
EXAMPLE = yaml_io.load(ROOT / "concepts" / "landkreis-rastatt.yaml").data


def key(c: Change) -> tuple[Any, ...]:
    return (
        c.op,
        c.kind,
        c.id,
        c.field,
        json.dumps(c.old, default=str),
        json.dumps(c.new, default=str),
        c.old_id,
    )


# --------------------------------------------------------------------------- pure


def test_a_concept_has_no_difference_with_itself() -> None:
    assert diff(EXAMPLE, copy.deepcopy(EXAMPLE)) == []


def test_added_removed_changed_moved_renamed() -> None:
    new = copy.deepcopy(MINIMAL)
    new["measures"][0]["status"] = "completed"
    new["measures"][0]["end"] = "2026-10"
    new["measures"].append(
        {
            **copy.deepcopy(new["measures"][1]),
            "id": "M-NEU-01",
            "title": "Ganz neue Beratung am Abend",
        }
    )
    del new["measures"][1]  # M-ARB-01 removed
    new["fields"][0]["goals"].append(new["fields"][1]["goals"].pop())  # Z-ARB-1 moves
    new["actors"][0]["id"] = "vhs-muster"  # renamed, same content
    for m in new["measures"]:
        m["lead"] = "vhs-muster" if m["lead"] == "vhs-musterdorf" else m["lead"]
    new["fields"][0]["goals"][0]["indicators"][0]["values"][1]["value"] = 56
    changes = diff(MINIMAL, new)
    found = {(c.op, c.kind, c.id, c.field) for c in changes}
    assert ("changed", "measure", "M-SPR-01", "status") in found
    assert ("changed", "measure", "M-SPR-01", "end") in found
    assert ("removed", "measure", "M-ARB-01", "") in found
    assert ("added", "measure", "M-NEU-01", "") in found
    assert ("moved", "goal", "Z-ARB-1", "field") in found
    assert ("renamed", "actor", "vhs-muster", "") in found
    assert ("changed", "indicator", "I-SPR-1", "values[2026]") in found
    status = next(c for c in changes if c.field == "status")
    assert (status.old, status.new) == ("ongoing", "completed")
    renamed = next(c for c in changes if c.op == "renamed")
    assert renamed.old_id == "vhs-musterdorf"
    assert summary(changes)["renamed"] == 1


def test_items_are_matched_by_id_not_position() -> None:
    new = copy.deepcopy(MINIMAL)
    new["measures"].reverse()
    assert diff(MINIMAL, new) == []
    assert [c.op for c in diff(MINIMAL, new, reordered=True)] == ["reordered"]


def test_a_measure_whose_goals_change_is_moved() -> None:
    new = copy.deepcopy(MINIMAL)
    new["measures"][0]["goals"] = ["Z-ARB-1"]
    (c,) = diff(MINIMAL, new)
    assert (c.op, c.field, c.old, c.new) == ("moved", "goals", ["Z-SPR-1"], ["Z-ARB-1"])


def test_different_content_is_not_a_rename() -> None:
    new = copy.deepcopy(MINIMAL)
    new["measures"][1] = {
        **new["measures"][1],
        "id": "M-XYZ-09",
        "title": "Völlig andere Maßnahme zum Thema Wohnen",
    }
    ops = sorted(c.op for c in diff(MINIMAL, new))
    assert ops == ["added", "removed"]


def test_word_level_difference() -> None:
    assert words("Sprachcafé im Bürgerhaus", "Sprachcafé im neuen Bürgerhaus") == [
        ("equal", "Sprachcafé im "),
        ("insert", "neuen "),
        ("equal", "Bürgerhaus"),
    ]


PATHS = [p for p in paths_of(MINIMAL) if p]
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 2030),
    st.text(max_size=12),
    st.sampled_from(["completed", "Z-ARB-1", "2026-01", "M-NEU"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sampled_from(PATHS), VALUES), max_size=4),
    st.lists(st.tuples(st.sampled_from(PATHS), VALUES), max_size=4),
)
def test_diff_properties(edits_a: list[Any], edits_b: list[Any]) -> None:
    a, b = mutate(MINIMAL, edits_a), mutate(MINIMAL, edits_b)
    assert diff(a, copy.deepcopy(a)) == []
    forward, backward = diff(a, b), diff(b, a)
    renames = {(c.kind, c.old_id): c.id for c in forward if c.op == "renamed"}
    back = {(c.kind, c.id): c.old_id for c in backward if c.op == "renamed"}
    assert renames == back  # the same pairs, seen from the other side
    # the mirror of every change appears in the other direction (ids through renames)
    mirrored = {
        key(
            Change(
                c.op,
                c.kind,
                renames.get((c.kind, c.id), c.id),
                c.title,
                c.field,
                c.old,
                c.new,
                c.old_id,
            )
        )
        for c in (x.mirrored() for x in backward)
        if c.op != "renamed"
    }
    assert {key(c) for c in forward if c.op != "renamed"} == mirrored


# --------------------------------------------------------------------------- git


def git(cwd: Path, *args: str) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="Erika Beispiel",
        GIT_AUTHOR_EMAIL="ib@example.org",
        GIT_COMMITTER_NAME="Erika Beispiel",
        GIT_COMMITTER_EMAIL="ib@example.org",
        GIT_AUTHOR_DATE="2026-01-15T10:00:00+01:00",
        GIT_COMMITTER_DATE="2026-01-15T10:00:00+01:00",
        GIT_CONFIG_GLOBAL="/dev/null",
        GIT_CONFIG_NOSYSTEM="1",
    )
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture
def repo(example: Path) -> Path:
    git(example, "init", "-q", "-b", "main")
    git(example, "add", "-A")
    git(example, "commit", "-q", "-m", "Konzept 2.0 beschlossen")
    git(example, "tag", "konzept-2.0")
    return example


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


GAGGENAU = "concepts/stadt-gaggenau.yaml"


def test_diff_path_from_revision_to_worktree(repo: Path) -> None:
    edit(repo / GAGGENAU, 'version: "1.0"', 'version: "1.1"')
    result = run_cli("diff", GAGGENAU, "--from", "konzept-2.0", "--format", "json", cwd=repo)
    data = json.loads(result.out)
    assert result.code == 0
    assert data["old"] == {"ref": "konzept-2.0", "path": GAGGENAU, "version": "1.0"}
    assert data["new"] == {"ref": "WORKTREE", "path": GAGGENAU, "version": "1.1"}
    assert data["changes"] == [
        {
            "op": "changed",
            "kind": "concept",
            "id": "stadt-gaggenau",
            "field": "version",
            "old": "1.0",
            "new": "1.1",
        }
    ]
    assert data["summary"] == {"added": 0, "removed": 0, "changed": 1, "moved": 0, "renamed": 0}


def test_diff_forms_agree(repo: Path) -> None:
    edit(repo / GAGGENAU, 'version: "1.0"', 'version: "1.1"')
    git(repo, "commit", "-q", "-am", "Fassung 1.1")
    forms = [
        ["diff", f"konzept-2.0:{GAGGENAU}", f"HEAD:{GAGGENAU}"],
        ["diff", GAGGENAU, "--from", "konzept-2.0", "--to", "HEAD"],
        ["diff", GAGGENAU, "--from", "konzept-2.0"],
    ]
    outs = []
    for form in forms:
        result = run_cli(*form, "--format", "json", cwd=repo)
        assert result.code == 0, result.err
        outs.append(json.loads(result.out)["changes"])
    assert outs[0] == outs[1] == outs[2] and len(outs[0]) == 1
    everything = json.loads(
        run_cli("diff", "--from", "konzept-2.0", "--format", "json", cwd=repo).out
    )
    assert [len(c["changes"]) for c in everything["concepts"]] == [0, 0, 1]
    assert everything["summary"]["changed"] == 1


def test_two_plain_files(tmp_path: Path) -> None:
    new = copy.deepcopy(MINIMAL)
    new["measures"][0]["status"] = "completed"
    (tmp_path / "a.yaml").write_text(json.dumps(MINIMAL), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(json.dumps(new), encoding="utf-8")
    result = run_cli("diff", "a.yaml", "b.yaml", "--exit-code", cwd=tmp_path)
    assert result.code == 1
    assert (
        "Maßnahme M-SPR-01 „Sprachcafé im Bürgerhaus“: Status laufend → abgeschlossen" in result.out
    )
    same = run_cli("diff", "a.yaml", "a.yaml", "--exit-code", cwd=tmp_path)
    assert same.code == 0
    head = result.out.splitlines()[0]
    assert "a.yaml → b.yaml" in head and "WORKTREE" not in head, head  # both files named
    md = run_cli("diff", "a.yaml", "b.yaml", "--format", "markdown", cwd=tmp_path)
    assert "a\\.yaml → b\\.yaml" in md.out, md.out


@pytest.mark.parametrize("lang", ["de", "en"])
def test_an_invalid_value_is_shown_raw_and_marked(tmp_path: Path, lang: str) -> None:
    """Issue 14.7: a status the format does not allow is never shown as the old word
    ("Status laufend → laufend")."""
    new = copy.deepcopy(MINIMAL)
    new["measures"][0]["status"] = "ongoingg"
    (tmp_path / "a.yaml").write_text(json.dumps(MINIMAL), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(json.dumps(new), encoding="utf-8")
    result = run_cli("diff", "a.yaml", "b.yaml", "--lang", lang, cwd=tmp_path)
    expected = (
        "Status laufend → „ongoingg“ (ungültiger Wert)"
        if lang == "de"
        else "status ongoing → “ongoingg” (invalid value)"
    )
    assert expected in result.out, result.out


def test_markdown_shows_word_changes(repo: Path) -> None:
    edit(
        repo / GAGGENAU,
        "Lerntreff Deutsch in Bad Rotenfels und Ottenau",
        "Lerntreff Deutsch in Bad Rotenfels und Hörden",
    )
    result = run_cli("diff", GAGGENAU, "--from", "HEAD", "--format", "markdown", cwd=repo)
    assert "~~Ottenau~~" in result.out and "**Hörden**" in result.out
    assert result.out.startswith("### concepts\\/stadt\\-gaggenau\\.yaml")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", GAGGENAU, "--from", "v9"], "Die Fassung „v9“ gibt es in diesem Repository nicht"),
        (["diff", "concepts/neu.yaml", "--from", "HEAD"], "gibt es in der Fassung „HEAD“ nicht"),
        (["diff", "HEAD:concepts/neu.yaml", GAGGENAU], "gibt es in der Fassung „HEAD“ nicht"),
        (["diff", "--to", "HEAD"], "--to braucht --from"),
        (["diff"], "Geben Sie zwei Dateien an"),
    ],
)
def test_diff_errors_exit_2(repo: Path, args: list[str], message: str) -> None:
    result = run_cli(*args, cwd=repo)
    assert result.code == 2 and message in result.err and "Traceback" not in result.err


def test_shallow_clone_says_how_to_fetch(repo: Path, tmp_path: Path) -> None:
    edit(repo / GAGGENAU, 'version: "1.0"', 'version: "1.1"')
    git(repo, "commit", "-q", "-am", "Fassung 1.1")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    result = run_cli("diff", GAGGENAU, "--from", "HEAD~1", cwd=clone)
    assert result.code == 2 and "flach" in result.err and "fetch-depth: 0" in result.err


def test_git_messages_in_english(repo: Path) -> None:
    result = run_cli("--lang", "en", "diff", GAGGENAU, "--from", "v9", cwd=repo)
    assert result.code == 2 and "revision 'v9' does not exist" in result.err


def test_not_a_repository(example: Path) -> None:
    result = run_cli("diff", GAGGENAU, "--from", "HEAD", cwd=example)
    assert result.code == 2 and "liegt nicht in einem git-Repository" in result.err


def test_log_follows_renames_and_summarises(repo: Path) -> None:
    path = repo / GAGGENAU
    edit(path, "status: ongoing", "status: completed")
    git(repo, "commit", "-q", "-am", "Sachstand Sprachcafé")
    git(repo, "mv", GAGGENAU, "concepts/gaggenau.yaml")
    git(repo, "commit", "-q", "-m", "Datei umbenannt")
    result = run_cli("log", "concepts/gaggenau.yaml", "--format", "json", cwd=repo)
    entries = json.loads(result.out)
    assert result.code == 0
    assert [e["message"] for e in entries] == [
        "Datei umbenannt",
        "Sachstand Sprachcafé",
        "Konzept 2.0 beschlossen",
    ]
    assert entries[0]["summary"] == "keine inhaltliche Änderung"
    assert entries[1]["summary"] == "1 Status geändert"
    assert entries[2]["summary"] == "angelegt"
    assert entries[2]["path"] == GAGGENAU
    assert entries[1]["author"] == "Erika Beispiel"
    text = run_cli("log", "concepts/gaggenau.yaml", "-n", "1", cwd=repo).out
    assert "Datei umbenannt" in text and "Sachstand" not in text


def test_synopse_for_the_council(repo: Path) -> None:
    from docx import Document

    edit(
        repo / GAGGENAU,
        "Lerntreff Deutsch in Bad Rotenfels und Ottenau",
        "Lerntreff Deutsch in Bad Rotenfels und Hörden",
    )
    edit(repo / GAGGENAU, "status: ongoing", "status: completed")
    for suffix in ("md", "docx", "pdf"):
        result = run_cli(
            "diff",
            GAGGENAU,
            "--from",
            "HEAD",
            "-o",
            f"synopse.{suffix}",
            "--today",
            TODAY,
            cwd=repo,
        )
        assert result.code == 0, result.err
    doc = Document(str(repo / "synopse.docx"))
    (table,) = doc.tables
    assert [c.text for c in table.rows[0].cells] == [
        "Handlungsfeld",
        "Element",
        "Bisherige Fassung",
        "Neue Fassung",
        "Art der Änderung",
        "Erläuterung",
    ]
    runs = [
        r for row in table.rows[1:] for cell in row.cells for p in cell.paragraphs for r in p.runs
    ]
    assert any(r.font.strike and "Ottenau" in r.text for r in runs)
    assert any(r.font.underline and "Hörden" in r.text for r in runs)
    assert any("Legende" in p.text for p in doc.paragraphs)
    assert doc.sections[-1].page_width > doc.sections[-1].page_height
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(str(repo / "synopse.pdf")).pages)
    assert "Bisherige Fassung" in text and "Hörden" in text


def test_synopse_lists_unchanged_on_request(repo: Path) -> None:
    edit(repo / GAGGENAU, "status: ongoing", "status: completed")
    run_cli("diff", GAGGENAU, "--from", "HEAD", "-o", "a.md", "--unchanged", cwd=repo)
    assert "unverändert übernommen" in (repo / "a.md").read_text(encoding="utf-8")
    run_cli("diff", GAGGENAU, "--from", "HEAD", "-o", "b.md", cwd=repo)
    assert "unverändert übernommen" not in (repo / "b.md").read_text(encoding="utf-8")


def test_textconv_outline_is_stable(tmp_path: Path) -> None:
    data = copy.deepcopy(MINIMAL)
    (tmp_path / "a.yaml").write_text(json.dumps(data), encoding="utf-8")
    data["measures"].reverse()
    (tmp_path / "b.yaml").write_text(json.dumps(data, indent=4), encoding="utf-8")
    a = run_cli("textconv", "a.yaml", cwd=tmp_path).out
    b = run_cli("textconv", "b.yaml", cwd=tmp_path).out
    assert a == b and "Maßnahme M-SPR-01" in a


def test_git_is_needed(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = run_cli("diff", GAGGENAU, "--from", "HEAD", cwd=repo)
    assert result.code == 2 and "git ist nicht installiert" in result.err


def test_council_submission_lists_changes_since_the_adopted_text(repo: Path) -> None:
    path = repo / GAGGENAU
    assert "ref: gaggenau-1.0" in path.read_text(encoding="utf-8")  # adopted.ref
    git(repo, "tag", "gaggenau-1.0")
    edit(path, "status: ongoing", "status: completed")
    result = run_cli(
        "render",
        GAGGENAU,
        "--kind",
        "council",
        "--to",
        "md",
        "-o",
        "v.md",
        "--today",
        TODAY,
        cwd=repo,
    )
    assert result.code == 0, result.err
    out = (repo / "v.md").read_text(encoding="utf-8").replace("\\", "")
    # counted in sentences; the changes one by one are the Synopse, listed as Anlage 2
    assert "Gegenüber der am 26. Februar 2024 beschlossenen Fassung 1.0" in out
    assert "Bei 1 Maßnahme hat sich der Stand der Umsetzung geändert" in out
    assert "2. Synopse: Gegenüberstellung der Fassung 1.0 vom 26. Februar 2024" in out


def test_renaming_a_goal_does_not_move_what_hangs_on_it() -> None:
    new = json.loads(json.dumps(MINIMAL).replace("Z-SPR-1", "Z-SPR-9"))
    changes = diff(MINIMAL, new)
    assert [(c.op, c.kind, c.id, c.old_id) for c in changes] == [
        ("renamed", "goal", "Z-SPR-9", "Z-SPR-1")
    ]


# --------------------------------------------------------------------------- words


def _indicator_change(field: str, old: Any, new: Any) -> Change:
    return Change("changed", "indicator", "I-1", field=field, old=old, new=new, title="Quote")


@pytest.mark.parametrize(
    ("lang", "change", "expected"),
    [
        ("de", _indicator_change("target.year", 2027, 2028), "Zieljahr 2027 → 2028"),
        ("en", _indicator_change("target.year", 2027, 2028), "target year 2027 → 2028"),
        ("de", _indicator_change("target.value", 12.25, 1234.5), "Zielwert 12,3 → 1.234,5"),
        ("en", _indicator_change("target.value", 12.25, 1234.5), "target 12.3 → 1,234.5"),
        ("de", _indicator_change("unit", "percent", "persons"), "Einheit Prozent → Personen"),
        ("de", _indicator_change("direction", "increase", "keep"), "Richtung steigend → halten"),
        ("de", _indicator_change("values[2024]", 51, 52), "Wert 2024 51 → 52"),
        ("en", _indicator_change("values[2024]", 51, 52), "value 2024 51 → 52"),
        (
            "de",
            Change("changed", "measure", "M-1", field="budget.amount", old=12000, new=14500),
            "Budget 12.000\u00a0€ → 14.500\u00a0€",
        ),
        (
            "en",
            Change("changed", "measure", "M-1", field="status", old="planned", new="ongoing"),
            "status planned → ongoing",
        ),
        (
            "de",
            Change("changed", "network", "N-1", field="cadence_months", old=1, new=6),
            "Turnus 1 Monat → 6 Monate",
        ),
    ],
)
def test_changes_are_described_in_the_language_of_the_output(
    lang: str, change: Change, expected: str
) -> None:
    from integ.diffview import describe
    from integ.labels import Locale

    assert describe(change, Locale(lang)).endswith(expected)


def test_short_summary_counts_in_words() -> None:
    from integ.diffview import short_summary

    changes = [
        Change("added", "measure", "M-1"),
        Change("added", "measure", "M-2"),
        Change("changed", "measure", "M-1", field="status", old="planned", new="ongoing"),
        Change("changed", "indicator", "I-1", field="values[2024]", old=None, new=5),
    ]
    assert short_summary(changes, "de") == "2 Maßnahmen neu, 1 Status geändert, 1 Messwert"
    assert short_summary(changes, "en") == "2 measures new, 1 status changed, 1 value"
    assert short_summary([], "de") == "keine inhaltliche Änderung"
