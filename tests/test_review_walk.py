"""The review's words and records: the agenda's own texts from the catalogue (de/en),
German input in the walk and in `integ update`, the `reviews:` entry that --record
writes (ref, uncommitted, one per day, who), refusals that write nothing, items
resolved earlier in the walk, and indicators measured against today (issue 10 point
5; issue 14 points 3, 4, 8, 10, 27, 38)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from integ import i18n, progress
from integ.edit import Change, enum_value, parse_day, parse_when

from .conftest import TODAY, run_cli
from .test_review import DH, GG, LK, agenda_json, changed_lines, git, git_on, review, walk

# --------------------------------------------------------------------------- words


def test_the_agenda_speaks_german_and_english(example: Path) -> None:
    de = {i["id"]: i["message"] for i in agenda_json(example)["items"]}
    en = {i["id"]: i["message"] for i in agenda_json(example, "--lang", "en")["items"]}
    assert de["M-ARB-04"] == (
        "Maßnahme M-ARB-04 „Jobcoaching für geflüchtete Frauen (Projekt „Chancen“)“ ist noch "
        "laufend, das Ende war am 30.06.2026: den Status setzen (abgeschlossen, verstetigt) "
        "oder ein neues Ende eintragen."
    )
    assert en["M-ARB-04"] == (
        "Measure M-ARB-04 “Jobcoaching für geflüchtete Frauen (Projekt „Chancen“)” is still "
        "ongoing but ended on 30 Jun 2026: set its status (completed, permanent) or a new end."
    )
    assert de["runder-tisch-gaggenau"].endswith(
        "hat sich zuletzt am 26.06.2025 getroffen, Turnus alle 6 Monate: fehlende Treffen "
        "eintragen oder zum nächsten einladen."
    )
    for text in (*de.values(), *en.values()):
        assert "{" not in text and "finding." not in text and "review.item" not in text


@pytest.mark.parametrize(
    ("typed", "day"),
    [("01.06.2027", "2027-06-01"), ("1.6.2027", "2027-06-01"), ("2027-06-01", "2027-06-01")],
)
def test_a_day_as_typed(typed: str, day: str) -> None:
    assert parse_day(typed) == day


@pytest.mark.parametrize(
    ("typed", "when"),
    [
        ("06/2027", "2027-06"),
        ("6/2027", "2027-06"),
        ("2027", "2027"),
        ("2027-06", "2027-06"),
        ("15.06.2027", "2027-06-15"),
    ],
)
def test_a_period_date_as_typed(typed: str, when: str) -> None:
    assert parse_when(typed) == when


@pytest.mark.parametrize("typed", ["31.02.2027", "13/2027", "2027-13", "morgen", "", "06/27"])
def test_what_is_no_date(typed: str) -> None:
    assert parse_when(typed) is None and parse_day(typed) is None


def test_one_mapping_of_enumeration_words() -> None:
    assert enum_value("measure_status", "laufend") == "ongoing"
    assert enum_value("measure_status", "Abgeschlossen") == "completed"
    assert enum_value("measure_status", "ongoing") == "ongoing"
    assert enum_value("measure_status", "erledigt") is None


def test_confirmations_in_the_words_of_the_language() -> None:
    status = Change("M-1", "status", "planned", "ongoing")
    log = Change("M-1", "log", None, {"date": "2026-12-02", "note": "Gut."}, added=True)
    review_by = Change("M-1", "review_by", None, "2027-06-01", added=True)
    value = Change("I-1", "values", None, {"year": 2026, "value": 74.5}, added=True)
    with i18n.using("de"):
        assert status.describe() == "M-1: Status: geplant → laufend"
        assert log.describe() == "M-1: Sachstand vom 02.12.2026 eingetragen: Gut."
        assert review_by.describe() == "M-1: Wiedervorlage: 01.06.2027"
        assert value.describe() == "I-1: Wert 2026: 74,5 eingetragen"
    with i18n.using("en"):
        assert status.describe() == "M-1: Status: planned → ongoing"
        assert value.describe() == "I-1: value 2026: 74.5 added"


def test_update_takes_the_german_status_date_and_decimal_comma(example: Path) -> None:
    out = run_cli(
        "update", GG, "M-ARB-01", "--status", "laufend", "--review-by", "31.03.2027",
        "--today", TODAY, cwd=example,
    )  # fmt: skip
    assert out.code == 0, out.err
    text = (example / GG).read_text(encoding="utf-8")
    assert "review_by: 2027-03-31" in text
    out = run_cli("update", GG, "I-SPR-1", "--value", "2026=74,5", "--today", TODAY, cwd=example)
    assert out.code == 0, out.err
    assert out.out == "concepts/stadt-gaggenau.yaml: I-SPR-1: Wert 2026: 74,5 eingetragen\n"
    assert "{year: 2026, value: 74.5}" in (example / GG).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the walk


def test_ctrl_c_after_the_status_says_what_is_not_saved(example: Path) -> None:
    before = (example / LK).read_bytes()

    def interrupt() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        walk(example, [LK], ["", "s", "laufend"], hooks={"Sachstand dazu": interrupt})
    assert (example / LK).read_bytes() == before


def test_the_interrupt_message_names_the_unsaved_status(example: Path) -> None:
    from integ.review import build
    from integ.review_walk import Walk
    from integ.workspace import Workspace

    from .test_review import ScriptUI

    def interrupt() -> None:
        raise KeyboardInterrupt

    ws = Workspace.open(example)
    agenda = build(ws, [example / LK], dt.date.fromisoformat(TODAY))
    w = Walk(ws, agenda, ScriptUI(["", "s", "laufend"], {"Sachstand dazu": interrupt}))
    with pytest.raises(KeyboardInterrupt):
        w.run()
    assert w.interrupted() == (
        "Abgebrochen; nicht gespeichert: M-WOH-03: Status: geplant → laufend. "
        "Alles davor ist gespeichert."
    )


def test_an_item_resolved_earlier_in_the_walk_is_done(example: Path) -> None:
    path = example / LK
    text = path.read_text(encoding="utf-8")
    at = text.index("    end: 2026-06\n", text.index("  - id: M-ARB-04\n"))
    path.write_text(text[:at] + "    review_by: 2026-01-31\n" + text[at:], encoding="utf-8")
    # items: I-ADI-2, M-ARB-04 (review_by), M-WOH-03, M-TEI-03, M-ARB-04 (end), M-GES-02 ...
    w, ui = walk(example, [LK], ["", "s", "abgeschlossen", "", "", "", "", "q"])
    assert "    Schon erledigt in diesem Durchgang: M-ARB-04: Status: laufend → abgeschlossen" in (
        ui.said
    )
    done = [i for i in w.agenda.items if i.done]
    assert [(i.id, i.kind) for i in done] == [("M-ARB-04", "measure-overdue")]
    asked = [q for q in ui.asked if q.startswith("Aktion")]
    # I-ADI-2, M-ARB-04 twice (the action, then Enter), M-WOH-03, M-TEI-03, M-GES-02; the
    # item resolved by the status is not asked
    assert len(asked) == 6


# --------------------------------------------------------------------------- --record


def test_record_stores_the_commit_and_uncommitted_changes(example: Path) -> None:
    git_on("2026-11-20", example, "init", "-q", "-b", "main")
    git_on("2026-11-20", example, "add", "-A")
    git_on("2026-11-20", example, "commit", "-q", "-m", "concepts")
    head = git(example, "rev-parse", "HEAD").strip()
    result = review(example, DH, "--record", "--by", "ib-durmersheim", "--summary", "Gut.")
    assert result.code == 0, result.err
    text = (example / DH).read_text(encoding="utf-8")
    assert f"    ref: {head}\n" in text and "uncommitted" not in text
    git_on("2026-11-25", example, "commit", "-q", "-am", "review")
    with (example / GG).open("a", encoding="utf-8") as fp:
        fp.write("# noch nicht committet\n")
    result = review(example, GG, "--record", "--by", "ib-gaggenau", "--summary", "Gut.")
    assert result.code == 0, result.err
    text = (example / GG).read_text(encoding="utf-8")
    now = git(example, "rev-parse", "HEAD").strip()
    assert f"    ref: {now}\n    uncommitted: true\n" in text


def test_record_twice_on_one_day_writes_one_entry(example: Path) -> None:
    assert review(example, DH, "--record", "--by", "ib-durmersheim", "--summary", "A").code == 0
    first = (example / DH).read_text(encoding="utf-8")
    assert (
        review(example, DH, "--record", "--by", "hauptamt-durmersheim", "--summary", "B").code == 0
    )
    second = (example / DH).read_text(encoding="utf-8")
    assert second.count("  - date: 2026-11-25\n") == 1
    removed, added = changed_lines(first, second)
    assert removed == ["    by: ib-durmersheim", "    summary: A"]
    assert added == ["    by: hauptamt-durmersheim", "    summary: B"]


def test_record_without_by_takes_the_only_contact(example: Path) -> None:
    path = example / DH
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: hauptamt-durmersheim\n")
    text = text[:start] + text[text.index("\nvision:", start) + 1 :]
    text = text.replace("    by: ib-durmersheim\n", "")  # no earlier review says who
    path.write_text(text, encoding="utf-8")
    result = review(example, DH, "--record", "--summary", "Gut.")
    assert result.code == 0, result.err
    assert "  - date: 2026-11-25\n    by: ib-durmersheim\n" in path.read_text(encoding="utf-8")


def test_record_refuses_an_unknown_by_and_lists_the_contacts(example: Path) -> None:
    before = (example / DH).read_bytes()
    result = review(example, DH, "--record", "--by", "niemand")
    assert result.code == 1
    assert (
        "--by niemand: Es gibt keine Ansprechperson „niemand“; möglich: ib-durmersheim, "
        "hauptamt-durmersheim. Nichts wurde eingetragen." in result.err
    )
    assert (example / DH).read_bytes() == before


@pytest.mark.parametrize("broken", ["log-null", "duplicate-id"])
def test_record_on_a_file_with_errors_writes_nothing(example: Path, broken: str) -> None:
    path = example / DH
    text = path.read_text(encoding="utf-8")
    if broken == "log-null":
        start = text.index("    log:\n")
        end = text.index("\n  - id: M-", start)
        text = text[:start] + "    log: null" + text[end:]
    else:
        text = text.replace("  - id: M-SPR-02\n", "  - id: M-SPR-01\n", 1)
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    result = review(example, DH, "--record", "--by", "ib-durmersheim")
    assert result.code == 1
    assert "Die Überprüfung wird nicht eingetragen" in result.err
    assert path.read_bytes() == before


# --------------------------------------------------------------------------- indicators

TODAY_DATE = dt.date(2026, 11, 25)


def test_an_old_value_is_no_recent_data_never_on_track() -> None:
    ind = {
        "baseline": {"year": 2020, "value": 20},
        "target": {"year": 2030, "value": 30},
        "values": [{"year": 2023, "value": 29}],
    }
    p = progress.measure(ind, TODAY_DATE)
    assert (p.stale, p.on_track) == (True, None)
    ind["values"].append({"year": 2025, "value": 29})  # last year: recent
    assert progress.measure(ind, TODAY_DATE).stale is False


def test_on_track_is_measured_against_today() -> None:
    # 47 (2022) → 54 (2025), target 60 (2027): at 2025 on track, at 2026 not
    ind = {
        "baseline": {"year": 2022, "value": 47},
        "target": {"year": 2027, "value": 60},
        "values": [{"year": 2025, "value": 54}],
    }
    assert progress.measure(ind).on_track is True
    assert progress.measure(ind, TODAY_DATE).on_track is False


def test_exactly_at_the_threshold_is_on_track() -> None:
    # 0 → 0.7 of a way to 1; 4/5 of the time passed; 0.8 − 0.1 = 0.7 exactly
    ind = {
        "baseline": {"year": 2022, "value": 0.0},
        "target": {"year": 2027, "value": 1.0},
        "values": [{"year": 2026, "value": 0.7}],
    }
    assert progress.measure(ind, TODAY_DATE).on_track is True
    ind["values"] = [{"year": 2026, "value": 0.69}]
    assert progress.measure(ind, TODAY_DATE).on_track is False


def test_the_agenda_says_no_recent_data(example: Path) -> None:
    out = review(example, LK).out
    assert "I-ADI-2 " in out
    line = next(x for x in out.splitlines() if x.strip().startswith("I-ADI-2 "))
    assert line.endswith("keine aktuellen Daten") and "im Plan" not in line
