"""The wheel that `python -m build` makes is the whole of integ: installed into a fresh
virtual environment, it validates and renders DOCX and PDF with its own templates,
fonts, Lua filter and message catalogues (docs/installation in README.md)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT, TODAY

BIN = "Scripts" if os.name == "nt" else "bin"


def _run(
    args: list[str | Path], cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        check=False,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """(the wheel, the fresh venv, an environment to run it in)."""
    base = tmp_path_factory.mktemp("wheel")
    src = base / "src"  # build from a copy: the build must not depend on stray files
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "__pycache__",
            "*.pyc",
            "dist",
            "build",
            ".pytest_cache",
            ".mypy_cache",
            ".ruff_cache",
            "*.egg-info",
        ),
    )
    dist = base / "dist"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "INTEG_"))}
    built = _run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, src],
        cwd=base,
        env=env,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("integ-*.whl")

    venv = base / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=base, env=env)
    assert made.returncode == 0, made.stderr
    python = venv / BIN / ("python.exe" if os.name == "nt" else "python")
    got = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "install",
            "--no-index",
            "--no-deps",
            "--no-cache-dir",
            "--disable-pip-version-check",
            wheel,
        ],
        cwd=base,
        env=env,
    )
    assert got.returncode == 0, got.stdout + got.stderr
    # The dependencies (typer, pandoc, typst ...) come from this environment: its
    # site-packages are appended to the new venv's path. A .pth line adds a folder
    # without running the .pth files in it, so this environment's editable integ
    # (a .pth pointing at the repository) stays out.
    site = _run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        cwd=base,
        env=env,
    )
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site.stdout.strip(), "zz-test-dependencies.pth").write_text(
        "\n".join(sorted(ours)) + "\n", encoding="utf-8"
    )
    env["INTEG_CACHE_DIR"] = str(base / "cache")
    env["INTEG_TODAY"] = TODAY
    return wheel, venv, env


def test_the_wheel_holds_templates_fonts_filter_and_catalogues(
    installed: tuple[Path, Path, dict[str, str]],
) -> None:
    wheel, _, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "integ/filters/integ.lua" in names
    assert "integ/fonts/SourceSansPro-Regular.ttf" in names
    assert any(n.startswith("integ/templates/") and n.endswith(".j2") for n in names), names
    for lang in ("de", "en"):
        for po in (ROOT / "integ" / "locale" / lang / "LC_MESSAGES").glob("*.po"):
            assert f"integ/locale/{lang}/LC_MESSAGES/{po.stem}.mo" in names, po
    assert not any(n.startswith(("tests/", "bench/", "concepts/")) for n in names)


def test_integ_from_the_wheel_validates_and_renders(
    installed: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    import pikepdf
    from docx import Document

    _, venv, env = installed
    integ = venv / BIN / ("integ.exe" if os.name == "nt" else "integ")
    python = venv / BIN / ("python.exe" if os.name == "nt" else "python")
    ws = tmp_path / "arbeitsbereich"
    shutil.copytree(ROOT / "concepts", ws / "concepts")
    for name in ("integ.yaml", "actors.yaml"):
        shutil.copy(ROOT / name, ws / name)

    where = _run([python, "-c", "import integ; print(integ.__file__)"], cwd=ws, env=env)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout  # not the repository

    version = _run([integ, "--version"], cwd=ws, env=env)
    assert version.returncode == 0, version.stderr
    from integ import __version__

    assert __version__ in version.stdout

    checked = _run([integ, "validate"], cwd=ws, env=env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Warnung" in checked.stdout, checked.stdout  # the German catalogue, not ids
    english = _run([integ, "--lang", "en", "validate"], cwd=ws, env=env)
    assert english.returncode == 0 and "warning" in english.stdout, english.stdout

    concept = "concepts/stadt-gaggenau.yaml"
    docx = _run([integ, "render", concept, "--to", "docx", "-o", "k.docx"], cwd=ws, env=env)
    assert docx.returncode == 0, docx.stdout + docx.stderr
    text = "\n".join(p.text for p in Document(str(ws / "k.docx")).paragraphs)
    assert "Stadt Gaggenau" in text and "Sprache" in text, text[:500]

    pdf = _run([integ, "render", concept, "--to", "pdf", "-o", "k.pdf"], cwd=ws, env=env)
    assert pdf.returncode == 0, pdf.stdout + pdf.stderr
    with pikepdf.open(ws / "k.pdf") as doc:
        fonts = {
            str(font.get("/BaseFont", ""))
            for page in doc.pages
            for font in (page.Resources.get("/Font") or {}).values()
        }
        marked = doc.Root.get("/MarkInfo")
        assert marked is not None and bool(marked.get("/Marked"))  # tagged (PDF/UA-1)
    assert any("SourceSansPro" in f for f in fonts), fonts  # the shipped fonts, not system ones


def test_the_first_steps_of_the_guide_with_integ_from_the_wheel(
    installed: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    """docs/erste-schritte.md, scripted: init → new → fill in → validate → update →
    review → render → commit, each command as the guide writes it."""
    from docx import Document

    from integ import formatdoc

    _, venv, env = installed
    env = dict(env, GIT_AUTHOR_NAME="Erika Beispiel", GIT_AUTHOR_EMAIL="e@example.org")
    env.update(GIT_COMMITTER_NAME="Erika Beispiel", GIT_COMMITTER_EMAIL="e@example.org")
    integ = str(venv / BIN / ("integ.exe" if os.name == "nt" else "integ"))
    guide = (ROOT / "docs" / "erste-schritte.md").read_text(encoding="utf-8")

    def step(cwd: Path, *args: str, code: int = 0) -> str:
        command = " ".join(a if " " not in a else f'"{a}"' for a in args)
        if args[0] == "integ":
            assert command.split(" --", 1)[0] in guide, command  # the guide says it so
        done = _run([integ if args[0] == "integ" else args[0], *args[1:]], cwd=cwd, env=env)
        assert done.returncode == code, (command, done.stdout, done.stderr)
        return done.stdout + done.stderr

    step(tmp_path, "integ", "init", "musterstadt")
    ws = tmp_path / "musterstadt"
    step(ws, "git", "init", "-q")
    step(ws, "integ", "new", "stadt-musterstadt", "--name", "Stadt Musterstadt", "--type", "town")
    concept = ws / "concepts" / "stadt-musterstadt.yaml"
    assert concept.is_file()
    assert "Warnung" in step(ws, "integ", "validate")  # the skeleton is valid, not finished
    # fill in: what the guide's reader writes in the editor (docs/format.md's example)
    concept.write_text(
        formatdoc.EXAMPLE_CONCEPT.replace("status: ongoing", "status: planned"), encoding="utf-8"
    )
    step(ws, "git", "add", "concepts", "actors.yaml", "integ.yaml")
    step(ws, "git", "commit", "-q", "-m", "Konzept angelegt")
    step(ws, "integ", "validate")
    out = step(
        ws,
        "integ",
        "update",
        "concepts/stadt-musterstadt.yaml",
        "M-SPR-01",
        "--status",
        "ongoing",
        "--note",
        "Start mit 12 Teilnehmenden",
    )
    assert "geplant → laufend" in out, out
    step(ws, "integ", "update", "concepts/stadt-musterstadt.yaml", "I-SPR-1", "--value", "2026=50")
    assert "Überprüfung" in step(ws, "integ", "review", "--no-interactive")
    step(ws, "integ", "render", "concepts/stadt-musterstadt.yaml", "--to", "docx", "-o", "k.docx")
    step(ws, "integ", "render", "concepts/stadt-musterstadt.yaml", "--to", "pdf", "-o", "k.pdf")
    step(ws, "integ", "render", "--kind", "council", "--to", "docx", "-o", "vorlage.docx")
    text = "\n".join(p.text for p in Document(str(ws / "vorlage.docx")).paragraphs)
    assert "Stadt Musterstadt" in text and "Beschluss" in text, text[:400]
    assert (ws / "k.pdf").read_bytes().startswith(b"%PDF")
    step(ws, "integ", "git-setup")
    diff = step(ws, "git", "diff")
    assert "# integ: concepts/stadt-musterstadt.yaml" in diff and "laufend" in diff, diff
    step(ws, "git", "add", "concepts", "actors.yaml", "integ.yaml")
    step(ws, "git", "commit", "-q", "-m", "Handlungsfeld Sprache: Ziel und zwei Maßnahmen ergänzt")
    assert "Handlungsfeld Sprache" in step(ws, "integ", "log")
    assert "M-SPR-01" in step(ws, "integ", "diff", "--from", "HEAD~1", "--to", "HEAD")


def test_the_first_week_on_a_terminal_with_integ_from_the_wheel(
    installed: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    """Issue 12's "Done when" with the integ of the wheel: init, new and `integ add` on a
    terminal (pexpect) and in scripts, validate clean, render for the council."""
    pytest.importorskip("pexpect")
    if os.name == "nt":
        pytest.skip("needs a pty")
    from .test_first_week import Integ, first_week

    _, venv, env = installed
    own = {k: v for k, v in env.items() if k != "INTEG_TODAY"}  # dates relative to today
    first_week(tmp_path, Integ(venv / BIN / "integ", own))
