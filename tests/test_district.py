"""The district from the towns' own repositories (issue 13, points 1-4): `integ fetch`
into .integ_cache/sources/, and every workspace command sees the fetched concepts as
if they were in the district's own folder. Real git, local bare repositories in
tmp_path, no network."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

from integ.git import redact
from integ.sources import load_state

from .conftest import ROOT, TODAY, run_cli

TOWNS = ("stadt-gaggenau", "gemeinde-durmersheim", "stadt-buehl")


def _git(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _concept(ident: str) -> str:
    """A town's concept: the example's two towns, and Bühl made from Gaggenau."""
    if ident != "stadt-buehl":
        return (ROOT / "concepts" / f"{ident}.yaml").read_text(encoding="utf-8")
    text = (ROOT / "concepts" / "stadt-gaggenau.yaml").read_text(encoding="utf-8")
    return (
        text.replace("id: stadt-gaggenau", "id: stadt-buehl", 1)
        .replace("Stadt Gaggenau", "Stadt Bühl")
        .replace('ags: "08216015"', 'ags: "08216007"', 1)
    )


def _town_repo(base: Path, ident: str, text: str, path: str | None = None) -> Path:
    """A town's repository (a work tree to commit in) and its bare copy to fetch."""
    work = base / f"work-{ident}"
    work.mkdir(parents=True)
    _git("init", "-q", "-b", "main", cwd=work)
    target = work / (path or f"concepts/{ident}.yaml")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    _git("add", "-A", cwd=work)
    _git("commit", "-q", "-m", "Konzept", cwd=work)
    bare = base / f"{ident}.git"
    _git("clone", "-q", "--bare", str(work), str(bare), cwd=base)
    _git("remote", "add", "bare", str(bare), cwd=work)
    return bare


def _settings(repos: dict[str, str], extra: str = "") -> str:
    """The example's integ.yaml with ``repo:`` for the towns in ``repos``."""
    text = (ROOT / "integ.yaml").read_text(encoding="utf-8")
    for ident, url in repos.items():
        repo = f", repo: {json.dumps(url)}}}".replace("\\", "\\\\")
        text, n = re.subn(rf"(\{{id: {ident}, [^}}]*)\}}", rf"\g<1>{repo}", text)
        assert n == 1, ident
    return text + extra


