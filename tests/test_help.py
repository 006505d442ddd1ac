"""Help and messages of the command line in both languages, and the one language switch."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer import _click

from integ import i18n
from integ.cli import app
from integ.cli_help import _param_help

from .conftest import DATA, ROOT, TODAY, run_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
HEADINGS = {
    "de": ("Aufruf:", "Optionen:", "Beispiele:", "Exit-Status:"),
    "en": ("Usage:", "Options:", "Examples:", "Exit status:"),
}
#: what typer/click would print on their own: English words, Python types as metavars
FOREIGN = re.compile(
    r"<(list|str|int|path|float|bool|text)\b|<int range>|list\[|Path\]|\[default: |"
    r"Show this message|\[env var|\[required\]"
)


def _commands() -> list[str]:
    group = typer.main.get_command(app)
    return [n for n, c in group.commands.items() if not c.hidden]  # type: ignore[attr-defined]


COMMANDS = _commands()


def _params(name: str) -> list[_click.Parameter]:
    group = typer.main.get_command(app)
    command = group.commands[name]  # type: ignore[attr-defined]
    return [p for p in command.get_params(_click.Context(command)) if not p.hidden]


@pytest.fixture(autouse=True)
def _no_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INTEG_LANG", raising=False)


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_examples_and_exit_codes(
    tmp_path: Path, name: str, lang: str
) -> None:
    result = run_cli(name, "--help", "--lang", lang, cwd=tmp_path)
    assert result.code == 0, result.err
    out = result.out
    _usage, _options, examples, exits = HEADINGS[lang]
    for heading in HEADINGS[lang]:
        assert f"\n{heading}\n" in out, (name, heading)
    other = HEADINGS["en" if lang == "de" else "de"]
    assert not any(f"\n{h}\n" in out for h in other), name
    assert not FOREIGN.search(out), (name, FOREIGN.search(out))
    assert out.startswith(f"integ {name} – ")
    # two or three examples, each an integ command line of this command
    block = out.split(f"\n{examples}\n", 1)[1].split(f"\n{exits}\n", 1)[0]
    calls = [line.strip() for line in block.splitlines() if line.startswith("    ")]
    assert 2 <= len(calls) <= 3, (name, calls)
    assert any(c.startswith(f"integ {name}") for c in calls), calls
    assert all(c.startswith(("integ ", "git ")) for c in calls), calls
    codes = [line.split()[0] for line in out.split(f"\n{exits}\n", 1)[1].splitlines() if line]
    assert "0" in codes and "2" in codes, (name, codes)
    # every option and argument has its own words in this language
    with i18n.using(lang):
        for param in _params(name):
            assert _param_help(name, param), (name, param.name)
    assert "--lang de|en" in out


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("new", "--type district|town|municipality|association"),
        ("validate", "--format auto|text|json|github|sarif|junit"),
        ("render", "--to docx|pdf|html|md"),
        ("render", "--kind concept|council|excerpt|overview|review"),
        ("render", "--audience public|internal"),
        ("schema", "--kind concept|registry|settings"),
        ("export", "--to xlsx|csv|ics"),
        ("export", "--table measures|indicators|actors"),
        ("review", "--audience public|internal"),
        ("diff", "--format text|markdown|json"),
        ("check", "--format auto|text|github|gitlab|json"),
    ],
)
def test_choices_are_shown_as_choices(tmp_path: Path, name: str, shown: str) -> None:
    assert shown in run_cli(name, "--help", cwd=tmp_path).out


def test_one_metavar_style_in_each_language(tmp_path: Path) -> None:
    de = run_cli("update", "--help", cwd=tmp_path).out
    en = run_cli("update", "--help", "--lang", "en", cwd=tmp_path).out
    for word in ("--review-by DATUM", "--set SCHLÜSSEL=WERT", "--value JAHR=WERT", "--today DATUM"):
        assert word in de
    for word in ("--review-by DATE", "--set KEY=VALUE", "--value YEAR=VALUE", "--today DATE"):
        assert word in en
    assert "integ update [OPTIONEN] DATEI ID" in de
    assert "integ update [OPTIONS] FILE ID" in en
    assert "--since REV" in run_cli("review", "--help", cwd=tmp_path).out


def test_bare_integ_prints_the_overview_and_exits_0(tmp_path: Path) -> None:
    result = run_cli(cwd=tmp_path)
    assert result.code == 0 and result.err == ""
    assert result.out.startswith("integ – Integrationskonzepte")
    assert "\nBefehle:\n" in result.out
    listed = re.findall(r"^  ([a-z-]+)  ", result.out.split("\nBefehle:\n")[1], re.MULTILINE)
    assert listed[: len(COMMANDS)] == COMMANDS


def test_integ_help_and_command_help_agree(tmp_path: Path) -> None:
    assert run_cli("help", cwd=tmp_path).out == run_cli("--help", cwd=tmp_path).out
    for name in ("validate", "review"):
        assert run_cli("help", name, cwd=tmp_path).out == run_cli(name, "--help", cwd=tmp_path).out
    missing = run_cli("help", "valdate", cwd=tmp_path)
    assert missing.code == 2
    assert missing.err == (
        "integ: einen Befehl „valdate“ gibt es nicht (meinten Sie „validate“?); "
        "„integ help“ listet alle Befehle\n"
    )


def test_every_command_is_in_the_readme_table_and_in_integ_help(tmp_path: Path) -> None:
    table = README.split("## Befehle", 1)[1].split("\n## ", 1)[0]
    overview = run_cli("help", cwd=tmp_path).out
    for name in COMMANDS:  # a row whose first cell names the command
        assert re.search(rf"^\|[^|\n]*`integ {re.escape(name)}[ `]", table, re.MULTILINE), name
        assert re.search(rf"^  {re.escape(name)}  ", overview, re.MULTILINE), name
    assert "| Befehl | was er tut |" in table  # the table is German


@pytest.mark.parametrize(
    ("args", "env", "yaml", "lang"),
    [
        ([], {}, None, "de"),
        (["--lang", "en"], {}, None, "en"),
        (["--lang=en"], {}, None, "en"),
        ([], {"INTEG_LANG": "en"}, None, "en"),
        ([], {}, "en", "en"),
        (["--lang", "de"], {"INTEG_LANG": "en"}, None, "de"),
        ([], {"INTEG_LANG": "de"}, "en", "de"),
        (["--lang", "de"], {}, "en", "de"),
    ],
)
def test_language_is_option_then_env_then_integ_yaml_then_german(
    workspace: Path, args: list[str], env: dict[str, str], yaml: str | None, lang: str
) -> None:
    if yaml:
        (workspace / "integ.yaml").write_text(f"locale: {yaml}\n", encoding="utf-8")
    usage = HEADINGS[lang][0]
    after = run_cli("validate", "--help", *args, cwd=workspace, env=env)
    assert f"\n{usage}\n" in after.out
    before = run_cli(*args, "validate", "--help", cwd=workspace, env=env)
    assert f"\n{usage}\n" in before.out
    refused = run_cli(*args, "validate", "nope.yaml", cwd=workspace, env=env)
    expected = {"de": "gibt es nicht", "en": "no such file or folder"}[lang]
    assert refused.code == 2 and expected in refused.err


def test_a_workspace_named_on_the_command_line_brings_its_locale(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "concepts").mkdir(parents=True)
    (ws / "integ.yaml").write_text("locale: en\n", encoding="utf-8")
    result = run_cli("validate", str(ws / "concepts"), cwd=tmp_path)
    assert result.code == 2 and "no concept file found" in result.err
    assert i18n.current() == "de"  # the run's language does not leak out of it


def test_the_environment_variable_in_a_subprocess(tmp_path: Path) -> None:
    env = {**os.environ, "INTEG_LANG": "en", "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "integ", "help", "status"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert done.returncode == 0 and "\nUsage:\n" in done.stdout, done.stderr
    env.pop("INTEG_LANG")
    bare = subprocess.run(
        [sys.executable, "-m", "integ"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert bare.returncode == 0 and "\nBefehle:\n" in bare.stdout


def test_version_does_not_import_typer(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "integ", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert done.returncode == 0 and done.stdout.startswith("integ ")
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert "typer" not in imported and "integ.cli" not in imported and "rich" not in imported


@pytest.mark.parametrize(
    ("args", "de", "en"),
    [
        (
            ["validate", "--format", "xml"],
            (
                "integ: --format/-f: erlaubt sind auto | text | json | github | sarif | junit; "
                "„integ validate --help“ zeigt, wie der Befehl aufgerufen wird\n"
            ),
            (
                "integ: --format/-f: allowed are auto | text | json | github | sarif | junit; "
                "“integ validate --help” shows how to call it\n"
            ),
        ),
        (
            ["validate", "--bogus"],
            (
                "integ: die Option --bogus gibt es hier nicht; "
                "„integ validate --help“ zeigt, wie der Befehl aufgerufen wird\n"
            ),
            "integ: there is no option --bogus here; “integ validate --help” shows how to call it\n",
        ),
        (
            ["new", "kommune-x", "--name", "X"],  # no type, none in the id's prefix
            (
                "integ: die Option --type fehlt; sie ist Pflicht, wenn integ nicht auf einem "
                "Terminal fragen kann; „integ new --help“ zeigt, wie der Befehl aufgerufen wird\n"
            ),
            (
                "integ: the option --type is missing; it is required when integ cannot ask on a "
                "terminal; “integ new --help” shows how to call it\n"
            ),
        ),
        (
            ["log", "-n", "0"],
            (
                "integ: --max-count/-n: hier gehört eine ganze Zahl ab 1 hin; "
                "„integ log --help“ zeigt, wie der Befehl aufgerufen wird\n"
            ),
            (
                "integ: --max-count/-n: this needs a whole number from 1; "
                "“integ log --help” shows how to call it\n"
            ),
        ),
        (
            ["validate", "--today", "25.11.2026"],
            (
                "integ: --today / INTEG_TODAY: „25.11.2026“ ist kein Datum; schreiben Sie JJJJ-MM-TT, "
                "z. B. 2026-11-25\n"
            ),
            (
                "integ: --today / INTEG_TODAY: “25.11.2026” is not a date; write YYYY-MM-DD, "
                "e.g. 2026-11-25\n"
            ),
        ),
        (
            ["frobnicate"],
            "integ: einen Befehl „frobnicate“ gibt es nicht; „integ help“ listet alle Befehle\n",
            "integ: there is no command “frobnicate”; “integ help” lists every command\n",
        ),
    ],
)
def test_usage_errors_in_both_languages(workspace: Path, args: list[str], de: str, en: str) -> None:
    german = run_cli(*args, cwd=workspace)
    english = run_cli("--lang", "en", *args, cwd=workspace)
    assert (german.code, german.err) == (2, de)
    assert (english.code, english.err) == (2, en)


# ------------------------------------------------------------------ issue 14, point 5


def test_validate_outside_a_workspace_is_exit_2_and_says_where_it_looked(tmp_path: Path) -> None:
    result = run_cli("validate", cwd=tmp_path)
    assert result.code == 2 and result.out == ""
    assert "keine Konzeptdatei gefunden" in result.err
    assert f"keine integ.yaml in {tmp_path.resolve()}" in result.err
    assert "concepts/" in result.err


def test_validate_above_a_workspace_in_a_subfolder_is_exit_2(tmp_path: Path) -> None:
    ws = tmp_path / "arbeit"
    (ws / "concepts").mkdir(parents=True)
    (ws / "integ.yaml").write_text("organisation: Testamt\n", encoding="utf-8")
    shutil.copy(DATA / "valid" / "minimal.yaml", ws / "concepts" / "minimal.yaml")
    result = run_cli("validate", "--today", TODAY, cwd=tmp_path)
    assert result.code == 2 and "keine Konzeptdatei gefunden" in result.err


def test_validate_an_empty_workspace_names_its_concepts_folder(workspace: Path) -> None:
    result = run_cli("validate", "--lang", "en", cwd=workspace)
    assert result.code == 2
    assert result.err.startswith(
        "integ: no concept file found: integ looked in the folder concepts/ of the workspace"
    )


def test_validate_searches_named_folders_recursively(workspace: Path) -> None:
    result = run_cli(
        "validate", "--today", TODAY, "--format", "json", str(DATA / "invalid"), cwd=workspace
    )
    assert result.code == 1
    import json

    files = json.loads(result.out)["summary"]["files"]
    cases = list((DATA / "invalid").rglob("*.yaml"))
    assert files >= len(cases) > 20
    empty = workspace / "leer"
    (empty / "unter").mkdir(parents=True)
    (empty / "unter" / "notiz.txt").write_text("x", encoding="utf-8")
    nothing = run_cli("validate", str(empty), cwd=workspace)
    assert nothing.code == 2
    assert "integ hat in" in nothing.err and "leer (mit Unterordnern)" in nothing.err


# ------------------------------------------------------------------ issue 14, point 26


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "junit"])
def test_a_file_name_that_is_not_utf8_is_a_finding_not_an_internal_error(
    workspace: Path, fmt: str
) -> None:
    if sys.platform == "darwin":
        pytest.skip("macOS file systems refuse names that are not UTF-8")
    name = os.fsdecode(b"\xff.yaml")
    shutil.copy(DATA / "valid" / "minimal.yaml", workspace / "concepts" / name)
    for args in ([], [os.path.join("concepts", name)]):
        result = run_cli("validate", "--today", TODAY, "--format", fmt, *args, cwd=workspace)
        assert result.code == 1, result.err
        assert "internal" not in result.err and "interner" not in result.err
        assert "Traceback" not in result.err


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_today_far_away_is_a_usage_error(example: Path, day: str) -> None:
    for args in (["validate"], ["review", "--no-interactive", "--record", "--by", "x"]):
        result = run_cli(*args, "--today", day, cwd=example)
        assert result.code == 2, result.err
        assert result.err == (
            f"integ: --today / INTEG_TODAY: {day} liegt außerhalb des Zeitraums, mit dem integ "
            "rechnet (1900-01-01 bis 2999-12-31)\n"
        )


# ------------------------------------------------------------------ init, new; point 30


def test_init_speaks_of_git_only_in_a_git_clone(tmp_path: Path) -> None:
    plain = run_cli("init", str(tmp_path / "a"))
    assert plain.code == 0
    assert "git init" in plain.out and "git-Klon" not in plain.out
    assert "integ.yaml geschrieben" in plain.out
    clone = tmp_path / "b"
    (clone / ".git").mkdir(parents=True)
    made = run_cli("--lang", "en", "init", str(clone))
    assert "This folder is in a git clone" in made.out and "wrote " in made.out


@pytest.mark.parametrize(
    "name",
    ['Stadt "Gaggenau": #1', "Gemeinde O'Brien \\ Süd", "- [x]: {y}", "Markt & Co. |"],
)
def test_new_writes_any_name_as_a_yaml_string(workspace: Path, name: str) -> None:
    from integ import yaml_io

    made = run_cli("new", "stadt-x", "--name", name, "--type", "town", cwd=workspace)
    assert made.code == 0, made.err
    path = workspace / "concepts" / "stadt-x.yaml"
    doc = yaml_io.load(path)
    assert doc.ok and doc.data["municipality"]["name"] == name
    assert doc.data["title"].endswith(name)
    assert set(doc.data) >= {"fields", "measures", "vision"}
    checked = run_cli("validate", "--today", TODAY, "--format", "json", cwd=workspace)
    assert checked.code == 0, checked.out


@pytest.mark.parametrize("name", ["X\nmeasures: 5", "X\r\nid: other", "X\u2028Y", "X\x00"])
def test_new_refuses_a_name_that_is_not_one_line(workspace: Path, name: str) -> None:
    made = run_cli("new", "stadt-x", "--name", name, "--type", "town", cwd=workspace)
    assert made.code == 2
    assert "ein Name ist eine Zeile Text" in made.err
    assert not (workspace / "concepts" / "stadt-x.yaml").exists()


def test_init_writes_the_organisation_as_a_yaml_string(tmp_path: Path) -> None:
    from integ import yaml_io

    organisation = 'Landratsamt "Rastatt"\nlocale: en'
    assert run_cli("init", str(tmp_path), "--organisation", organisation).code == 0
    doc = yaml_io.load(tmp_path / "integ.yaml")
    assert doc.ok and doc.data["organisation"] == organisation and doc.data["locale"] == "de"


def test_new_output_in_both_languages(workspace: Path) -> None:
    de = run_cli("new", "stadt-x", "--name", "X", "--type", "town", cwd=workspace)
    assert de.out == (
        "concepts/stadt-x.yaml angelegt; tragen Sie Ziele, Indikatoren und Maßnahmen ein "
        "und prüfen Sie dann mit „integ validate“.\n"
    )
    en = run_cli("--lang", "en", "new", "stadt-x", "--name", "X", "--type", "town", cwd=workspace)
    assert en.code == 2 and en.err.startswith("integ: concepts/stadt-x.yaml exists already;")


def test_a_file_that_cannot_be_written_is_one_located_line(tmp_path: Path) -> None:
    target = tmp_path / "fehlt" / "schema.json"
    german = run_cli("schema", "-o", str(target), cwd=tmp_path)
    assert german.code == 2
    assert german.err == "integ: fehlt: diese Datei oder diesen Ordner gibt es nicht\n"
    english = run_cli("--lang", "en", "schema", "-o", str(target), cwd=tmp_path)
    assert english.err == "integ: fehlt: no such file or folder\n"
