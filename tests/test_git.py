"""integ's git calls on real repositories in tmp_path: isolation from the workspace's
configuration, names git would quote, the revision reader, unreadable revisions,
`log --since`, the working-tree state, and the diff driver of `integ git-setup`."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from pathlib import Path

import pytest

from integ import yaml_io
from integ.git import Repo, worktree_state
from integ.revisions import RevisionReader

from .conftest import ROOT, run_cli
from .test_diff import GAGGENAU, edit, git

MEASURE_STATUS = "status: ongoing"


@pytest.fixture
def repo(example: Path) -> Path:
    git(example, "init", "-q", "-b", "main")
    git(example, "add", "-A")
    git(example, "commit", "-q", "-m", "Konzept 2.0 beschlossen")
    return example


def commit(cwd: Path, message: str) -> str:
    git(cwd, "add", "-A")
    git(cwd, "commit", "-q", "-m", message)
    return git(cwd, "rev-parse", "HEAD").strip()


def log(cwd: Path, *args: str) -> list[dict[str, object]]:
    result = run_cli("log", *args, "--format", "json", cwd=cwd)
    assert result.code == 0, result.err
    return json.loads(result.out)  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- point 12


def _hostile(repo: Path, tmp_path: Path) -> Path:
    """A .git/config, a global config and attributes that run a command when git
    consults them; the command touches the canary."""
    canary = tmp_path / "canary"
    hook = tmp_path / "hook.sh"
    hook.write_text(f"#!/bin/sh\ntouch {shlex.quote(str(canary))}\ncat\n", encoding="utf-8")
    hook.chmod(0o755)
    cmd = shlex.quote(str(hook))
    for key, value in (
        ("core.fsmonitor", cmd),
        ("filter.canary.clean", cmd),
        ("filter.canary.smudge", cmd),
        ("filter.canary.process", cmd),
        ("diff.integ.textconv", cmd),
        ("diff.external", cmd),
        ("core.pager", cmd),
        ("gpg.program", cmd),
        ("log.showSignature", "true"),
    ):
        git(repo, "config", key, value)
    (repo / ".gitattributes").write_text("* filter=canary diff=integ\n", encoding="utf-8")
    (tmp_path / "global").write_text(f"[core]\n\tfsmonitor = {cmd}\n", encoding="utf-8")
    canary.unlink(missing_ok=True)
    return canary


def test_git_calls_run_nothing_the_workspace_configures(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    canary = _hostile(repo, tmp_path)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "global"))
    edit(repo / GAGGENAU, MEASURE_STATUS, "status: completed")
    (repo / "concepts" / "neu.yaml").write_text("a: 1\n", encoding="utf-8")
    for args in (
        ["diff", GAGGENAU, "--from", "HEAD"],
        ["diff", "--from", "HEAD"],
        ["log", GAGGENAU],
        ["check", "--base", "HEAD"],
        ["review", "--no-interactive", "--today", "2026-11-25"],
    ):
        result = run_cli(*args, cwd=repo)
        assert "Traceback" not in result.err, (args, result.err)
        assert not canary.exists(), f"integ {' '.join(args)} ran a configured command"
    assert worktree_state(repo / GAGGENAU).dirty
    assert not canary.exists()
    # the same configuration does run the command for git itself: the test is real
    subprocess.run(["git", "status"], cwd=repo, capture_output=True, check=False)
    assert canary.exists()


def test_the_users_safe_directories_still_count(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # no system or global configuration is read, yet a repository opens as before
    with Repo(repo) as r:
        assert r.root.resolve() == repo.resolve()
        assert r.read("HEAD", GAGGENAU) == (repo / GAGGENAU).read_bytes()
    if os.geteuid() != 0:
        pytest.skip("needs root to give the repository another owner")
    import integ.git

    git(repo, "config", "safe.directory", "*")  # the repository's own word counts for nothing
    for path in [repo, *repo.rglob("*")]:
        os.lchown(path, 65534, 65534)  # a clone that belongs to someone else (CI containers)
    monkeypatch.setattr(integ.git, "_trusted", None)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "empty"))
    (tmp_path / "empty").write_text("", encoding="utf-8")
    with pytest.raises(integ.git.GitError, match="safe.directory"):
        Repo(repo)
    # the user trusts it in their global configuration; the repository cannot say so
    monkeypatch.setattr(integ.git, "_trusted", None)
    (tmp_path / "trusted").write_text(f"[safe]\n\tdirectory = {repo}\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "trusted"))
    with Repo(repo) as r:
        assert r.read("HEAD", GAGGENAU) == (repo / GAGGENAU).read_bytes()
        assert r.worktree_state(GAGGENAU).dirty is False


# --------------------------------------------------------------------------- point 23


NAMES = ["gemeinde-übach.yaml", "stadt mit leerzeichen.yaml", "zeilen\numbruch.yaml"]


def _named(repo: Path) -> list[str]:
    text = (repo / GAGGENAU).read_text(encoding="utf-8")
    for i, name in enumerate(NAMES):
        concept = text.replace("id: stadt-gaggenau", f"id: stadt-kopie-{i}", 1)
        (repo / "concepts" / name).write_text(concept, encoding="utf-8")
    git(repo, "config", "core.quotePath", "true")
    commit(repo, "Kopien mit Namen, die git quotet")
    return [f"concepts/{n}" for n in NAMES]


def test_names_git_quotes_are_read_as_they_are(repo: Path) -> None:
    paths = _named(repo)
    base = git(repo, "rev-parse", "HEAD").strip()
    for path in paths:
        edit(repo / path, MEASURE_STATUS, "status: completed")
    result = run_cli("diff", "--from", "HEAD", "--format", "json", cwd=repo)
    assert result.code == 0, result.err
    counts = {c["new"]["path"]: len(c["changes"]) for c in json.loads(result.out)["concepts"]}
    assert {p: counts[p] for p in paths} == {p: 1 for p in paths}
    assert sum(counts.values()) == 3  # nothing desynchronised: the others are unchanged
    checked = run_cli("check", "--base", base, "--format", "text", "-o", "s.md", cwd=repo)
    assert "Traceback" not in checked.err
    summary = (repo / "s.md").read_text(encoding="utf-8")
    assert summary.count("abgeschlossen") >= 3
    commit(repo, "Status in allen Kopien")
    for path in paths:
        entries = log(repo, path)
        assert entries[0]["summary"] == "1 Status geändert", path
        assert entries[0]["path"] == path


def test_a_newline_in_a_name_does_not_desync_the_batch(repo: Path) -> None:
    paths = _named(repo)
    with Repo(repo) as r:
        for _ in range(2):
            for path in [*paths, GAGGENAU, "concepts/fehlt\n.yaml", "concepts"]:
                data = r.read("HEAD", path)
                on_disk = repo / path
                expected = on_disk.read_bytes() if on_disk.is_file() else None
                assert data == expected, path
        assert sorted(r.files_at("HEAD", "concepts")) == sorted(
            [
                *paths,
                GAGGENAU,
                "concepts/gemeinde-durmersheim.yaml",
                "concepts/landkreis-rastatt.yaml",
            ]
        )


def test_names_with_glob_characters_are_names(repo: Path) -> None:
    text = (repo / GAGGENAU).read_text(encoding="utf-8")
    for name in ("kreis[1].yaml", "kreis1.yaml", ":(glob)x.yaml"):
        (repo / "concepts" / name).write_text(text, encoding="utf-8")
    commit(repo, "drei Kopien")
    edit(repo / "concepts" / "kreis1.yaml", MEASURE_STATUS, "status: completed")
    commit(repo, "nur kreis1")
    assert "nur kreis1" not in [e["message"] for e in log(repo, "concepts/kreis[1].yaml")]
    assert log(repo, "concepts/kreis1.yaml")[0]["message"] == "nur kreis1"
    assert log(repo, "concepts/:(glob)x.yaml")[0]["message"] == "drei Kopien"
    with Repo(repo) as r:
        assert r.read("HEAD", "concepts/kreis[1].yaml") == text.encode("utf-8")


def test_git_setup_writes_a_valid_attributes_line_for_any_folder(example: Path) -> None:
    folder = 'konzepte 2026 "neu" [a]'
    (example / folder).mkdir()
    for p in (example / "concepts").iterdir():
        p.rename(example / folder / p.name)
    (example / "concepts").rmdir()
    settings = example / "integ.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace("concepts: concepts\n", f"concepts: '{folder}'\n"), encoding="utf-8"
    )
    git(example, "init", "-q", "-b", "main")
    result = run_cli("git-setup", cwd=example)
    assert result.code == 0, result.err
    out = git(example, "check-attr", "-z", "diff", "--", f"{folder}/stadt-gaggenau.yaml")
    assert out.split("\0")[2] == "integ"
    other = git(example, "check-attr", "-z", "diff", "--", "konzepte 2026/x.yaml")
    assert other.split("\0")[2] == "unspecified"


# --------------------------------------------------------------------------- point 35


QUOTED = [
    '"measures":',
    "'fields':",
    '"contacts" :',
    "? measures\n:",
]


def test_quoted_top_level_keys_are_the_same_keys(repo: Path) -> None:
    text = (repo / GAGGENAU).read_text(encoding="utf-8")
    raw = (
        text.replace("\nmeasures:", '\n"measures":')
        .replace("\nfields:", "\n'fields':")
        .replace("\ncontacts:", '\n"contacts" :')
    ).encode("utf-8")
    assert raw != text.encode("utf-8")
    reader = RevisionReader()
    assert reader.data(text.encode("utf-8")) == reader.data(raw)
    assert reader.data(raw) == yaml_io.load(Path("x.yaml"), data=raw).data
    (repo / GAGGENAU).write_bytes(raw)
    commit(repo, "Schlüssel in Anführungszeichen")
    edit(repo / GAGGENAU, MEASURE_STATUS, "status: completed")
    diffed = run_cli("diff", "--from", "HEAD", "--format", "json", cwd=repo)
    changes = [c for d in json.loads(diffed.out)["concepts"] for c in d["changes"]]
    assert [(c["op"], c["field"]) for c in changes] == [("changed", "status")]
    commit(repo, "Status")
    entries = log(repo, GAGGENAU)
    assert [e["summary"] for e in entries[:2]] == [
        "1 Status geändert",
        "keine inhaltliche Änderung",
    ]


@pytest.mark.parametrize(
    "text",
    [
        '"measures":\n  - id: a\n  - id: b\n',
        "'measures': # note\n  - id: a\n",
        '"a:b":\n  - 1\nc: 2\n',
        "measures:\n  - id: a\n'measures':\n  - id: b\n",  # a key twice: not a concept
        "? measures\n: - 1\n",
        "x: 1\r\nmeasures:\r\n  - id: a\r\n",
        '"m\\u0065asures":\n  - id: a\n',
    ],
)
def test_revision_reader_reads_keys_like_the_loader(tmp_path: Path, text: str) -> None:
    raw = text.encode("utf-8")
    doc = yaml_io.load(tmp_path / "x.yaml", data=raw)
    assert RevisionReader().data(raw) == (doc.data if doc.ok else None)


def _examples() -> list[Path]:
    root = Path(__file__).resolve().parent
    return sorted((ROOT / "concepts").glob("*.yaml")) + sorted(
        (root / "data" / "valid").glob("*.yaml")
    )


@pytest.mark.parametrize("path", _examples(), ids=lambda p: p.name)
def test_revision_reader_reads_like_the_loader(path: Path) -> None:
    raw = path.read_bytes()
    reader = RevisionReader()
    assert reader.data(raw) == yaml_io.load(path).data
    assert reader.data(raw) == yaml_io.load(path).data  # from its memory of pieces


# --------------------------------------------------------------------------- point 22


def test_a_base_that_does_not_parse_is_said_not_an_abort(repo: Path) -> None:
    good = (repo / GAGGENAU).read_text(encoding="utf-8")
    (repo / GAGGENAU).write_text(good.replace("\nmeasures:", "\nmeasures: [\n"), encoding="utf-8")
    broken = commit(repo, "kaputt")
    (repo / GAGGENAU).write_text(good, encoding="utf-8")
    one = run_cli("diff", GAGGENAU, "--from", "HEAD", cwd=repo)
    assert one.code == 0, one.err
    assert "ältere Fassung (HEAD) nicht lesbar" in one.out and "Zeile" in one.out
    data = json.loads(run_cli("diff", GAGGENAU, "--from", "HEAD", "--format", "json", cwd=repo).out)
    assert data["old"]["readable"] is False and data["changes"] == []
    assert "readable" not in data["new"]
    every = run_cli("diff", "--from", "HEAD", "--format", "markdown", cwd=repo)
    assert every.code == 0 and "ältere Fassung (HEAD) nicht lesbar" in every.out.replace("\\", "")
    checked = run_cli("check", "--base", broken, "--format", "text", "-o", "s.md", cwd=repo)
    assert checked.code == 0, checked.out + checked.err
    assert "nicht lesbar" in (repo / "s.md").read_text(encoding="utf-8")
    commit(repo, "repariert")
    entries = log(repo, GAGGENAU)
    assert [e["summary"] for e in entries] == [
        "wieder lesbar (die vorige Fassung war nicht lesbar)",
        "nicht lesbar (die Datei enthält in dieser Fassung einen Fehler)",
        "angelegt",
    ]
    assert [e["readable"] for e in entries] == [True, False, True]


def test_a_new_side_that_does_not_parse_is_said_too(repo: Path) -> None:
    edit(repo / GAGGENAU, "\nmeasures:", "\nmeasures: [\n")
    result = run_cli("diff", "--from", "HEAD", cwd=repo)
    assert result.code == 0 and "neue Fassung (WORKTREE) nicht lesbar" in result.out


# --------------------------------------------------------------------------- point 2


def test_log_since_diffs_the_oldest_commit_against_its_parent(repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD").strip()
    edit(repo / GAGGENAU, MEASURE_STATUS, "status: completed")
    commit(repo, "Status")
    edit(repo / GAGGENAU, 'version: "1.0"', 'version: "1.1"')
    commit(repo, "Fassung 1.1")
    since = log(repo, GAGGENAU, "--since", first)
    assert [e["summary"] for e in since] == ["1 Konzept bearbeitet", "1 Status geändert"]
    assert [e["summary"] for e in log(repo, GAGGENAU, "-n", "2")] == [
        "1 Konzept bearbeitet",
        "1 Status geändert",
    ]
    assert log(repo, GAGGENAU)[-1]["summary"] == "angelegt"


# --------------------------------------------------------------------------- point 3


def test_worktree_state(tmp_path: Path, repo: Path) -> None:
    head = git(repo, "rev-parse", "HEAD").strip()
    assert worktree_state(repo / GAGGENAU) == worktree_state(repo / GAGGENAU)
    state = worktree_state(repo / GAGGENAU)
    assert state.commit == head and not state.dirty
    edit(repo / GAGGENAU, MEASURE_STATUS, "status: completed")
    assert worktree_state(repo / GAGGENAU).dirty
    assert not worktree_state(repo / "concepts" / "landkreis-rastatt.yaml").dirty
    git(repo, "add", GAGGENAU)  # staged but not committed is still uncommitted
    assert worktree_state(repo / GAGGENAU).dirty
    new = repo / "concepts" / "neu.yaml"
    new.write_text("a: 1\n", encoding="utf-8")
    assert worktree_state(new).dirty
    empty = tmp_path / "leer"
    empty.mkdir()
    git(empty, "init", "-q")
    (empty / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    assert worktree_state(empty / "x.yaml") == type(state)(None, True)


# --------------------------------------------------------------------------- point 16


def _plain_env() -> dict[str, str]:
    """git as a GUI runs it: integ is not on PATH."""
    env = dict(os.environ, PATH="/usr/bin:/bin", GIT_CONFIG_GLOBAL="/dev/null")
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    return env


def plain_git(cwd: Path, *args: str, check: bool = True) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=_plain_env(), capture_output=True, text=True, check=False
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done.stdout


def test_git_setup_writes_the_absolute_path_and_says_so(repo: Path) -> None:
    git(repo, "config", "diff.integ.textconv", "integ textconv")  # an earlier set-up
    first = run_cli("git-setup", cwd=repo)
    assert first.code == 0, first.err
    assert "absolute Pfad" in first.out and "diff.integ.textconv" in first.out
    command = git(repo, "config", "diff.integ.command").strip()
    program = shlex.split(command)[0]
    assert os.path.isabs(program) and os.access(program, os.X_OK)
    assert plain_git(repo, "config", "--get-all", "diff.integ.textconv", check=False) == ""
    again = run_cli("git-setup", cwd=repo)
    assert again.code == 0 and again.out.startswith("Bereits eingerichtet")
    assert (repo / ".gitattributes").read_text(encoding="utf-8").count("diff=integ") == 1
    assert run_cli("git-setup", "--check", cwd=repo).code == 0


def test_git_setup_check_finds_a_stale_path(repo: Path) -> None:
    assert run_cli("git-setup", "--check", cwd=repo).code == 1
    run_cli("git-setup", cwd=repo)
    git(repo, "config", "diff.integ.command", "/nicht/mehr/da/integ git-diff")
    result = run_cli("git-setup", "--check", cwd=repo)
    assert result.code == 1 and "/nicht/mehr/da/integ" in result.out
    assert "integ git-setup" in result.out


@pytest.fixture
def driven(repo: Path) -> Path:
    assert run_cli("git-setup", cwd=repo).code == 0
    commit(repo, ".gitattributes")
    return repo


def test_git_diff_shows_the_change_and_a_patch_that_applies(driven: Path) -> None:
    edit(driven / GAGGENAU, MEASURE_STATUS, "status: completed")
    out = plain_git(driven, "diff")
    assert "# integ: concepts/stadt-gaggenau.yaml: 1 inhaltliche Änderung" in out
    assert "Status laufend → abgeschlossen" in out
    assert "-    status: ongoing" in out and "+    status: completed" in out
    wanted = (driven / GAGGENAU).read_bytes()
    (driven / "p.patch").write_text(out, encoding="utf-8")
    plain_git(driven, "checkout", "--", GAGGENAU)
    plain_git(driven, "apply", "p.patch")
    assert (driven / GAGGENAU).read_bytes() == wanted
    plain_git(driven, "checkout", "--", GAGGENAU)
    plain_git(driven, "apply", "--check", "p.patch")  # and with git's own checks


def test_comment_only_edits_and_broken_files_are_visible(driven: Path) -> None:
    edit(driven / GAGGENAU, "\nmeasures:", "\n# ein neuer Kommentar\nmeasures:")
    out = plain_git(driven, "diff")
    assert "keine inhaltliche Änderung" in out and "+# ein neuer Kommentar" in out
    edit(driven / GAGGENAU, "\nmeasures:", "\nmeasures: [\n")
    broken = plain_git(driven, "diff")
    assert "# integ: neue Fassung nicht lesbar" in broken and "+measures: [" in broken


def test_blame_format_patch_and_log_use_the_text(driven: Path) -> None:
    edit(driven / GAGGENAU, MEASURE_STATUS, "status: completed")
    commit(driven, "Status")
    blame = plain_git(driven, "blame", "--porcelain", GAGGENAU)
    lines = [x[1:] for x in blame.splitlines() if x.startswith("\t")]
    assert lines == (driven / GAGGENAU).read_text(encoding="utf-8").splitlines()
    patch = plain_git(driven, "format-patch", "-1", "--stdout")
    assert "# integ" not in patch and "+    status: completed" in patch
    assert "# integ" not in plain_git(driven, "log", "-p", "-1")
    assert "Status laufend → abgeschlossen" in plain_git(driven, "log", "-p", "--ext-diff", "-1")


def test_the_driver_without_integ_on_path_and_with_renames(driven: Path) -> None:
    plain_git(driven, "mv", GAGGENAU, "concepts/gaggenau neu.yaml")
    edit(driven / "concepts/gaggenau neu.yaml", MEASURE_STATUS, "status: completed")
    plain_git(driven, "add", "-A")
    out = plain_git(driven, "diff", "--cached", "-M")
    assert "rename from concepts/stadt-gaggenau.yaml" in out
    assert "Status laufend → abgeschlossen" in out
    (driven / "p.patch").write_text(out, encoding="utf-8")
    plain_git(driven, "reset", "-q", "--hard")
    plain_git(driven, "apply", "--index", "p.patch")
    assert (driven / "concepts/gaggenau neu.yaml").is_file()


def test_the_driver_speaks_the_workspace_language(driven: Path) -> None:
    settings = driven / "integ.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("locale: de", "locale: en"), encoding="utf-8"
    )
    edit(driven / GAGGENAU, MEASURE_STATUS, "status: completed")
    env = dict(_plain_env())
    env.pop("INTEG_LANG", None)
    done = subprocess.run(
        ["git", "diff", "--", GAGGENAU],
        cwd=driven,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "1 change in content" in done.stdout and "ongoing → completed" in done.stdout


def test_created_and_deleted_concepts_give_patches_that_apply(driven: Path) -> None:
    new = driven / "concepts" / "neu.yaml"
    new.write_text((driven / GAGGENAU).read_text(encoding="utf-8"), encoding="utf-8")
    (driven / "concepts" / "landkreis-rastatt.yaml").unlink()
    plain_git(driven, "add", "-A")
    out = plain_git(driven, "diff", "--cached", "--no-renames")
    assert "# integ: concepts/neu.yaml: neu angelegt" in out
    assert "# integ: concepts/landkreis-rastatt.yaml: gelöscht" in out
    assert "new file mode 100644" in out and "deleted file mode 100644" in out
    (driven / "p.patch").write_text(out, encoding="utf-8")
    plain_git(driven, "reset", "-q", "--hard")
    plain_git(driven, "apply", "--index", "p.patch")
    assert new.is_file() and not (driven / "concepts" / "landkreis-rastatt.yaml").exists()
