"""What a pull request can put into a workspace must not read or write outside it:
symbolic links at templates, includes, reference documents and output paths, a committed
validation cache; and templates cannot make documents without bound (issue 14: 21, 24,
26, 28, 32, 33, 38)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from integ import yaml_io

from .conftest import DATA, TODAY, run_cli
from .test_check import break_gaggenau, pr  # noqa: F401  (the fixture)
from .test_diff import GAGGENAU

MINIMAL = yaml_io.load(DATA / "valid" / "minimal.yaml").data
SECRET = "geheim:x:0:0:Kanarienvogel"


def speak(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    """Switch integ's language for this test (the CLI chooses it once per process)."""
    from integ import i18n

    monkeypatch.setitem(i18n._state, "lang", lang)
    monkeypatch.setenv("INTEG_LANG", lang)  # the command line chooses it again per run


def write_concept(ws: Path, data: dict[str, object]) -> Path:
    path = ws / "concepts" / f"{data['id']}.yaml"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder outside the workspace (the workspace fixture is tmp_path itself)."""
    return tmp_path_factory.mktemp("runner")


@pytest.fixture
def secret(outside: Path) -> Path:
    """A file outside the workspace that must never reach a document."""
    folder = outside
    path = folder / "passwd"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


def render_md(ws: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli("render", "--today", TODAY, "--to", "md", "-o", "out.md", *args, cwd=ws)
    assert "Traceback" not in result.err and "internal error" not in result.err, result.err
    out = (ws / "out.md").read_text(encoding="utf-8") if (ws / "out.md").exists() else ""
    return result.code, result.err, out


# --------------------------------------------------------------------------- reading (21)


def test_a_template_that_is_a_link_out_of_the_workspace_is_refused(
    workspace: Path, secret: Path
) -> None:
    write_concept(workspace, MINIMAL)
    (workspace / "templates").mkdir()
    (workspace / "templates" / "concept.md.j2").symlink_to(secret)
    code, err, out = render_md(workspace)
    assert code == 2
    assert "concept.md.j2" in err and "symbolischer Link" in err and str(secret) in err
    assert SECRET not in out + err


def test_an_include_of_a_link_out_of_the_workspace_is_refused(
    workspace: Path, secret: Path
) -> None:
    write_concept(workspace, MINIMAL)
    (workspace / "templates").mkdir()
    (workspace / "templates" / "concept.md.j2").write_text(
        "# T\n\n{% include 'teil.md.j2' %}\n", encoding="utf-8"
    )
    (workspace / "templates" / "teil.md.j2").symlink_to(secret)
    code, err, out = render_md(workspace)
    assert code == 2 and "teil.md.j2" in err
    assert SECRET not in out + err


def test_a_templates_folder_that_is_a_link_out_is_not_used(workspace: Path, secret: Path) -> None:
    write_concept(workspace, MINIMAL)
    (secret.parent / "concept.md.j2").write_text("{% include 'passwd' %}", encoding="utf-8")
    (workspace / "templates").symlink_to(secret.parent)
    code, _, out = render_md(workspace)
    assert code == 0 and SECRET not in out  # the built-in template


def test_a_link_inside_the_workspace_is_fine(workspace: Path) -> None:
    write_concept(workspace, MINIMAL)
    (workspace / "vorlagen").mkdir()
    (workspace / "vorlagen" / "eigen.md.j2").write_text("# Eigen {{ concept.title }}\n")
    (workspace / "templates").mkdir()
    (workspace / "templates" / "concept.md.j2").symlink_to(workspace / "vorlagen" / "eigen.md.j2")
    code, err, out = render_md(workspace)
    assert code == 0, err
    assert out.splitlines()[-1].startswith("# Eigen")


def test_a_template_named_by_the_user_outside_the_workspace_is_read(
    workspace: Path, outside: Path
) -> None:
    write_concept(workspace, MINIMAL)
    own = outside / "meine.md.j2"
    own.write_text("# Von außen\n", encoding="utf-8")
    code, err, out = render_md(workspace, "--template", str(own))
    assert code == 0, err
    assert "# Von außen" in out


@pytest.mark.parametrize("how", ["integ.yaml", "option"])
def test_a_reference_document_that_links_out_is_refused(
    workspace: Path, outside: Path, how: str
) -> None:
    from docx import Document

    write_concept(workspace, MINIMAL)
    design = outside / "design.docx"
    Document().save(str(design))
    (workspace / "design.docx").symlink_to(design)
    args = ["--to", "docx", "-o", "out.docx"]
    if how == "integ.yaml":
        (workspace / "integ.yaml").write_text(
            "organisation: Testamt\nreference_docx: design.docx\n", encoding="utf-8"
        )
    else:
        args += ["--reference-doc", "design.docx"]
    result = run_cli("render", "--today", TODAY, *args, cwd=workspace)
    assert result.code == 2
    assert "Word-Vorlage" in result.err and str(design) in result.err
    assert not (workspace / "out.docx").exists()


# --------------------------------------------------------------------------- writing (21, 33)


def test_render_does_not_write_through_a_committed_link(workspace: Path, outside: Path) -> None:
    write_concept(workspace, MINIMAL)
    victim = outside / ".bashrc"
    victim.write_text("echo hallo\n", encoding="utf-8")
    (workspace / "dokumente").mkdir()
    (workspace / "dokumente" / "minimal.md").symlink_to(victim)
    result = run_cli(
        "render", "--today", TODAY, "--to", "md", "-o", "dokumente/minimal.md", cwd=workspace
    )
    assert result.code == 2 and "symbolischen Link" in result.err
    assert victim.read_text(encoding="utf-8") == "echo hallo\n"


@pytest.mark.parametrize("target", ["dokumente/neu/minimal.md", "dokumente/neu/"])
def test_render_makes_no_folder_through_a_committed_link(
    workspace: Path, outside: Path, target: str
) -> None:
    write_concept(workspace, MINIMAL)
    (workspace / "dokumente").symlink_to(outside)
    result = run_cli("render", "--today", TODAY, "--to", "md", "-o", target, cwd=workspace)
    assert result.code == 2 and "symbolischen Link" in result.err
    assert list(outside.iterdir()) == []


def test_english_message_for_a_link_out(
    workspace: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    speak(monkeypatch, "en")
    write_concept(workspace, MINIMAL)
    (workspace / "out.md").symlink_to(outside / "elsewhere.md")
    result = run_cli("render", "--today", TODAY, "--to", "md", "-o", "out.md", cwd=workspace)
    assert result.code == 2 and "symbolic link" in result.err
    assert not (outside / "elsewhere.md").exists()


def test_check_does_not_write_the_summary_through_a_link(pr: Path, tmp_path: Path) -> None:  # noqa: F811
    victim = tmp_path / "victim.md"
    victim.write_text("unberührt\n", encoding="utf-8")
    (pr / "integ-summary.md").symlink_to(victim)
    result = run_cli(
        "check", "--base", "origin/main", "--today", TODAY, "-o", "integ-summary.md", cwd=pr
    )
    assert result.code == 2 and "symbolischen Link" in result.err
    assert victim.read_text(encoding="utf-8") == "unberührt\n"


def test_check_keeps_its_old_revision_outside_the_work_tree(pr: Path) -> None:  # noqa: F811
    from integ.cache import folder

    break_gaggenau(pr)
    result = run_cli("check", "--base", "origin/main", "--today", TODAY, cwd=pr)
    assert result.code == 1
    assert not (pr / ".integ_cache").exists()
    assert (folder(pr) / "base" / GAGGENAU).is_file()


# --------------------------------------------------------------------------- devices (28)


@pytest.fixture
def no_rename(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(src: object, dst: object) -> None:
        raise AssertionError(f"would replace {dst}")

    monkeypatch.setattr(os, "replace", refuse)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.usefixtures("no_rename")
def test_schema_to_dev_full_is_a_message_and_keeps_the_device(workspace: Path) -> None:
    result = run_cli("schema", "-o", "/dev/full", cwd=workspace)
    assert result.code == 2 and "/dev/full" in result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX only")
@pytest.mark.usefixtures("no_rename")
def test_schema_to_dev_null(workspace: Path) -> None:
    assert run_cli("schema", "-o", "/dev/null", cwd=workspace).code == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


# --------------------------------------------------------------------------- the cache (32)


def _poison(ws: Path) -> None:
    """What a pull request could commit: a cache in the work tree whose entries for the
    current files (anyone can compute the keys) hold no findings."""
    import datetime as dt

    from integ import __version__
    from integ.cache import FOLDER, FORMAT, Cache, digest
    from integ.validate import _context, concept_shas
    from integ.workspace import Workspace, display_path

    old = Path.cwd()
    os.chdir(ws)
    try:
        w = Workspace.open(ws)
        shas = concept_shas(w)
        cache = Cache(w.root, _context(w, dt.date.fromisoformat(TODAY), shas))
        entries = {}
        for path in [ws / "integ.yaml", ws / "actors.yaml", *w.concept_files.values()]:
            display = display_path(path)
            sha = shas.get(display) or digest(path.read_bytes())
            entries[cache.key(display, sha)] = {"file": display, "findings": [], "deps": {}}
    finally:
        os.chdir(old)
    (ws / FOLDER).mkdir(exist_ok=True)
    (ws / FOLDER / "validate.json").write_text(
        json.dumps({"format": FORMAT, "version": __version__, "entries": entries}),
        encoding="utf-8",
    )


def test_a_committed_cache_cannot_hide_errors(example: Path) -> None:
    break_gaggenau(example)
    _poison(example)
    result = run_cli("validate", "--today", TODAY, "--format", "json", cwd=example)
    assert result.code == 1
    rules = [f["rule"] for f in json.loads(result.out)["findings"]]
    assert "unknown-value" in rules
    assert ".integ_cache" in result.err and "nicht mehr gelesen" in result.err


def test_a_cache_folder_that_links_out_gets_nothing(example: Path, outside: Path) -> None:
    (example / ".integ_cache").symlink_to(outside)
    result = run_cli("validate", "--today", TODAY, cwd=example)
    assert result.code == 0, result.err
    assert list(outside.iterdir()) == []


def test_the_cache_lives_in_the_users_cache_folder(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from integ import cache

    monkeypatch.delenv("INTEG_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if os.name == "posix" and os.uname().sysname != "Darwin":
        assert cache.user_cache_dir() == tmp_path / "xdg" / "integ"
    assert run_cli("validate", "--today", TODAY, cwd=example).code == 0
    assert (cache.folder(example) / "validate.json").is_file()
    assert cache.folder(example).is_relative_to(cache.user_cache_dir())
    assert cache.folder(example) != cache.folder(tmp_path)  # one per workspace
    assert not (example / ".integ_cache").exists()


# --------------------------------------------------------------------------- edits (38)


@pytest.mark.parametrize("lang,word", [("de", "kennt integ nicht"), ("en", "does not know")])
def test_update_refuses_a_file_of_an_unknown_format(
    workspace: Path, lang: str, word: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_concept(workspace, {**MINIMAL, "format": "integ/2"})
    before = path.read_bytes()
    measure = MINIMAL["measures"][0]["id"]
    speak(monkeypatch, lang)
    result = run_cli("update", str(path), measure, "--status", "completed", cwd=workspace)
    assert result.code == 2, result.out + result.err
    assert word in result.err and "integ/2" in result.err
    assert path.read_bytes() == before


def test_update_refuses_a_hard_linked_concept(workspace: Path) -> None:
    path = write_concept(workspace, MINIMAL)
    twin = workspace / "sicherung.yaml"
    os.link(path, twin)
    before = path.read_bytes()
    measure = MINIMAL["measures"][0]["id"]
    result = run_cli("update", str(path), measure, "--status", "completed", cwd=workspace)
    assert result.code == 2 and "harte Links" in result.err
    assert path.read_bytes() == twin.read_bytes() == before
    assert os.stat(path).st_ino == os.stat(twin).st_ino


# --------------------------------------------------------------------------- templates (24, 26)


def _template(ws: Path, body: str) -> Path:
    template = ws / "t.md.j2"
    template.write_text(body, encoding="utf-8")
    return template


@pytest.mark.parametrize("lang,word", [("de", "Schritte"), ("en", "steps")])
def test_a_huge_range_is_a_message(
    workspace: Path, lang: str, word: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_concept(workspace, MINIMAL)
    t = _template(workspace, "{% for x in range(10**9) %}{% endfor %}")
    speak(monkeypatch, lang)
    result = run_cli("render", "--to", "md", "-o", "o.md", "--template", str(t), cwd=workspace)
    assert result.code == 2
    assert word in result.err and "100000" in result.err
    assert "internal error" not in result.err and "Traceback" not in result.err


def test_a_template_that_multiplies_text_is_stopped(workspace: Path) -> None:
    """100,000 × 1,000 characters would be a 100 MB document: it stops at the bound."""
    write_concept(workspace, MINIMAL)
    t = _template(workspace, "{% for x in range(100000) %}{{ 'x' * 1000 }}\n{% endfor %}")
    result = run_cli("render", "--to", "md", "-o", "o.md", "--template", str(t), cwd=workspace)
    assert result.code == 2
    assert "Millionen Zeichen" in result.err and "internal error" not in result.err
    assert not (workspace / "o.md").exists()


def test_long_aliased_strings_do_not_make_a_huge_document(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One long description aliased into every measure: the document is refused with a
    message at the bound (here lowered to 200,000 characters), not written whole."""
    import integ.render

    monkeypatch.setattr(integ.render, "MAX_TEXT", 200_000)
    data = json.loads(json.dumps(MINIMAL))
    for m in data["measures"]:
        m["description"] = "@@LONG@@"
    text = json.dumps(data, ensure_ascii=False)
    long = json.dumps("Sehr langer Text. " * 6_000)  # 108 KB
    text = text.replace('"@@LONG@@"', "&long " + long, 1).replace('"@@LONG@@"', "*long")
    assert text.count("*long") == len(data["measures"]) - 1 >= 2
    (workspace / "concepts" / "minimal.yaml").write_text(text, encoding="utf-8")
    assert run_cli("validate", "--today", TODAY, cwd=workspace).code == 0
    result = run_cli("render", "--today", TODAY, "--to", "md", "-o", "o.md", cwd=workspace)
    assert result.code == 2
    assert "Millionen Zeichen" in result.err and "internal error" not in result.err
    assert not (workspace / "o.md").exists()
