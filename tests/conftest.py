from __future__ import annotations

import copy
import io
import os
import shutil
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent

# No wall-clock limits in tests (issue 14, point 18): hypothesis's per-example deadline
# is one, so it is off for every property test, also those that do not say so; timing
# belongs in bench/.
settings.register_profile("integ", deadline=None)
settings.load_profile("integ")
DATA = Path(__file__).resolve().parent / "data"
TODAY = "2026-11-25"


@dataclass
class Outcome:
    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Outcome:
    """Run integ in this process, as the console script would, and capture everything."""
    from integ.cli import main

    out, err = io.StringIO(), io.StringIO()
    old_cwd, old_argv = Path.cwd(), sys.argv
    saved = {k: os.environ.get(k) for k in (env or {})}
    code = 0
    try:
        if cwd is not None:
            os.chdir(cwd)
        sys.argv = ["integ", *args]
        for key, value in (env or {}).items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        with redirect_stdout(out), redirect_stderr(err):
            try:
                main()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        os.chdir(old_cwd)
        sys.argv = old_argv
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return Outcome(code, out.getvalue(), err.getvalue())


def libreoffice_pdf(document: Path, folder: Path) -> Path:
    """``document`` converted to PDF by LibreOffice (headless, a profile of its own in
    ``folder``); the PDF's path in ``folder``."""
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(document)],
        capture_output=True,
        check=True,
        timeout=240,
        env={"HOME": str(folder), "PATH": "/usr/bin:/bin:/usr/local/bin"},
    )
    return folder / (document.stem + ".pdf")


def paths_of(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a nested structure of dicts and lists, as a path of keys."""
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += paths_of(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += paths_of(value, (*prefix, i))
    return out


def mutate(data: dict[str, Any], edits: list[tuple[tuple[Any, ...], Any]]) -> dict[str, Any]:
    """A copy of ``data`` with a value set at each path (paths that no longer exist
    after an earlier edit are skipped)."""
    data = copy.deepcopy(data)
    for path, value in edits:
        node: Any = data
        try:
            for part in path[:-1]:
                node = node[part]
            node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    return data


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    # the validation cache lives in the user's cache folder: one of its own per test
    monkeypatch.setenv("INTEG_CACHE_DIR", str(tmp_path_factory.mktemp("integ-cache")))
    for key in ("GITHUB_ACTIONS", "GITLAB_CI", "INTEG_TODAY", "FORCE_COLOR", "INTEG_DEBUG"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """An empty workspace: integ.yaml and concepts/."""
    (tmp_path / "integ.yaml").write_text("organisation: Testamt\n", encoding="utf-8")
    (tmp_path / "concepts").mkdir()
    return tmp_path


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example workspace of the repository."""
    target = tmp_path / "ws"
    target.mkdir()
    shutil.copytree(ROOT / "concepts", target / "concepts")
    for name in ("integ.yaml", "actors.yaml"):
        shutil.copy(ROOT / name, target / name)
    return target
