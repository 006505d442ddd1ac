"""integ status (text, markdown, json, --alignment) and the rules across concepts
(district-mismatch, ags-outside-district; actor-conflict in test_rules_workspace), on
real files in tmp_path."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from .conftest import TODAY, run_cli

GAGGENAU = "concepts/stadt-gaggenau.yaml"
DURMERSHEIM = "concepts/gemeinde-durmersheim.yaml"


def _status(ws: Path, *args: str) -> dict:
    result = run_cli("status", "--today", TODAY, "--format", "json", *args, cwd=ws)
    assert result.code == 0, result.err
    return json.loads(result.out)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _findings(ws: Path, rule: str) -> list[dict]:
    result = run_cli("validate", "--today", TODAY, "--format", "json", cwd=ws)
    return [f for f in json.loads(result.out)["findings"] if f["rule"] == rule]


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


# --------------------------------------------------------------------------- status


def test_json_has_one_row_per_concept_with_the_documented_shape(example: Path) -> None:
    data = _status(example)
    assert data["today"] == TODAY and data["district"] == "landkreis-rastatt"
    rows = {r["id"]: r for r in data["concepts"]}
    assert list(rows) == ["gemeinde-durmersheim", "landkreis-rastatt", "stadt-gaggenau"]
    assert set(rows["stadt-gaggenau"]) == {
        "id",
        "file",
        "municipality",
        "type",
        "ags",
        "district",
        "version",
        "status",
        "adopted",
        "review_last",
        "review_next",
        "overdue",
        "measures",
        "measures_total",
        "errors",
        "warnings",
    }
    gaggenau = rows["stadt-gaggenau"]
    assert (gaggenau["municipality"], gaggenau["version"], gaggenau["status"]) == (
        "Stadt Gaggenau",
        "1.0",
        "adopted",
    )
    assert (gaggenau["adopted"], gaggenau["review_last"], gaggenau["review_next"]) == (
        "2024-02-26",
        "2025-10-14",
        "2027-10-14",
    )
    assert gaggenau["file"] == GAGGENAU and gaggenau["ags"] == "08216015"
    # the review of Durmersheim is overdue (EXPECTED_WARNINGS.md), the others are not
    assert [r["id"] for r in data["concepts"] if r["overdue"]] == ["gemeinde-durmersheim"]
    assert rows["gemeinde-durmersheim"]["adopted"] is None
    assert rows["landkreis-rastatt"]["review_next"] == "2027-05-11"  # review.next wins
    for row in rows.values():
        assert sum(row["measures"].values()) == row["measures_total"]
        assert list(row["measures"]) == [
            "ongoing",
            "permanent",
            "planned",
            "completed",
            "postponed",
            "paused",
            "dropped",
        ]
    assert [rows[i]["measures_total"] for i in rows] == [9, 39, 13]
    # open warnings per concept: exactly the eight of EXPECTED_WARNINGS.md
    assert {i: (r["errors"], r["warnings"]) for i, r in rows.items()} == {
        "gemeinde-durmersheim": (0, 1),
        "landkreis-rastatt": (0, 6),
        "stadt-gaggenau": (0, 1),
    }
    totals = data["totals"]
    assert (
        totals["concepts"],
        totals["measures_total"],
        totals["warnings"],
        totals["errors"],
        totals["overdue"],
    ) == (3, 61, 8, 0, 1)
    assert totals["by_status"] == {"draft": 0, "consultation": 1, "adopted": 2, "superseded": 0}
    assert "alignment" not in data


def test_json_lists_the_towns_without_a_concept(example: Path) -> None:
    towns = _status(example)["municipalities"]
    assert (towns["listed"], towns["with_concept"]) == (23, 2)
    assert len(towns["without_concept"]) == 21
    assert towns["without_concept"][0] == {
        "id": "gemeinde-au-am-rhein",
        "name": "Gemeinde Au am Rhein",
        "ags": "08216002",
    }
    assert "stadt-gaggenau" not in {t["id"] for t in towns["without_concept"]}
    assert towns["ags_outside_district"] == []


def test_text_marks_overdue_rows_without_relying_on_colour(example: Path) -> None:
    result = run_cli("status", "--today", TODAY, cwd=example)
    assert result.code == 0 and result.err == ""
    lines = result.out.splitlines()
    row = next(i for i, line in enumerate(lines) if "Durmersheim" in line and "│" in line)
    assert lines[row].lstrip("│ ").startswith("!") and "17.09.2026" in lines[row]
    assert "(überfällig)" in lines[row + 1]
    assert not any(
        line.lstrip("│ ").startswith("!")
        for line in lines
        if "Gaggenau" in line or "Landkreis Rastatt" in line
    )
    assert "! = Überprüfung überfällig" in result.out
    assert (
        "\n3 Konzepte (1 in Beteiligung, 2 beschlossen)\n61 Maßnahmen (27 laufend, "
        "13 verstetigt, 7 geplant, 8 abgeschlossen, 2 verschoben, 1 ruht, 3 gestrichen)"
        "\n0 Fehler, 8 Warnungen\n1 Überprüfung überfällig\n" in result.out
    )
    assert "2 von 23 Kommunen des Landkreises haben ein Konzept." in result.out
    assert "Gemeinde Ötigheim (08216039)" in result.out
    assert "\x1b[" not in result.out  # NO_COLOR (conftest) and not a terminal


def test_text_fits_a_narrow_terminal(example: Path) -> None:
    result = run_cli("status", "--today", TODAY, cwd=example, env={"COLUMNS": "80"})
    assert result.code == 0
    assert max(len(line) for line in result.out.splitlines()) <= 80
    assert "! Gemeinde" in result.out and "(überfällig)" in result.out


def test_markdown(example: Path) -> None:
    result = run_cli("status", "--today", TODAY, "--format", "markdown", cwd=example)
    assert result.code == 0
    out = result.out
    assert out.startswith("# Integrationskonzepte im Überblick\n")
    assert (
        "|  | Kommune | Fassung | Status | Beschlossen | Letzte Überprüfung | "
        "Nächste Überprüfung | laufend |" in out
    )
    assert (
        "| **!** | **Gemeinde Durmersheim** | 1.0 | in Beteiligung |  | 17.09.2024 | "
        "**17.09.2026 (überfällig)** | 3 | 2 | 3 | 1 | 0 | 0 | 0 | 9 | 0 | 1 |" in out
    )
    assert "|  | Stadt Gaggenau | 1.0 | beschlossen | 26.02.2024 | 14.10.2025 | 14.10.2027 |" in out
    assert "## Kommunen ohne Konzept" in out and "- Gemeinde Au am Rhein (08216002)" in out


def test_markdown_escapes_values(example: Path) -> None:
    _edit(example / GAGGENAU, "  name: Stadt Gaggenau\n", '  name: "Stadt | *Gaggenau*"\n')
    out = run_cli("status", "--today", TODAY, "-f", "markdown", cwd=example).out
    assert "Stadt \\| \\*Gaggenau\\*" in out


def test_alignment_json(example: Path) -> None:
    a = _status(example, "--alignment")["alignment"]
    goals = {f"{g['concept']}:{g['goal']}": g for g in a["district_goals"]}
    assert goals["landkreis-rastatt:Z-SPR-2"]["taken_up_by"] == [
        {"concept": "gemeinde-durmersheim", "goal": "Z-SPR-1"},
        {"concept": "stadt-gaggenau", "goal": "Z-SPR-1"},
    ]
    assert goals["landkreis-rastatt:Z-SPR-2"]["field"] == "Sprache"
    assert "landkreis-rastatt:Z-SPR-1" in a["untaken_goals"]
    assert "landkreis-rastatt:Z-SPR-2" not in a["untaken_goals"]
    assert len(a["untaken_goals"]) == 10
    assert {
        "concept": "stadt-gaggenau",
        "goal": "Z-ARB-1",
        "contributes_to": "landkreis-rastatt:Z-ARB-2",
    }.items() <= next(
        c
        for c in a["contributions"]
        if c["goal"] == "Z-ARB-1" and c["contributes_to"] == "landkreis-rastatt:Z-ARB-2"
    ).items()
    scoped = {m["measure"]: m for m in a["scoped_measures"]}
    assert scoped["M-SPR-02"]["scope"] == ["stadt-rastatt", "stadt-gaggenau"]
    assert scoped["M-WOH-05"]["status"] == "paused"
    actors = {s["id"]: s for s in a["shared_actors"]}
    jobcenter = actors["jobcenter-rastatt"]
    assert jobcenter["registry"] is True and jobcenter["type"] == "jobcenter"
    assert jobcenter["concepts"] == ["landkreis-rastatt", "stadt-gaggenau"]
    assert jobcenter["leads"] == {
        "landkreis-rastatt": ["M-SPR-04", "M-ARB-01", "M-ARB-02"],
        "stadt-gaggenau": ["M-ARB-03"],
    }
    assert all(len(s["concepts"]) >= 2 for s in a["shared_actors"])
    assert "im-gaggenau" not in actors  # used by one concept only
    nets = {n["id"]: n for n in a["networks"]}
    runder = nets["runder-tisch-gaggenau"]
    assert (
        runder["concept"],
        runder["last_meeting"],
        runder["cadence_months"],
        runder["next_due"],
        runder["overdue"],
    ) == ("stadt-gaggenau", "2025-06-26", 6, "2025-12-26", True)
    assert runder["convener"] == "stadt-gaggenau" and len(runder["members"]) == 7
    assert [n["id"] for n in a["networks"] if n["overdue"]] == ["runder-tisch-gaggenau"]


def test_alignment_text_and_markdown(example: Path) -> None:
    text = run_cli("status", "--today", TODAY, "--alignment", cwd=example)
    assert text.code == 0
    for heading in (
        "Abstimmung zwischen den Konzepten",
        "Beiträge zu den Zielen des Landkreises",
        "Ziele des Landkreises, die keine Kommune aufgreift",
        "Maßnahmen des Landkreises mit Geltungsbereich",
        "Akteure in mehreren Konzepten",
        "Netzwerke",
    ):
        assert heading in text.out, heading
    assert "26.12.2025 (überfällig)" in text.out
    md = run_cli("status", "--today", TODAY, "--alignment", "-f", "markdown", cwd=example).out
    assert "### Ziele des Landkreises, die keine Kommune aufgreift" in md
    assert (
        "| Jobcenter Landkreis Rastatt (jobcenter-rastatt) | Jobcenter | Landkreis "
        "Rastatt, Stadt Gaggenau | Landkreis Rastatt: M-SPR-04, M-ARB-01, M-ARB-02; "
        "Stadt Gaggenau: M-ARB-03 |" in md
    )
    assert (
        "| **!** | Runder Tisch Integration Gaggenau | Stadt Gaggenau | 7 | 26.06.2025 "
        "| alle 6 Monate | **26.12.2025 (überfällig)** |" in md
    )


def test_paths_select_concepts(example: Path) -> None:
    data = _status(example, GAGGENAU)
    assert [r["id"] for r in data["concepts"]] == ["stadt-gaggenau"]
    assert data["municipalities"]["with_concept"] == 2  # the workspace still counts


def test_a_broken_file_is_a_row_with_its_errors(example: Path) -> None:
    (example / "concepts" / "stadt-kaputt.yaml").write_text(
        "format: integ/1\nid: [unclosed\n", encoding="utf-8"
    )
    data = _status(example)
    row = next(r for r in data["concepts"] if r["id"] == "stadt-kaputt")
    assert row["errors"] == 1 and row["measures_total"] == 0 and row["status"] is None
    assert data["totals"]["errors"] == 1
    text = run_cli("status", "--today", TODAY, cwd=example)
    assert text.code == 0 and "stadt-kaputt" in text.out


def test_status_without_municipalities_or_district(workspace: Path) -> None:
    shutil.copy(
        Path(__file__).parent / "data" / "valid" / "minimal.yaml",
        workspace / "concepts" / "minimal.yaml",
    )
    data = _status(workspace)
    assert data["district"] is None and data["municipalities"]["listed"] == 0
    assert data["concepts"][0]["warnings"] == 0
    text = run_cli("status", "--today", TODAY, "--alignment", cwd=workspace)
    assert text.code == 0 and "Kommunen ohne Konzept" not in text.out


def test_status_today_is_a_usage_error_when_wrong(example: Path) -> None:
    result = run_cli("status", "--today", "2026-13-01", cwd=example)
    assert result.code == 2 and result.err.startswith("integ: --today")


def test_parallel_and_serial_give_the_same_status(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from integ import status, validate
    from integ.workspace import Workspace

    text = (example / GAGGENAU).read_text(encoding="utf-8")
    for n in range(2, 5):
        (example / "concepts" / f"stadt-gaggenau-{n}.yaml").write_text(
            text.replace("id: stadt-gaggenau\n", f"id: stadt-gaggenau-{n}\n"), encoding="utf-8"
        )
    day = dt.date.fromisoformat(TODAY)
    serial = status.as_json(
        status.build(Workspace.open(example), [], day, alignment=True, use_cache=False)
    )
    monkeypatch.setattr(validate, "PARALLEL_MIN_BYTES", 0)
    parallel = status.as_json(
        status.build(Workspace.open(example), [], day, alignment=True, use_cache=False)
    )
    assert parallel == serial
    assert len(serial["concepts"]) == 6


def test_status_and_validate_share_the_cache(example: Path) -> None:
    first = _status(example)
    from integ.cache import folder

    assert (folder(example) / "validate.json").is_file()
    assert _status(example) == first  # from the cache
    assert _status(example, "--no-cache") == first
    result = run_cli("validate", "--today", TODAY, "--format", "json", cwd=example)
    assert json.loads(result.out)["summary"]["warnings"] == 8
    _edit(
        example / GAGGENAU, "  district: landkreis-rastatt\n", "  district: landkreis-karlsruhe\n"
    )
    rows = {r["id"]: r for r in _status(example)["concepts"]}
    assert rows["stadt-gaggenau"]["errors"] == 1


# --------------------------------------------------------------------------- rules


def test_district_mismatch(example: Path) -> None:
    _edit(
        example / GAGGENAU, "  district: landkreis-rastatt\n", "  district: landkreis-karlsruhe\n"
    )
    found = _findings(example, "district-mismatch")
    assert [(f["file"], f["line"]) for f in found] == [
        (GAGGENAU, _line_of(example / GAGGENAU, "district: landkreis-karlsruhe"))
    ]
    assert found[0]["message_id"] == "finding.district-mismatch.other"
    assert found[0]["params"]["expected"] == "landkreis-rastatt"
    assert _findings(example, "unknown-reference") == []


def test_district_mismatch_needs_a_district_in_the_workspace(example: Path) -> None:
    (example / "concepts" / "landkreis-rastatt.yaml").unlink()
    _edit(
        example / GAGGENAU, "  district: landkreis-rastatt\n", "  district: landkreis-karlsruhe\n"
    )
    assert _findings(example, "district-mismatch") == []
    assert _findings(example, "ags-outside-district") == []


def test_ags_outside_district(example: Path) -> None:
    _edit(example / GAGGENAU, '  ags: "08216015"\n', '  ags: "08215015"\n')
    found = _findings(example, "ags-outside-district")
    assert [(f["file"], f["line"]) for f in found] == [
        (GAGGENAU, _line_of(example / GAGGENAU, 'ags: "08215015"'))
    ]
    assert found[0]["params"]["prefix"] == "08216"


def test_ags_in_integ_yaml_outside_the_district(example: Path) -> None:
    from integ.rules.workspace import settings_findings
    from integ.workspace import Workspace

    _edit(example / "integ.yaml", 'ags: "08216063"', 'ags: "08215063"')
    towns = _status(example)["municipalities"]["ags_outside_district"]
    assert towns == [
        {"id": "gemeinde-rheinmuenster", "name": "Gemeinde Rheinmünster", "ags": "08215063"}
    ]
    found = settings_findings(Workspace.open(example))
    assert [(Path(f.file).name, f.rule, f.line) for f in found] == [
        ("integ.yaml", "ags-outside-district", _line_of(example / "integ.yaml", "08215063"))
    ]
    text = run_cli("status", "--today", TODAY, cwd=example).out
    assert "AGS in integ.yaml, die nicht zum Landkreis landkreis-rastatt passen" in text


def test_the_index_reads_the_same_as_a_full_load(example: Path) -> None:
    from integ import yaml_io
    from integ.rules.workspace import facts_of, index
    from integ.workspace import Workspace

    # a file in flow style and one with the blocks in unusual places
    (example / "concepts" / "stadt-fluss.yaml").write_text(
        "{format: integ/1, id: stadt-fluss, municipality: {name: Stadt Fluss, type: town,"
        ' ags: "08216099"}, actors: [{id: a1, name: A, type: other}]}\n',
        encoding="utf-8",
    )
    (example / "concepts" / "stadt-quer.yaml").write_text(
        "actors: &acts\n  - {id: b1, name: B, type: other}\n"
        '# municipality: a comment\n"municipality":\n  name: Stadt Quer\n'
        "  type: town\nother: *acts\n",
        encoding="utf-8",
    )
    ws = Workspace.open(example)
    idx = index(ws)
    assert index(ws) is idx  # built once
    for ident, path in ws.concept_files.items():
        full = facts_of(ident, path, yaml_io.load(path).data)
        assert idx.concepts[ident] == full, ident
    assert [d.id for d in idx.districts] == ["landkreis-rastatt"]
    assert idx.concepts["stadt-quer"].name == "Stadt Quer"
    assert idx.concepts["stadt-fluss"].actors["a1"].name == "A"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_totals_count_in_words_with_the_right_plural(example: Path, lang: str) -> None:
    result = run_cli(
        "status", GAGGENAU, "--today", TODAY, "--lang", lang, cwd=example, env={"COLUMNS": "200"}
    )
    assert result.code == 0
    one, many = (
        ("1 Konzept (", "13 Maßnahmen (") if lang == "de" else ("1 concept (", "13 measures (")
    )
    assert one in result.out and many in result.out, result.out
    assert "1 Konzepte" not in result.out and "1 concepts" not in result.out
