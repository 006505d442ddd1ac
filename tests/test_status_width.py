"""`integ status` fits the terminal at every width from 60 to 200 columns, without
cutting a word, and output that is not a terminal has no trailing spaces (issue 14,
point 9)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest

import integ.cli  # noqa: F401  # first: cli_status is loaded through cli, alone it cannot
from integ.cli_status import print_text
from integ.status import build
from integ.workspace import Workspace

from .conftest import TODAY, run_cli


@pytest.fixture(scope="module")
def status(tmp_path_factory: pytest.TempPathFactory) -> Any:
    import shutil

    from .conftest import ROOT

    ws = tmp_path_factory.mktemp("status") / "ws"
    ws.mkdir()
    shutil.copytree(ROOT / "concepts", ws / "concepts")
    for name in ("integ.yaml", "actors.yaml"):
        shutil.copy(ROOT / name, ws / name)
    return build(Workspace.open(ws), [], dt.date.fromisoformat(TODAY), alignment=True)


def test_every_width_from_60_to_200(status: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    for width in range(60, 201):
        monkeypatch.setenv("COLUMNS", str(width))
        buf = io.StringIO()
        print_text(status, buf, "de")
        lines = buf.getvalue().splitlines()
        assert max(len(line) for line in lines) <= width, width
        assert all(line == line.rstrip() for line in lines), width
        table = buf.getvalue()[: buf.getvalue().index("lfd. = laufend")]
        assert "…" not in table, width  # no word of the table cut
        for name in ("Gemeinde Durmersheim", "Landkreis Rastatt", "Stadt Gaggenau"):
            assert name in table or name.split()[1] in table, (width, name)
        assert "17.09.2026" in table and "(überfällig)" in table, width
        assert "Warnungen" in table, width  # the last column is never lost


def test_redirected_output_is_not_padded(example: Path) -> None:
    result = run_cli("status", "--today", TODAY, cwd=example, env={"COLUMNS": "200"})
    assert result.code == 0
    assert [line for line in result.out.splitlines() if line != line.rstrip()] == []