def _workspace(folder: Path, settings: str, towns: dict[str, str]) -> Path:
    (folder / "concepts").mkdir(parents=True)
    _git("init", "-q", "-b", "main", cwd=folder)
    (folder / "integ.yaml").write_text(settings, encoding="utf-8")
    (folder / "actors.yaml").write_text(
        (ROOT / "actors.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (folder / "concepts" / "landkreis-rastatt.yaml").write_text(
        (ROOT / "concepts" / "landkreis-rastatt.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    for ident, text in towns.items():
        (folder / "concepts" / f"{ident}.yaml").write_text(text, encoding="utf-8")
    _git("add", "-A", cwd=folder)
    _git("commit", "-q", "-m", "Kreis", cwd=folder)
    return folder


@pytest.fixture
def district(tmp_path: Path) -> dict[str, Path]:
    """The same district twice: the towns' concepts in its own folder, and the towns
    in their own repositories."""
    repos = tmp_path / "repos"
    repos.mkdir()
    urls = {}
    for i, ident in enumerate(TOWNS):
        bare = _town_repo(repos, ident, _concept(ident))
        # a local path, a file:// URL, and a path relative to nothing else
        urls[ident] = bare.as_uri() if i == 1 else str(bare)
    local = _workspace(tmp_path / "local", _settings({}), {i: _concept(i) for i in TOWNS})
    fetched = _workspace(tmp_path / "fetched", _settings(urls), {})
    return {"local": local, "fetched": fetched, "repos": repos}


def _status_json(ws: Path) -> dict[str, object]:
    done = run_cli("status", "--alignment", "--format", "json", "--today", TODAY, cwd=ws)
    assert done.code == 0, done.err
    data = json.loads(done.out)
    for row in data["concepts"]:
        row.pop("file")
        row.pop("source", None)
    data.pop("sources", None)
    data.pop("notes", None)
    return data


def _alignment_text(ws: Path) -> str:
    done = run_cli("status", "--alignment", "--today", TODAY, cwd=ws, env={"COLUMNS": "120"})
    assert done.code == 0, done.err
    return done.out.split("\nAbstimmung zwischen den Konzepten\n", 1)[1]


# --------------------------------------------------------------------------- done when


def test_after_fetch_the_district_reads_as_if_the_concepts_were_in_its_folder(
    district: dict[str, Path],
) -> None:
    local, fetched = district["local"], district["fetched"]
    before = run_cli("status", "--format", "json", "--today", TODAY, cwd=fetched)
    assert {r["id"] for r in json.loads(before.out)["concepts"]} == {"landkreis-rastatt"}
    done = run_cli("fetch", cwd=fetched)
    assert done.code == 0, done.out + done.err
    lines = done.out.splitlines()
    for ident in TOWNS:
        assert any(line.startswith(f"{ident}: aktualisiert auf main @ ") for line in lines), lines
    # status --alignment: the same rows, the same alignment
    assert _status_json(fetched) == _status_json(local)
    assert _alignment_text(fetched) == _alignment_text(local)
    # the status table says where each concept comes from
    table = run_cli("status", "--today", TODAY, cwd=fetched, env={"COLUMNS": "200"}).out
    assert "Quelle" in table and "stadt-buehl" in table
    sha = _git("rev-parse", "HEAD", cwd=district["repos"] / "stadt-buehl.git").strip()
    assert f"main @ {sha[:7]}" in table
    # the export: the same tables
    for ws in (local, fetched):
        out = run_cli("export", "--to", "csv", "-o", "out/", "--today", TODAY, cwd=ws)
        assert out.code == 0, out.err
    names = sorted(p.name for p in (local / "out").iterdir())
    assert names == sorted(p.name for p in (fetched / "out").iterdir()) and names
    for name in names:
        assert (local / "out" / name).read_bytes() == (fetched / "out" / name).read_bytes(), name
    # the overview for the Kreistag: the same document text
    for ws in (local, fetched):
        out = run_cli(
            "render", "--kind", "overview", "--to", "md", "-o", "ov.md", "--today", TODAY, cwd=ws
        )
        assert out.code == 0, out.err
    assert (local / "ov.md").read_text(encoding="utf-8") == (fetched / "ov.md").read_text(
        encoding="utf-8"
    )
    # nothing of the cache is ever committed
    assert ".integ_cache" not in _git("status", "--porcelain", "--ignored=no", cwd=fetched)
    assert ".integ_cache" in _git("status", "--porcelain", "--ignored", cwd=fetched)
    assert (fetched / ".integ_cache" / ".gitignore").read_text(encoding="utf-8").endswith("*\n")


def test_an_unreachable_source_keeps_its_copy_and_is_stale_with_its_date(
    district: dict[str, Path],
) -> None:
    fetched, repos = district["fetched"], district["repos"]
    assert run_cli("fetch", cwd=fetched).code == 0
    good = load_state(fetched)["stadt-buehl"].fetched
    assert good
    (repos / "stadt-buehl.git").rename(repos / "gone.git")  # the town's server is down
    done = run_cli("fetch", cwd=fetched)
    assert done.code == 1
    line = next(x for x in done.out.splitlines() if x.startswith("stadt-buehl: "))
    shown = f"{good[8:10]}.{good[5:7]}.{good[:4]}"
    assert line.startswith("stadt-buehl: fehlgeschlagen: ") and f"Stand vom {shown}" in line
    assert "stadt-gaggenau: aktuell (main @ " in done.out
    state = load_state(fetched)["stadt-buehl"]
    assert state.stale and state.fetched == good and state.reason
    # still shown, and marked stale in every report
    status = run_cli("status", "--today", TODAY, cwd=fetched, env={"COLUMNS": "200"})
    assert "Stadt Bühl" in status.out
    assert f"Quelle stadt-buehl ({repos / 'stadt-buehl.git'}) ist veraltet" in status.out
    assert f"Stand vom {shown}" in status.out
    assert "veraltet, Stand" in status.out  # in the table's source column
    data = json.loads(run_cli("status", "-f", "json", "--today", TODAY, cwd=fetched).out)
    (entry,) = [s for s in data["sources"] if s["id"] == "stadt-buehl"]
    assert entry["stale"] is True and entry["fetched"] == good and entry["present"] is True
    assert any("stadt-buehl" in n for n in data["notes"])
    for args in (["validate"], ["export", "--to", "csv", "-o", "x/"]):
        out = run_cli(*args, "--today", TODAY, cwd=fetched)
        assert "ist veraltet" in out.err, (args, out.err)
    run_cli(
        "render", "--kind", "overview", "--to", "md", "-o", "ov.md", "--today", TODAY, cwd=fetched
    )
    assert "veraltet" in (fetched / "ov.md").read_text(encoding="utf-8")
    # and back: the next good fetch clears the mark
    (repos / "gone.git").rename(repos / "stadt-buehl.git")
    assert run_cli("fetch", cwd=fetched).code == 0
    assert not load_state(fetched)["stadt-buehl"].stale


def test_a_source_never_fetched_is_missing_not_silent(tmp_path: Path) -> None:
    ws = _workspace(tmp_path / "ws", _settings({"stadt-buehl": str(tmp_path / "nowhere.git")}), {})
    done = run_cli("fetch", "--timeout", "20", cwd=ws)
    assert done.code == 1 and "stadt-buehl: fehlgeschlagen: " in done.out
    status = run_cli("status", "--today", TODAY, cwd=ws)
    assert "Quelle stadt-buehl" in status.out and "fehlt" in status.out
    assert "Stadt Bühl" in status.out  # among the towns without a concept


# --------------------------------------------------------------------------- fetch


def test_fetch_updates_follows_a_tag_and_says_up_to_date(tmp_path: Path) -> None:
    repos = tmp_path / "repos"
    repos.mkdir()
    bare = _town_repo(repos, "stadt-buehl", _concept("stadt-buehl"))
    work = repos / "work-stadt-buehl"
    _git("tag", "konzept-1.0", cwd=work)
    _git("push", "-q", "bare", "konzept-1.0", cwd=work)
    settings = _settings({"stadt-buehl": str(bare), "stadt-gaggenau": str(bare)})
    plain = f"repo: {json.dumps(str(bare))}}}"
    tagged = f"repo: {json.dumps(str(bare))}, ref: konzept-1.0, path: concepts/stadt-buehl.yaml}}"
    lines = [
        line.replace(plain, tagged) if "id: stadt-gaggenau" in line else line
        for line in settings.splitlines(keepends=True)
    ]
    settings = "".join(lines)
    ws = _workspace(tmp_path / "ws", settings, {})
    first = run_cli("fetch", cwd=ws)
    assert first.code == 0, first.out
    assert "stadt-gaggenau: aktualisiert auf konzept-1.0 @ " in first.out
    assert "stadt-buehl: aktualisiert auf main @ " in first.out
    assert run_cli("fetch", "stadt-buehl", cwd=ws).out.startswith("stadt-buehl: aktuell (main @ ")
    # a new commit in the town's repository: the branch moves, the tag stays
    concept = work / "concepts" / "stadt-buehl.yaml"
    concept.write_text(
        concept.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "1.1"'),
        encoding="utf-8",
    )
    _git("commit", "-q", "-am", "Fassung 1.1", cwd=work)
    _git("push", "-q", "bare", "main", cwd=work)
    sha = _git("rev-parse", "HEAD", cwd=work).strip()
    again = run_cli("fetch", cwd=ws)
    assert f"stadt-buehl: aktualisiert auf main @ {sha[:7]}" in again.out
    assert "stadt-gaggenau: aktuell (konzept-1.0 @ " in again.out
    data = json.loads(run_cli("status", "-f", "json", "--today", TODAY, cwd=ws).out)
    versions = {r["id"]: r["version"] for r in data["concepts"]}
    # the tag: the adopted text; the branch: the newest
    assert versions["stadt-buehl"] == "1.1"
    unknown = run_cli("fetch", "stadt-buhl", cwd=ws)
    assert unknown.code == 2 and "stadt-buehl" in unknown.err


def test_a_password_in_a_url_is_never_shown_or_stored(tmp_path: Path) -> None:
    url = "https://kreis:geheim123@127.0.0.1:9/buehl/konzept.git"
    ws = _workspace(tmp_path / "ws", _settings({"stadt-buehl": url}), {})
    done = run_cli("fetch", "--timeout", "20", cwd=ws)
    assert done.code == 1
    assert "geheim123" not in done.out + done.err
    assert "https://***@127.0.0.1:9/buehl/konzept.git" in done.out
    for path in (ws / ".integ_cache").rglob("*"):
        if path.is_file():
            assert b"geheim123" not in path.read_bytes(), path
    status = run_cli("status", "-f", "json", "--today", TODAY, cwd=ws)
    assert "geheim123" not in status.out + status.err and "***@" in status.out


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://user:pw@host/x.git", "https://***@host/x.git"),
        ("https://ghp_TOKEN@github.com/a/b", "https://***@github.com/a/b"),
        ("ssh://git:pw@host/x.git", "ssh://git:***@host/x.git"),
        ("ssh://git@host/x.git", "ssh://git@host/x.git"),
        ("git@host:town/x.git", "git@host:town/x.git"),
        ("/srv/git/x.git", "/srv/git/x.git"),
        (
            "fatal: unable to access 'https://a:b@h/x/': 403",
            "fatal: unable to access 'https://***@h/x/': 403",
        ),
    ],
)
def test_redact(url: str, shown: str) -> None:
    assert redact(url) == shown


def test_fetch_writes_nothing_through_a_link(tmp_path: Path) -> None:
    repos = tmp_path / "repos"
    repos.mkdir()
    bare = _town_repo(repos, "stadt-buehl", _concept("stadt-buehl"))
    ws = _workspace(tmp_path / "ws", _settings({"stadt-buehl": str(bare)}), {})
    outside = tmp_path / "outside"
    outside.mkdir()
    (ws / ".integ_cache").symlink_to(outside)
    done = run_cli("fetch", cwd=ws)
    assert done.code == 2 and "symbolischer Link" in done.err
    assert list(outside.iterdir()) == []


def test_a_link_in_the_town_repository_is_not_followed(tmp_path: Path) -> None:
    repos = tmp_path / "repos"
    repos.mkdir()
    work = repos / "work"
    work.mkdir()
    _git("init", "-q", "-b", "main", cwd=work)
    (work / "concepts").mkdir()
    (work / "concepts" / "stadt-buehl.yaml").symlink_to("/etc/passwd")
    _git("add", "-A", cwd=work)
    _git("commit", "-q", "-m", "link", cwd=work)
    ws = _workspace(tmp_path / "ws", _settings({"stadt-buehl": str(work)}), {})
    done = run_cli("fetch", cwd=ws)
    assert done.code == 1 and "keine gewöhnliche Datei" in done.out
    assert not (ws / ".integ_cache" / "sources" / "stadt-buehl" / "stadt-buehl.yaml").exists()


# --------------------------------------------------------------------------- commands


def test_findings_in_a_fetched_concept_name_the_town_repository(tmp_path: Path) -> None:
    repos = tmp_path / "repos"
    repos.mkdir()
    broken = _concept("stadt-buehl").replace("status: adopted", "status: beschlossen", 1)
    bare = _town_repo(repos, "stadt-buehl", broken)
    ws = _workspace(tmp_path / "ws", _settings({"stadt-buehl": bare.as_uri()}), {})
    assert run_cli("fetch", cwd=ws).code == 0
    text = run_cli("validate", "--today", TODAY, cwd=ws)
    assert text.code == 1
    assert f"aus {bare.as_uri()}, concepts/stadt-buehl.yaml (main @ " in text.out
    sarif = json.loads(run_cli("validate", "-f", "sarif", "--today", TODAY, cwd=ws).out)
    run = sarif["runs"][0]
    assert run["originalUriBaseIds"]["SOURCE_stadt-buehl"]["uri"] == bare.as_uri() + "/"
    (vcs,) = run["versionControlProvenance"]
    assert vcs["revisionId"] == _git("rev-parse", "HEAD", cwd=bare).strip()
    located = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert {"uri": "concepts/stadt-buehl.yaml", "uriBaseId": "SOURCE_stadt-buehl"} in located
    github = run_cli("validate", "-f", "github", "--today", TODAY, cwd=ws).out
    mine = [line for line in github.splitlines() if "stadt-buehl.yaml" in line]
    assert mine and all("file=" not in line for line in mine)
    assert all(bare.as_uri() in line for line in mine)


def test_edits_in_a_fetched_concept_are_refused(district: dict[str, Path]) -> None:
    fetched = district["fetched"]
    assert run_cli("fetch", cwd=fetched).code == 0
    path = fetched / ".integ_cache" / "sources" / "stadt-buehl" / "stadt-buehl.yaml"
    before = path.read_bytes()
    done = run_cli(
        "update", str(path), "M-SPR-01", "--status", "completed", "--today", TODAY, cwd=fetched
    )
    assert done.code == 2, done.out + done.err
    assert "im Repository der Kommune" in done.err
    assert path.read_bytes() == before


def test_check_sees_the_towns_fetched_concepts(district: dict[str, Path]) -> None:
    """A change of actors.yaml in the district's repository is checked against every
    town's fetched concept."""
    fetched = district["fetched"]
    assert run_cli("fetch", cwd=fetched).code == 0
    registry = yaml.safe_load((fetched / "actors.yaml").read_text(encoding="utf-8"))
    towns = "".join(_concept(i) for i in TOWNS)
    used = [a["id"] for a in registry["actors"] if a["id"] in towns]
    assert used
    gone = used[0]
    registry["actors"] = [a for a in registry["actors"] if a["id"] != gone]
    (fetched / "actors.yaml").write_text(
        yaml.safe_dump(registry, allow_unicode=True), encoding="utf-8"
    )
    done = run_cli("check", "--base", "HEAD", "--format", "json", "--today", TODAY, cwd=fetched)
    data = json.loads(done.out)
    new_files = {f["file"] for f in data["new"]}
    assert any(".integ_cache" in f for f in new_files), data["new"]
    # only what the change did is new: the towns' other findings were there before
    assert data["new"] and all(gone in json.dumps(f, ensure_ascii=False) for f in data["new"])
    assert any(".integ_cache" in f["file"] for f in data["existing"])


# --------------------------------------------------------------------------- CI


def _commands(template: Path) -> list[str]:
    """The integ command lines a pipeline template runs."""
    data = yaml.safe_load(template.read_text(encoding="utf-8"))
    if "jobs" in data:
        scripts = [str(s.get("run", "")) for j in data["jobs"].values() for s in j["steps"]]
    else:
        scripts = [str(line) for job in data.values() for line in job.get("script", [])]
    return [
        line.strip()
        for block in scripts
        for line in block.splitlines()
        if line.strip().startswith("integ ")
    ]


@pytest.mark.parametrize("name", ["github-district.yml", "gitlab-district.yml"])
def test_the_scheduled_pipeline_runs_on_local_repositories(tmp_path: Path, name: str) -> None:
    """The template's commands against three towns, one of them unreachable and one
    whose concept is invalid: every report is written, the failure is in it."""
    template = ROOT / "docs" / "ci" / name
    data = yaml.safe_load(template.read_text(encoding="utf-8"))
    text = template.read_text(encoding="utf-8")
    assert "schedule" in text and "kreisbericht/" in text
    commands = _commands(template)
    assert [c.split()[1] for c in commands][:2] == ["fetch", "status"]
    assert {"fetch", "status", "export", "render"} <= {c.split()[1] for c in commands}
    assert data
    repos = tmp_path / "repos"
    repos.mkdir()
    good = _town_repo(repos, "stadt-gaggenau", _concept("stadt-gaggenau"))
    broken = _concept("gemeinde-durmersheim").replace("status: consultation", "status: offen", 1)
    bad = _town_repo(repos, "gemeinde-durmersheim", broken)
    urls = {
        "stadt-gaggenau": str(good),
        "gemeinde-durmersheim": str(bad),
        "stadt-buehl": str(repos / "unreachable.git"),
    }
    ws = _workspace(tmp_path / "ws", _settings(urls), {})
    (ws / "kreisbericht").mkdir()
    codes = {}
    for line in commands:
        command = line.split("||")[0]
        args = shlex.split(command)[1:]
        target = None
        if ">" in args:
            at = args.index(">")
            target, args = args[at + 1], args[:at]
        done = (
            run_cli(*args, "--today", TODAY, cwd=ws)
            if args[0] != "fetch"
            else run_cli(*args, cwd=ws)
        )
        codes[args[0] + (" " + args[2] if args[0] == "render" else "")] = done.code
        assert "Traceback" not in done.err, done.err
        if target:
            (ws / target).write_text(done.out, encoding="utf-8")
    assert codes["fetch"] == 1  # one source failed: said, not hidden
    fetched = (ws / "kreisbericht" / "abruf.txt").read_text(encoding="utf-8")
    assert "stadt-buehl: fehlgeschlagen" in fetched and "stadt-gaggenau: aktualisiert" in fetched
    stand = (ws / "kreisbericht" / "stand.md").read_text(encoding="utf-8")
    assert "Quelle stadt-buehl" in stand and "Stadt Gaggenau" in stand
    assert "Gemeinde Durmersheim" in stand  # the invalid concept is shown with its errors
    assert "## Abstimmung zwischen den Konzepten" in stand
    pruefung = (ws / "kreisbericht" / "pruefung.txt").read_text(encoding="utf-8")
    assert "offen" in pruefung and f"aus {bad}" in pruefung
    written = {p.suffix for p in (ws / "kreisbericht").iterdir()}
    assert {".pdf", ".docx"} <= written, written


def test_diff_from_reads_each_town_in_its_own_history(district: dict[str, Path]) -> None:
    fetched, repos = district["fetched"], district["repos"]
    work = repos / "work-stadt-buehl"
    _git("tag", "konzept-1.0", cwd=work)
    concept = work / "concepts" / "stadt-buehl.yaml"
    text = concept.read_text(encoding="utf-8")
    concept.write_text(text.replace('version: "1.0"', 'version: "1.1"', 1), encoding="utf-8")
    _git("commit", "-q", "-am", "Fassung 1.1", cwd=work)
    _git("push", "-q", "bare", "main", "konzept-1.0", cwd=work)
    assert run_cli("fetch", cwd=fetched).code == 0
    done = run_cli("diff", "--from", "konzept-1.0", "--format", "json", cwd=fetched)
    assert done.code == 0, done.err
    data = json.loads(done.out)
    diffs = data if isinstance(data, list) else data.get("diffs", data.get("concepts", []))
    text_all = json.dumps(diffs, ensure_ascii=False)
    assert '"1.1"' in text_all and '"1.0"' in text_all
    # one file: its own repository's history too
    path = fetched / ".integ_cache" / "sources" / "stadt-buehl" / "stadt-buehl.yaml"
    one = run_cli("diff", "--from", "konzept-1.0", str(path), cwd=fetched)
    assert one.code == 0, one.err
    assert "1.1" in one.out
    log = run_cli("log", str(path), "--format", "json", cwd=fetched)
    assert log.code == 0, log.err
    assert [e["message"] for e in json.loads(log.out)] == ["Fassung 1.1", "Konzept"]


def test_credentials_come_from_the_users_own_git_helpers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import integ.git

    config = tmp_path / "gitconfig"
    config.write_text("[credential]\n\thelper = store --file=/nonexistent\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setattr(integ.git, "_credentials", None)
    args = integ.git._credential_config()
    pairs = list(zip(args[::2], args[1::2]))
    assert ("-c", "credential.helper=store --file=/nonexistent") in pairs
    env = integ.git._network_env()
    assert env["GIT_TERMINAL_PROMPT"] == "0" and "BatchMode=yes" in env["GIT_SSH_COMMAND"]
    monkeypatch.setattr(integ.git, "_credentials", None)


def test_fetch_without_sources_is_a_usage_error(tmp_path: Path) -> None:
    ws = _workspace(tmp_path / "ws", _settings({}), {})
    done = run_cli("fetch", cwd=ws)
    assert done.code == 2 and "repo:" in done.err
    assert not (ws / ".integ_cache").exists()


def test_sources_are_in_the_schema_and_checked(tmp_path: Path) -> None:
    from integ.concept import json_schema

    schema = json.dumps(json_schema("settings"), ensure_ascii=False)
    for key in ("repo", "ref", "path"):
        assert f'"{key}"' in schema
    assert "Git-Repository der Kommune" in schema and "konzept-2.0" in schema
    settings = _settings({"stadt-buehl": "/srv/git/buehl.git"}).replace(
        'repo: "/srv/git/buehl.git"', 'repo: "/srv/git/buehl.git", path: ../../etc/passwd'
    )
    ws = _workspace(tmp_path / "ws", settings, {})
    done = run_cli("validate", "integ.yaml", "--today", TODAY, cwd=ws)
    assert done.code == 1 and "integ.yaml" in done.out and "path" in done.out


def test_a_partial_clone_with_the_concepts_whole_history(tmp_path: Path) -> None:
    """A server that allows partial clones sends only the concept's blobs: all its
    versions (for log and diff --from), not the rest of the town's files."""
    repos = tmp_path / "repos"
    repos.mkdir()
    bare = _town_repo(repos, "stadt-buehl", _concept("stadt-buehl"))
    work = repos / "work-stadt-buehl"
    (work / "grosse-datei.bin").write_bytes(b"x" * 1000)
    concept = work / "concepts" / "stadt-buehl.yaml"
    concept.write_text(
        concept.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "1.1"', 1),
        encoding="utf-8",
    )
    _git("add", "-A", cwd=work)
    _git("commit", "-q", "-m", "1.1", cwd=work)
    _git("push", "-q", "bare", "main", cwd=work)
    _git("config", "uploadpack.allowFilter", "true", cwd=bare)
    _git("config", "uploadpack.allowAnySHA1InWant", "true", cwd=bare)
    ws = _workspace(tmp_path / "ws", _settings({"stadt-buehl": bare.as_uri()}), {})
    assert run_cli("fetch", cwd=ws).code == 0
    clone = ws / ".integ_cache" / "sources" / "stadt-buehl" / "repo.git"
    every = _git(
        "--git-dir", str(clone), "rev-list", "--objects", "--missing=print", "--all", cwd=ws
    )
    missing = {line[1:] for line in every.splitlines() if line.startswith("?")}
    big = _git("rev-parse", "HEAD:grosse-datei.bin", cwd=work).strip()
    assert big in missing  # a partial clone
    for rev in ("HEAD", "HEAD~1"):
        blob = _git("rev-parse", f"{rev}:concepts/stadt-buehl.yaml", cwd=work).strip()
        assert blob not in missing, rev
    assert "url" not in (clone / "config").read_text(encoding="utf-8")  # the URL is not stored


def test_review_reads_changes_since_the_last_review_in_the_towns_history(
    district: dict[str, Path],
) -> None:
    fetched, repos = district["fetched"], district["repos"]
    work = repos / "work-stadt-buehl"
    _git("tag", "ueberpruefung-2025", cwd=work)
    concept = work / "concepts" / "stadt-buehl.yaml"
    text = concept.read_text(encoding="utf-8")
    concept.write_text(text.replace('version: "1.0"', 'version: "1.1"', 1), encoding="utf-8")
    _git("commit", "-q", "-am", "Fassung 1.1", cwd=work)
    _git("push", "-q", "bare", "main", "ueberpruefung-2025", cwd=work)
    _git("tag", "ueberpruefung-2025", cwd=fetched)  # the district has the name too
    assert run_cli("fetch", cwd=fetched).code == 0
    path = fetched / ".integ_cache" / "sources" / "stadt-buehl" / "stadt-buehl.yaml"
    done = run_cli(
        "review", str(path), "--since", "ueberpruefung-2025", "--format", "json",
        "--today", TODAY, "--no-interactive", cwd=fetched,
    )  # fmt: skip
    assert done.code in (0, 1), done.err
    assert '"1.1"' in done.out and '"1.0"' in done.out


def test_the_status_table_with_sources_fits_every_width(district: dict[str, Path]) -> None:
    fetched = district["fetched"]
    assert run_cli("fetch", cwd=fetched).code == 0
    seen = set()
    for width in range(60, 201, 10):
        out = run_cli("status", "--today", TODAY, cwd=fetched, env={"COLUMNS": str(width)}).out
        table = out.split("\nlfd. = ", 1)[0]
        assert "…" not in table, width
        assert all(len(line) <= width for line in table.splitlines()), width
        seen.add("Quelle" in table)
    assert seen == {True, False}  # the column where it fits, left out where it does not
