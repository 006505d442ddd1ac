"""integ export: xlsx read back with openpyxl, csv as bytes, ics parsed with icalendar."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from .conftest import TODAY, run_cli

GAGGENAU = "concepts/stadt-gaggenau.yaml"
MEASURES = 9 + 39 + 13  # Durmersheim, the district, Gaggenau


def _export(ws: Path, *args: str) -> str:
    result = run_cli("export", "--today", TODAY, *args, cwd=ws)
    assert result.code == 0, result.err
    return result.out


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _indicator_rows(ws: Path) -> int:
    from integ import yaml_io

    rows = 0
    for path in sorted((ws / "concepts").glob("*.yaml")):
        for fld in yaml_io.load(path).data["fields"]:
            for goal in fld.get("goals", []):
                for ind in goal.get("indicators", []):
                    rows += max(1, len(ind.get("values", [])))
    return rows


# --------------------------------------------------------------------------- xlsx


@pytest.fixture
def workbook(example: Path) -> object:
    from openpyxl import load_workbook

    out = _export(example, "--to", "xlsx", "-o", "bericht.xlsx")
    assert out == "bericht.xlsx geschrieben\n"
    return load_workbook(example / "bericht.xlsx")


def test_xlsx_sheets_headers_frozen_and_filtered(workbook: object, example: Path) -> None:
    wb = workbook
    assert wb.sheetnames == ["Maßnahmen", "Indikatoren", "Akteure"]  # type: ignore[attr-defined]
    expected_rows = {"Maßnahmen": MEASURES, "Indikatoren": _indicator_rows(example)}
    for ws in wb:  # type: ignore[attr-defined]
        assert ws.freeze_panes == "A2", ws.title
        last = ws.cell(row=1, column=ws.max_column).column_letter
        assert ws.auto_filter.ref == f"A1:{last}{ws.max_row}", ws.title
        assert all(c.font.bold for c in ws[1]), ws.title
        for cell in ws[1]:
            width = ws.column_dimensions[cell.column_letter].width
            assert len(cell.value) + 2 <= width <= 60, (ws.title, cell.value, width)
        if ws.title in expected_rows:
            assert ws.max_row - 1 == expected_rows[ws.title], ws.title
    head = [c.value for c in wb["Maßnahmen"][1]]  # type: ignore[index]
    assert head[:7] == [
        "Konzept",
        "Kommune",
        "Handlungsfeld",
        "Maßnahmen-Nr.",
        "Maßnahme",
        "Ziele",
        "Status",
    ]
    assert {
        "Zuständigkeit",
        "Partner",
        "Beginn",
        "Ende",
        "Budget (€)",
        "Überprüfen bis",
        "Sachstand",
    } <= set(head)
    assert [c.value for c in wb["Indikatoren"][1]][-4:] == [  # type: ignore[index]
        "Jahr",
        "Wert",
        "Anmerkung",
        "Quelle",
    ]


def _rows(ws: object) -> list[dict[str, object]]:
    cells = list(ws.iter_rows())  # type: ignore[attr-defined]
    head = [c.value for c in cells[0]]
    return [dict(zip(head, row)) for row in cells[1:]]


def test_xlsx_dates_and_numbers_are_typed(workbook: object) -> None:
    rows = {
        (r["Konzept"].value, r["Maßnahmen-Nr."].value): r  # type: ignore[union-attr]
        for r in _rows(workbook["Maßnahmen"])
    }  # type: ignore[index]
    m = rows[("landkreis-rastatt", "M-ARB-04")]
    assert m["Status"].value == "laufend"  # type: ignore[union-attr]
    assert m["Ende"].is_date and m["Ende"].value.date() == dt.date(2026, 6, 30)  # type: ignore
    assert m["Ende"].number_format == "DD.MM.YYYY"  # type: ignore[union-attr]
    assert m["Budget (€)"].value == 52000 and m["Budget (€)"].data_type == "n"  # type: ignore
    assert "€" in m["Budget (€)"].number_format  # type: ignore[union-attr]
    assert m["Zuständigkeit"].value == "AWO Kreisverband Rastatt e. V."  # type: ignore
    partners = "Jobcenter Landkreis Rastatt, Caritasverband für den Landkreis Rastatt e. V."
    assert m["Partner"].value == partners  # type: ignore[union-attr]
    assert m["Förderung bis"].value.date() == dt.date(2026, 6, 30)  # type: ignore
    g = rows[("landkreis-rastatt", "M-GES-02")]
    assert g["Überprüfen bis"].value.date() == dt.date(2026, 9, 30)  # type: ignore
    s = rows[("landkreis-rastatt", "M-SPR-02")]
    assert s["Geltungsbereich"].value == "Stadt Rastatt, Stadt Gaggenau"  # type: ignore
    for row in rows.values():
        for key in ("Beginn", "Ende", "Förderung bis", "Überprüfen bis", "Sachstand vom"):
            cell = row[key]
            assert cell.value is None or (
                cell.is_date
                and isinstance(  # type: ignore
                    cell.value, dt.datetime
                )
            ), key  # type: ignore[union-attr]
    values = _rows(workbook["Indikatoren"])  # type: ignore[index]
    numeric = [r for r in values if r["Wert"].value is not None]  # type: ignore[union-attr]
    assert numeric and all(
        isinstance(r["Wert"].value, (int, float))  # type: ignore
        and r["Jahr"].number_format == "0"
        for r in numeric
    )  # type: ignore
    assert any(
        isinstance(r["Wert"].value, float)
        and r["Wert"].number_format  # type: ignore
        == "#,##0.0##"
        for r in numeric
    )
    actors = {r["Kennung"].value: r for r in _rows(workbook["Akteure"])}  # type: ignore
    jobcenter = actors["jobcenter-rastatt"]
    assert jobcenter["Art"].value == "Jobcenter"  # type: ignore[union-attr]
    assert jobcenter["Verzeichnis"].value == "actors.yaml"  # type: ignore[union-attr]
    assert (jobcenter["Konzepte"].value, jobcenter["Federführung"].value) == (2, 4)  # type: ignore
    assert actors["im-gaggenau"]["Verzeichnis"].value == "stadt-gaggenau"  # type: ignore


def test_xlsx_text_that_looks_like_a_formula_stays_text(example: Path) -> None:
    from openpyxl import load_workbook

    _edit(example / GAGGENAU, "    title: Sprechstunde des", '    title: "=HYPERLINK(1)" # ')
    _export(example, "--to", "xlsx", "-o", "x.xlsx")
    titles = [c.value for c in load_workbook(example / "x.xlsx")["Maßnahmen"]["E"]]
    assert "=HYPERLINK(1)" in titles
    cell = next(
        c for c in load_workbook(example / "x.xlsx")["Maßnahmen"]["E"] if c.value == "=HYPERLINK(1)"
    )
    assert cell.data_type == "s"


def test_xlsx_into_a_folder_and_not_to_stdout(example: Path) -> None:
    (example / "out").mkdir()
    assert _export(example, "--to", "xlsx", "-o", "out") == "out/integ-export.xlsx geschrieben\n"
    result = run_cli("export", "--to", "xlsx", "-o", "-", cwd=example)
    assert result.code == 2 and result.err.count("\n") == 1 and "integ:" in result.err


# --------------------------------------------------------------------------- csv


def test_csv_for_excel_in_germany(example: Path) -> None:
    out = _export(example, "--to", "csv", "-o", "tabellen")
    assert out.splitlines() == [
        "tabellen/massnahmen.csv geschrieben",
        "tabellen/indikatoren.csv geschrieben",
        "tabellen/akteure.csv geschrieben",
    ]
    raw = (example / "tabellen" / "massnahmen.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfKonzept;Kommune;Handlungsfeld;Ma\xc3\x9fnahmen-Nr.;")
    text = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(rows) == MEASURES
    m = next(
        r for r in rows if r["Maßnahmen-Nr."] == "M-ARB-04" and r["Konzept"] == "landkreis-rastatt"
    )
    assert (m["Ende"], m["Budget (€)"], m["Status"]) == ("30.06.2026", "52000", "laufend")
    assert "\r\n" in text and "Zuständigkeit" in text and "Förderung bis" in text
    ind = list(
        csv.DictReader(
            io.StringIO(
                (example / "tabellen" / "indikatoren.csv").read_text(encoding="utf-8-sig"),
                newline="",
            ),
            delimiter=";",
        )
    )
    assert any("," in r["Wert"] for r in ind)  # decimal comma
    assert not any("." in r["Wert"] for r in ind)


def test_csv_plain(example: Path) -> None:
    _export(example, "--to", "csv", "--plain", "-o", "plain.csv")
    files = sorted(p.name for p in example.glob("plain-*.csv"))
    assert files == ["plain-akteure.csv", "plain-indikatoren.csv", "plain-massnahmen.csv"]
    raw = (example / "plain-massnahmen.csv").read_bytes()
    assert raw.startswith(b"Konzept,Kommune,") and not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    m = next(
        r for r in rows if r["Maßnahmen-Nr."] == "M-ARB-04" and r["Konzept"] == "landkreis-rastatt"
    )
    assert m["Ende"] == "2026-06-30"
    ind = list(
        csv.DictReader(
            io.StringIO((example / "plain-indikatoren.csv").read_text(encoding="utf-8"), newline="")
        )
    )
    assert any("." in r["Wert"] for r in ind) and not any("," in r["Wert"] for r in ind)
    assert any(r["Kommune"] == "Gemeinde Durmersheim" for r in ind)


def test_csv_one_table_to_stdout_and_formula_guard(example: Path) -> None:
    _edit(example / GAGGENAU, "    title: Sprechstunde des", '    title: "=1+1" # ')
    out = _export(example, "--to", "csv", "--table", "measures", "-o", "-")
    assert out.startswith("Konzept;Kommune;")  # no BOM on a terminal
    assert ";'=1+1;" in out
    plain = _export(example, "--to", "csv", "--table", "measures", "--plain", "-o", "-")
    assert ",'=1+1," in plain  # a plain CSV opens in a spreadsheet too (issue 14.15)
    result = run_cli("export", "--to", "csv", "-o", "-", cwd=example)
    assert result.code == 2 and "--table" in result.err


def test_csv_umlauts_survive(example: Path) -> None:
    _export(example, "--to", "csv", "--table", "actors", "-o", "akteure.csv")
    text = (example / "akteure.csv").read_text(encoding="utf-8-sig")
    assert "Türkisch-Islamischer Kulturverein Gaggenau e. V." in text
    assert "Landratsamt Rastatt – Amt für Migration und Integration" in text


# --------------------------------------------------------------------------- ics


def _calendar(example: Path, *args: str) -> object:
    from icalendar import Calendar

    _export(example, "--to", "ics", "-o", "termine.ics", *args)
    return Calendar.from_ical((example / "termine.ics").read_bytes())


def test_ics_is_valid_with_unique_uids_and_all_day_events(example: Path) -> None:
    from integ import yaml_io

    cal = _calendar(example)
    assert str(cal["VERSION"]) == "2.0"  # type: ignore[index]
    assert str(cal["PRODID"]) == "-//integ//Integrationskonzepte//DE"  # type: ignore[index]
    events = list(cal.walk("VEVENT"))  # type: ignore[attr-defined]
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids)) and all(u.endswith("@integ") for u in uids)
    stamp = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
    for e in events:
        start, end = e.decoded("DTSTART"), e.decoded("DTEND")
        assert type(start) is dt.date and end == start + dt.timedelta(days=1)
        assert e.decoded("DTSTAMP") == stamp
        assert str(e["SUMMARY"]).strip()
    # the expected number: next reviews, ends and review_by of open measures, meetings
    # held and the next one due per network
    expected = 0
    for path in (example / "concepts").glob("*.yaml"):
        data = yaml_io.load(path).data
        expected += 1  # every example concept has a next review date
        for m in data.get("measures", []):
            if m["status"] not in ("completed", "dropped"):
                expected += ("end" in m) + ("review_by" in m)
        for n in data.get("networks", []):
            expected += len(n.get("meetings", [])) + bool(
                n.get("meetings") and n.get("cadence_months")
            )
    assert len(events) == expected
    by_uid = {str(e["UID"]): e for e in events}
    assert by_uid["review-stadt-gaggenau-next@integ"].decoded("DTSTART") == dt.date(2027, 10, 14)
    assert by_uid["end-landkreis-rastatt-M-ARB-04@integ"].decoded("DTSTART") == dt.date(2026, 6, 30)
    assert by_uid["review-by-landkreis-rastatt-M-GES-02@integ"].decoded("DTSTART") == dt.date(
        2026, 9, 30
    )
    due = by_uid["meeting-due-stadt-gaggenau-runder-tisch-gaggenau@integ"]
    assert due.decoded("DTSTART") == dt.date(2025, 12, 26)
    assert "meeting-stadt-gaggenau-runder-tisch-gaggenau-20250626@integ" in by_uid
    assert "Runder Tisch Integration Gaggenau" in str(due["SUMMARY"])


def test_ics_is_reproducible_and_goes_to_stdout(example: Path) -> None:
    _export(example, "--to", "ics", "-o", "a.ics")
    _export(example, "--to", "ics", "-o", "b.ics")
    first = (example / "a.ics").read_bytes()
    assert first == (example / "b.ics").read_bytes()
    assert first.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    out = _export(example, "--to", "ics", "-o", "-")
    assert out.replace("\r\n", "\n") == first.decode("utf-8").replace("\r\n", "\n")


def test_concepts_with_errors_are_not_exported(example: Path) -> None:
    text = (example / GAGGENAU).read_text(encoding="utf-8")
    start = text.index("  - id: M-ARB-03")
    end = text.index("  - id: ", start + 5)
    (example / GAGGENAU).write_text(text[:end] + text[start:end] + text[end:], encoding="utf-8")
    for to in ("ics", "xlsx", "csv"):
        result = run_cli("export", "--today", TODAY, "--to", to, "-o", f"x.{to}", cwd=example)
        assert result.code == 1 and "M-ARB-03" in result.err and "integ validate" in result.err
        assert not (example / f"x.{to}").exists()


def test_export_selects_concepts_by_path(example: Path) -> None:
    _export(example, GAGGENAU, "--to", "csv", "--table", "measures", "-o", "g.csv")
    rows = list(
        csv.DictReader(
            io.StringIO((example / "g.csv").read_text(encoding="utf-8-sig"), newline=""),
            delimiter=";",
        )
    )
    assert len(rows) == 13 and {r["Konzept"] for r in rows} == {"stadt-gaggenau"}
