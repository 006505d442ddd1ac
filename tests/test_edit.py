"""The edit engine (integ/edit.py) and `integ update`: only the lines that must change
change, refusals leave the file untouched, writes are atomic.

Golden diffs live in tests/data/roundtrip/expected/<file>.<operation>.diff; run with
INTEG_REGOLD=1 to rewrite them after a deliberate change (and read the diff!).
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from integ import edit
from integ.edit import ChangedOnDisk, EditDoc, EditError, EditRefused

from .conftest import DATA, ROOT, TODAY, run_cli

ROUNDTRIP = DATA / "roundtrip"
EXPECTED = ROUNDTRIP / "expected"
REGOLD = os.environ.get("INTEG_REGOLD") == "1"
T = dt.date.fromisoformat(TODAY)

Op = Callable[[EditDoc], object]

# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(autouse=True)
def _update_command() -> Iterator[None]:
    """Register `integ update` for these tests unless cli.py already does."""
    from integ.cli import app
    from integ.cli_update import update

    if any(
        c.name == "update" or getattr(c.callback, "__name__", "") == "update"
        for c in app.registered_commands
    ):
        yield
        return
    app.command("update")(update)
    added = app.registered_commands[-1]
    yield
    app.registered_commands.remove(added)


def _place(tmp_path: Path, source: Path, stem: str | None = None) -> Path:
    """A workspace (the repository's integ.yaml and actors.yaml) holding ``source`` as
    concepts/<stem>.yaml; returns the concept's path."""
    ws = tmp_path / "ws"
    (ws / "concepts").mkdir(parents=True, exist_ok=True)
    for name in ("integ.yaml", "actors.yaml"):
        shutil.copy(ROOT / name, ws / name)
    stem = stem or ("messy" if source.stem.startswith("messy") else source.stem)
    target = ws / "concepts" / f"{stem}.yaml"
    target.write_bytes(source.read_bytes())
    return target


def _open(path: Path) -> EditDoc:
    return edit.load_for_edit(path, today=T)


def _diff(old: bytes, new: bytes, name: str) -> str:
    return "".join(
        difflib.unified_diff(
            old.decode("utf-8-sig").splitlines(keepends=True),
            new.decode("utf-8-sig").splitlines(keepends=True),
            f"a/{name}",
            f"b/{name}",
        )
    )


# ----------------------------------------------------------------------------- operations

MESSY_OPS: dict[str, Op] = {
    # a plain scalar with an aligned end-of-line comment: the comment keeps its column
    "status": lambda ed: ed.set_status("M-SPR-01", "completed"),
    # status_reason goes after status; the log entry after a block scalar `note: |`
    "status-reason-note": lambda ed: ed.set_status(
        "M-SPR-01", "paused", reason="Die Kursleitung fehlt.", note="Pause bis Februar."
    ),
    # a measure written as one flow mapping gets `, log: [...]`
    "log-flow-measure": lambda ed: ed.add_log("M-SPR-02", "Erste Patinnen gefunden: 4"),
    # a flow list of flow mappings gets one more
    "log-flow-list": lambda ed: ed.add_log("M-ARB-01", "Zweite Jobbörse im Rathaus."),
    # no log yet: created at the end of the measure, in the file's indentation
    "log-create": lambda ed: ed.add_log("M-ARB-02", "Räume wieder frei, Start im März."),
    # a note with line breaks becomes a literal block
    "log-multiline": lambda ed: ed.add_log("M-SPR-01", "Erste Zeile.\nZweite Zeile."),
    # `~` with a comment behind it
    "review-by-null": lambda ed: ed.set_review_by("M-ARB-03", "2027-06-30"),
    "review-by-replace": lambda ed: ed.set_review_by("M-SPR-01", dt.date(2027, 3, 31)),
    # quoting is kept: "2027-12" stays double-quoted, 'title' single-quoted
    "set-end-quoted": lambda ed: ed.set_field("M-SPR-01", "end", "2028-06"),
    "set-title-single": lambda ed: ed.set_field(
        "M-ARB-01", "title", "Jobbörse „Arbeit finden“ – zweimal im Jahr"
    ),
    # a folded block scalar is replaced by one in the same style
    "set-reason-folded": lambda ed: ed.set_field(
        "M-ARB-02", "status_reason", "Die Sanierung dauert bis Sommer 2027."
    ),
    # a literal block scalar with a new text
    "set-description-literal": lambda ed: ed.set_field(
        "M-SPR-01", "description", "Jeden Dienstag.\nOhne Anmeldung.\n"
    ),
    # a new key where the format's order puts it (priority after status)
    "set-priority-new": lambda ed: ed.set_field("M-ARB-01", "priority", "low"),
    # a year for a period date: written as a number
    "set-start-year": lambda ed: ed.set_field("M-ARB-02", "start", "2027"),
    # a top-level key, by the concept's own id; quoting kept
    "set-version": lambda ed: ed.set_field("messy", "version", "1.1"),
    # a value between two others, after the 2023 entry and before the comment above 2025
    "value-insert": lambda ed: ed.record_value("I-SPR-1", 2024, 24),
    "value-flow-list": lambda ed: ed.record_value("I-SPR-2", 2026, 47.5, note="vorläufig"),
    "value-replace": lambda ed: ed.record_value("I-SPR-3", 2025, 10),
    "value-block-items": lambda ed: ed.record_value("I-SPR-3", 2026, 12, note="Stand: Oktober"),
    "value-empty-flow": lambda ed: ed.record_value("I-ARB-1", 2026, 3),
    # a new review before the trailing comment, and review.last
    "review": lambda ed: ed.record_review(
        T, by="ib-moesingen", summary="Zweite Überprüfung: Sprachtreff pausiert.", version="1.0"
    ),
}

EXAMPLE_OPS: dict[str, dict[str, Op]] = {
    "stadt-gaggenau": {
        "status-note": lambda ed: ed.set_status(
            "M-ARB-03", "completed", note="Sprechstunde endet planmäßig."
        ),
        "log-create": lambda ed: ed.add_log("M-BIL-02", "Neue Gruppe mit zehn Kindern."),
        "review-by-new": lambda ed: ed.set_review_by("M-SPR-02", "2027-03-31"),
        "value-append": lambda ed: ed.record_value("I-SPR-1", 2026, 131, note="vorläufig"),
        "review": lambda ed: ed.record_review(
            T, by="ib-gaggenau", summary="Zweite Zwischenbilanz.", version="1.0"
        ),
    },
    "landkreis-rastatt": {
        "status-reason": lambda ed: ed.set_status(
            "M-SPR-03", "paused", reason="Folgeförderung ab 2027 noch nicht bewilligt."
        ),
        "review-by-replace": lambda ed: ed.set_review_by("M-SPR-03", "2027-04-30"),
        "value-replace-note": lambda ed: ed.record_value("I-SPR-1", 2025, 55, note="endgültig"),
        "set-end": lambda ed: ed.set_field("M-SPR-03", "end", "2028-06"),
    },
    "gemeinde-durmersheim": {
        "log-create-last": lambda ed: ed.add_log("M-TEI-03", "Festausschuss gegründet."),
        "status": lambda ed: ed.set_status("M-TEI-03", "ongoing"),
    },
}

GOLDEN = [
    (f"{name}.yaml", op, fn)
    for name in ("messy", "messy-indent4", "messy-flat")
    for op, fn in MESSY_OPS.items()
] + [(f"{name}.yaml", op, fn) for name, ops in EXAMPLE_OPS.items() for op, fn in ops.items()]

VARIANTS = {
    "messy-crlf.yaml": lambda b: b.replace(b"\n", b"\r\n"),
    "messy-nofinal.yaml": lambda b: b[:-1] if b.endswith(b"\n") else b,
    "messy-bom.yaml": lambda b: b"\xef\xbb\xbf" + b,
}


def _run(tmp_path: Path, name: str, fn: Op) -> tuple[bytes, bytes]:
    path = _place(tmp_path, ROUNDTRIP / name)
    before = path.read_bytes()
    ed = _open(path)
    fn(ed)
    result = edit.save(ed)
    assert result.written
    return before, path.read_bytes()


# ----------------------------------------------------------------------------- round trip


def test_example_copies_are_current() -> None:
    for name in ("landkreis-rastatt", "stadt-gaggenau", "gemeinde-durmersheim"):
        assert (ROUNDTRIP / f"{name}.yaml").read_bytes() == (
            ROOT / "concepts" / f"{name}.yaml"
        ).read_bytes(), f"copy concepts/{name}.yaml to tests/data/roundtrip/ again"


def test_variants_are_what_they_say() -> None:
    base = (ROUNDTRIP / "messy.yaml").read_bytes()
    for name, transform in VARIANTS.items():
        assert (ROUNDTRIP / name).read_bytes() == transform(base), name
    from integ import yaml_io

    data = yaml_io.load(ROUNDTRIP / "messy.yaml").data
    for name in ("messy-indent4.yaml", "messy-flat.yaml", *VARIANTS):
        assert yaml_io.load(ROUNDTRIP / name).data == data, name


ALL_FILES = sorted(p.name for p in ROUNDTRIP.glob("*.yaml"))


@pytest.mark.parametrize("name", ALL_FILES)
def test_load_and_save_without_edits_is_identical(tmp_path: Path, name: str) -> None:
    path = _place(tmp_path, ROUNDTRIP / name)
    before = path.read_bytes()
    ed = _open(path)
    assert ed.text.encode("utf-8") == before.removeprefix(b"\xef\xbb\xbf")
    result = edit.save(ed)
    assert (result.written, result.changes) == (False, [])
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", ALL_FILES)
def test_edit_and_undo_writes_identical_bytes(tmp_path: Path, name: str) -> None:
    """A status changed and changed back, saved through the writer: the same bytes."""
    path = _place(tmp_path, ROUNDTRIP / name)
    before = path.read_bytes()
    ed = _open(path)
    measure = next(m for m in ed.data["measures"] if m["status"] != "dropped")
    ed.set_status(measure["id"], "dropped", reason="vorübergehend")
    ed.set_status(measure["id"], measure["status"])
    ed.set_field(measure["id"], "status_reason", measure.get("status_reason", "x"))
    assert edit.save(ed).written
    after = path.read_bytes()
    if "status_reason" in measure:
        assert after == before
    else:  # the reason stays (there is no delete): exactly one line more
        diff = _diff(before, after, name)
        assert [
            line
            for line in diff.splitlines()
            if line[:1] in "+-" and line[:3] not in ("+++", "---")
        ] == ["+" + " " * _key_col(before, measure["id"]) + "status_reason: x"]


def _key_col(data: bytes, ident: str) -> int:
    for line in data.decode("utf-8-sig").splitlines():
        if line.lstrip(" -").startswith(f"id: {ident}"):
            return len(line) - len(line.lstrip(" -"))
    raise AssertionError(ident)


@pytest.mark.parametrize(
    ("name", "op", "fn"), GOLDEN, ids=[f"{n.removesuffix('.yaml')}-{o}" for n, o, _ in GOLDEN]
)
def test_golden_diff(tmp_path: Path, name: str, op: str, fn: Op) -> None:
    before, after = _run(tmp_path, name, fn)
    got = _diff(before, after, name)
    golden = EXPECTED / f"{name.removesuffix('.yaml')}.{op}.diff"
    if REGOLD:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(got, encoding="utf-8", newline="\n")
    assert got == golden.read_text(encoding="utf-8")
    assert got.count("\n-") <= 3, "an edit removes at most the lines it replaces"


@pytest.mark.parametrize(("variant", "op"), [(v, o) for v in VARIANTS for o in MESSY_OPS])
def test_variant_gives_the_same_edit(tmp_path: Path, variant: str, op: str) -> None:
    """CRLF, no final newline, a byte-order mark: the same edit as on messy.yaml, in
    the variant's own line endings and encoding."""
    _, plain = _run(tmp_path / "plain", "messy.yaml", MESSY_OPS[op])
    _, after = _run(tmp_path / "variant", variant, MESSY_OPS[op])
    assert after == VARIANTS[variant](plain)


def test_several_edits_then_one_save(tmp_path: Path) -> None:
    path = _place(tmp_path, ROUNDTRIP / "messy.yaml")
    ed = _open(path)
    for fn in (
        MESSY_OPS["status-reason-note"],
        MESSY_OPS["value-insert"],
        MESSY_OPS["log-flow-measure"],
        MESSY_OPS["review"],
    ):
        fn(ed)
    assert [c.describe() for c in ed.changes] == [
        "M-SPR-01: Status: laufend → ruht",
        "M-SPR-01: Begründung: Die Kursleitung fehlt.",
        "M-SPR-01: Sachstand vom 25.11.2026 eingetragen: Pause bis Februar.",
        "I-SPR-1: Wert 2024: 24 eingetragen",
        "M-SPR-02: Sachstand vom 25.11.2026 eingetragen: Erste Patinnen gefunden: 4",
        "messy: Überprüfung vom 25.11.2026 eingetragen (durch ib-moesingen)",
        "messy: Letzte Überprüfung: 02.06.2025 → 25.11.2026",
    ]
    edit.save(ed)
    # and the saved document can be edited and saved again
    ed.set_status("M-ARB-01", "completed")
    assert edit.save(ed).written
    assert "    status: completed\n    start: 2025\n" in path.read_text(encoding="utf-8")


def test_an_operation_fails_whole(tmp_path: Path) -> None:
    """set_status with a reason and a note: when the log entry cannot be made, the
    status is not left changed either."""
    path = _place(tmp_path, ROUNDTRIP / "messy.yaml")
    text = path.read_text("utf-8").replace(
        "    log:\n      - date: 2024-02-06", "    log: &l\n      - date: 2024-02-06"
    )
    path.write_text(text.replace("review_by: ~", "log: *l"), encoding="utf-8")
    ed = _open(path)
    with pytest.raises(EditError, match="über einen YAML-Alias"):
        ed.set_status("M-SPR-01", "paused", reason="Urlaub", note="Pause.")
    assert (ed.changes, ed.text) == ([], text.replace("review_by: ~", "log: *l"))


def test_no_change_writes_nothing(tmp_path: Path) -> None:
    path = _place(tmp_path, ROUNDTRIP / "messy.yaml")
    mtime = path.stat().st_mtime_ns
    ed = _open(path)
    assert ed.set_status("M-SPR-01", "ongoing") == []
    assert ed.record_value("I-SPR-3", 2025, 9) == []
    assert not edit.save(ed).written
    assert path.stat().st_mtime_ns == mtime


# ----------------------------------------------------------------------------- special cases

SMALL = """\
format: integ/1
id: klein
title: Klein
municipality: {name: Gemeinde Klein, type: municipality}
version: "1.0"
status: draft
review: {cycle_months: 24}
fields:
  - id: sprache
    title: Sprache
    goals:
      - id: Z-1
        title: Ziel
        indicators:
          - {id: I-1, title: Quote, unit: percent, values: [{year: 2026, value: 5}]}
measures:
  - id: M-1
    title: !!str Sprachkurs
    goals: [Z-1]
    lead: vhs
    status: ongoing
    log: &gemeinsam
      - date: 2026-01-10
        status: ongoing
        note: Start
  - id: M-2
    title: Elterncafé
    goals: [Z-1]
    lead: vhs
    status: ongoing
    log: *gemeinsam
  - id: M-3
    title: Lernhilfe
    goals: [Z-1]
    lead: vhs
    status: planned
    log:
actors:
  - {id: vhs, name: VHS, type: language_course}
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "ws" / "concepts" / "klein.yaml"
    path.parent.mkdir(parents=True)
    (tmp_path / "ws" / "integ.yaml").write_text("organisation: Test\n", encoding="utf-8")
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_aliased_list_is_not_edited(small: Path) -> None:
    ed = _open(small)
    with pytest.raises(EditError, match="über einen YAML-Alias"):
        ed.add_log("M-1", "Zweiter Termin")
    assert ed.changes == []


def test_aliased_values(small: Path) -> None:
    text = small.read_text("utf-8").replace("title: Elterncafé", "title: &t Elterncafé")
    text = text.replace("title: Lernhilfe", "title: *t")
    small.write_text(text, encoding="utf-8")
    ed = _open(small)
    with pytest.raises(EditError, match=r"klein.yaml:\d+: „title“ ist ein YAML-Alias"):
        ed.set_field("M-3", "title", "Lernhilfe")
    ed.set_field("M-3", "description", "Hilfe beim Lernen.")  # goes after `title: *t`
    edit.save(ed)
    assert (
        "    title: *t\n    description: Hilfe beim Lernen.\n    goals: [Z-1]\n"
        in small.read_text("utf-8")
    )


def test_tag_is_kept_and_empty_list_filled(small: Path) -> None:
    ed = _open(small)
    ed.set_field("M-1", "title", "Sprachkurs am Abend")
    ed.add_log("M-3", "Termine stehen fest.")
    edit.save(ed)
    text = small.read_text(encoding="utf-8")
    assert "    title: !!str Sprachkurs am Abend\n" in text
    assert text.endswith(
        "    status: planned\n    log:\n      - date: 2026-11-25\n        status: planned\n"
        "        note: Termine stehen fest.\nactors:\n"
        "  - {id: vhs, name: VHS, type: language_course}\n"
    )


def test_null_list_with_comment_is_filled(tmp_path: Path) -> None:
    path = tmp_path / "ws" / "concepts" / "klein.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(
        SMALL.replace("    log:\nactors:", "    log: ~  # noch nichts\nactors:"), encoding="utf-8"
    )
    ed = _open(path)
    ed.add_log("M-3", "Termine stehen fest.")
    edit.save(ed)
    assert "    log:  # noch nichts\n      - date: 2026-11-25\n" in path.read_text("utf-8")


def test_insert_at_the_end_of_a_file_without_final_newline(tmp_path: Path) -> None:
    path = tmp_path / "ws" / "concepts" / "klein.yaml"
    path.parent.mkdir(parents=True)
    actors = "actors:\n  - {id: vhs, name: VHS, type: language_course}\n"
    path.write_bytes(
        (
            SMALL.replace(actors, "")
            .replace("measures:", actors + "measures:")
            .replace("    log:\n", "")
        )
        .rstrip("\n")
        .encode()
    )
    assert path.read_text("utf-8").endswith("    status: planned")
    ed = _open(path)
    ed.add_log("M-3", "Termine stehen fest.")
    edit.save(ed)
    assert path.read_text("utf-8").endswith(
        "    status: planned\n    log:\n      - date: 2026-11-25\n        status: planned\n"
        "        note: Termine stehen fest."
    )


def test_review_in_a_flow_mapping_and_new_reviews_list(small: Path) -> None:
    ed = _open(small)
    ed.record_review("2026-11-25", by=None, summary="Erste Überprüfung", version="1.0")
    edit.save(ed)
    text = small.read_text("utf-8")
    assert "review: {cycle_months: 24, last: 2026-11-25}\n" in text
    assert text.endswith(
        "  - {id: vhs, name: VHS, type: language_course}\nreviews:\n"
        "  - date: 2026-11-25\n    summary: Erste Überprüfung\n"
        '    version: "1.0"\n'
    )


def test_registry_and_settings_are_not_concepts(example: Path) -> None:
    for name in ("actors.yaml", "integ.yaml"):
        with pytest.raises(EditError, match="integ update bearbeitet Konzeptdateien"):
            _open(example / name)


def test_flow_item_spacing_and_key_order_follow_the_list(tmp_path: Path) -> None:
    path = tmp_path / "ws" / "concepts" / "klein.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(
        SMALL.replace("values: [{year: 2026, value: 5}]", "values: [ { year: 2025, value: 5 } ]"),
        encoding="utf-8",
    )
    ed = _open(path)
    ed.record_value("I-1", 2026, 7)
    edit.save(ed)
    assert "values: [ { year: 2025, value: 5 }, { year: 2026, value: 7 } ]" in path.read_text(
        "utf-8"
    )


def test_strings_that_need_quotes_get_them(small: Path) -> None:
    ed = _open(small)
    for note in (
        "ja",
        "no",
        "2026",
        "1.0",
        "#5",
        "Kurs: voll",
        "a # b",
        "- x",
        "null",
        "'zitiert'",
        'Er sagte "gut"',
        "  Einrückung",
        "@home",
        "Zeile\tTab",
        "true",
    ):
        ed.add_log("M-3", note)
    edit.save(ed)
    from integ import yaml_io

    log = yaml_io.load(small).data["measures"][2]["log"]
    assert [e["note"] for e in log] == [
        "ja",
        "no",
        "2026",
        "1.0",
        "#5",
        "Kurs: voll",
        "a # b",
        "- x",
        "null",
        "'zitiert'",
        'Er sagte "gut"',
        "  Einrückung",
        "@home",
        "Zeile\tTab",
        "true",
    ]
    text = small.read_text("utf-8")
    assert 'note: "no"\n' in text and 'note: "2026"\n' in text and "note: ja\n" in text


# ----------------------------------------------------------------------------- refusals


def _unchanged(path: Path, before: bytes) -> None:
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


@pytest.mark.parametrize(
    ("fn", "message"),
    [
        (
            lambda ed: ed.set_status("M-SPR-01", "finished"),
            "„finished“ ist kein zulässiger Wert für „status“. Erlaubt sind: planned",
        ),
        (
            lambda ed: ed.set_review_by("M-SPR-01", "2026-02-30"),
            "„2026-02-30“ ist kein gültiges Datum; schreiben Sie es als JJJJ-MM-TT",
        ),
        (
            lambda ed: ed.set_field("M-SPR-01", "end", "Ende 2027"),
            "„Ende 2027“ ist weder Jahr noch Monat noch Datum",
        ),
        (lambda ed: ed.set_field("M-SPR-01", "lead", "vhs-unbekannt"), "unknown-reference"),
        (lambda ed: ed.record_value("I-SPR-2", 2026, 140), "value-out-of-range"),
        (lambda ed: ed.add_log("M-SPR-01", "rückdatiert", dt.date(2025, 1, 1)), "date-order"),
    ],
)
def test_edit_that_makes_the_concept_invalid_is_refused(
    tmp_path: Path, fn: Op, message: str
) -> None:
    path = _place(tmp_path, ROUNDTRIP / "messy.yaml")
    before = path.read_bytes()
    ed = _open(path)
    fn(ed)
    with pytest.raises(EditRefused, match=message) as info:
        edit.save(ed)
    assert "concepts/messy.yaml:" in str(info.value) or "messy.yaml:" in str(info.value)
    assert info.value.exit_code == 1
    _unchanged(path, before)


def test_refusal_names_file_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _place(tmp_path, ROUNDTRIP / "messy.yaml")
    monkeypatch.chdir(path.parent.parent)
    ed = edit.load_for_edit(Path("concepts/messy.yaml"), today=T)
    ed.set_status("M-SPR-01", "laufend")
    with pytest.raises(EditRefused) as info:
        edit.save(ed)
    assert str(info.value).startswith(
        "concepts/messy.yaml: abgelehnt: Die Änderung (M-SPR-01: Status: laufend → „laufend“) "
        "würde das Konzept ungültig machen; nichts wurde geschrieben:\n"
        "  concepts/messy.yaml:99:13: In der Datei stehen die Werte auf Englisch: "
    )
    assert str(info.value).endswith(" [unknown-value]")


@pytest.mark.parametrize(
    ("fn", "message"),
    [
        (
            lambda ed: ed.set_status("M-SPR-1", "completed"),
            "kein Element mit der Kennung „M-SPR-1“ (gesucht: Maßnahme). Meinten Sie „M-SPR-01“?",
        ),
        (
            lambda ed: ed.record_value("I-SRP-2", 2026, 1),
            "kein Element mit der Kennung „I-SRP-2“ (gesucht: Indikator). Meinten Sie „I-SPR-2“?",
        ),
        (
            lambda ed: ed.set_field("Z-SPR-2", "title", "x"),
            "kein Element mit der Kennung „Z-SPR-2“ (gesucht: ein beliebiges Element). Meinten Sie „Z-SPR-1“?",
        ),
        (
            lambda ed: ed.set_status("Z-SPR-1", "completed"),
            "„Z-SPR-1“ ist vom Typ Ziel, hier geht nur: Maßnahme",
        ),
        (
            lambda ed: ed.set_field("M-SPR-01", "titel", "x"),
            "Maßnahme: Es gibt keinen Schlüssel „titel“. Meinten Sie „title“?",
        ),
        (lambda ed: ed.set_field("M-SPR-01", "goals", "Z-SPR-1"), "kein einfacher Wert"),
    ],
)
def test_unknown_ids_and_keys(tmp_path: Path, fn: Op, message: str) -> None:
    path = _place(tmp_path, ROUNDTRIP / "messy.yaml")
    before = path.read_bytes()
    ed = _open(path)
    with pytest.raises(EditError) as info:
        fn(ed)
    assert message in str(info.value)
    assert info.value.exit_code == 2
    _unchanged(path, before)


def test_unreadable_files_are_not_edited(tmp_path: Path) -> None:
    broken = tmp_path / "kaputt.yaml"
    broken.write_text("format: integ/1\nid: 'kaputt\n", encoding="utf-8")
    with pytest.raises(EditError, match=r"kaputt.yaml:2:5: Das hier geöffnete Anführungszeichen"):
        _open(broken)
    with pytest.raises(EditError, match="Diese Datei gibt es nicht"):
        _open(tmp_path / "fehlt.yaml")


# ----------------------------------------------------------------------------- the disk


def test_file_changed_on_disk_is_not_overwritten(tmp_path: Path) -> None:
    path = _place(tmp_path, ROUNDTRIP / "messy.yaml")
    ed = _open(path)
    ed.set_status("M-SPR-01", "completed")
    theirs = path.read_bytes().replace(b"priority: high", b"priority: low")
    path.write_bytes(theirs)
    with pytest.raises(ChangedOnDisk) as info:
        edit.save(ed)
    assert "wurde geändert, seit integ die Datei gelesen hat" in str(info.value)
    assert "Ihre Änderung war: M-SPR-01: Status: laufend → abgeschlossen" in str(info.value)
    assert info.value.exit_code == 2
    _unchanged(path, theirs)
    path.unlink()
    with pytest.raises(ChangedOnDisk, match="wurde gelöscht"):
        edit.save(ed)
    assert not path.exists()


def test_mode_and_symlink_survive_and_no_temp_files(tmp_path: Path) -> None:
    real = _place(tmp_path, ROUNDTRIP / "messy.yaml")
    store = tmp_path / "ws" / "store"  # inside the workspace (a link out is refused: fsio)
    store.mkdir()
    target = store / "messy.yaml"
    real.rename(target)
    real.symlink_to(target)
    target.chmod(0o640)
    ed = _open(real)
    ed.set_status("M-SPR-01", "completed")
    edit.save(ed)
    assert real.is_symlink() and real.resolve() == target.resolve()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert b"status: completed" in target.read_bytes()
    assert sorted(p.name for p in store.iterdir()) == ["messy.yaml"]
    assert sorted(p.name for p in real.parent.iterdir()) == ["messy.yaml"]


# ----------------------------------------------------------------------------- integ update


@pytest.fixture
def ws(example: Path) -> Path:
    return example


def _update(ws: Path, *args: str):  # type: ignore[no-untyped-def]
    return run_cli("update", *args, "--today", TODAY, cwd=ws)


def test_update_status_and_note(ws: Path) -> None:
    path = ws / "concepts" / "stadt-gaggenau.yaml"
    before = path.read_bytes()
    out = _update(
        ws,
        "concepts/stadt-gaggenau.yaml",
        "M-ARB-03",
        "--status",
        "completed",
        "--note",
        "Sprechstunde endet planmäßig.",
    )
    assert (out.code, out.err) == (0, "")
    assert out.out == (
        "concepts/stadt-gaggenau.yaml: M-ARB-03: Status: laufend → abgeschlossen\n"
        "concepts/stadt-gaggenau.yaml: M-ARB-03: Sachstand vom 25.11.2026 eingetragen: "
        "Sprechstunde endet planmäßig.\n"
    )
    assert _diff(before, path.read_bytes(), "stadt-gaggenau.yaml") == (
        EXPECTED / "stadt-gaggenau.status-note.diff"
    ).read_text(encoding="utf-8")


def test_update_value_set_and_warnings(ws: Path) -> None:
    out = _update(
        ws, "concepts/stadt-gaggenau.yaml", "I-SPR-1", "--value", "2026=131", "--note", "vorläufig"
    )
    assert (out.code, out.out) == (
        0,
        "concepts/stadt-gaggenau.yaml: I-SPR-1: Wert 2026: 131 eingetragen (vorläufig)\n",
    )
    out = _update(ws, "concepts/stadt-gaggenau.yaml", "I-SPR-1", "--value", "2026=133")
    assert out.out == "concepts/stadt-gaggenau.yaml: I-SPR-1: Wert 2026: 131 → 133\n"
    out = _update(
        ws,
        "concepts/stadt-gaggenau.yaml",
        "M-SPR-02",
        "--set",
        "end=2026-06",
        "--set",
        "priority=high",
    )
    assert out.code == 0
    assert out.out == (
        "concepts/stadt-gaggenau.yaml: M-SPR-02: Ende: 12/2027 → 06/2026\n"
        "concepts/stadt-gaggenau.yaml: M-SPR-02: Priorität: high\n"
    )
    assert (
        "warning: measure M-SPR-02 is ongoing but ended on 2026-06-30" in out.err
        or "[measure-overdue]" in out.err
    )


def test_update_reason_review_by_and_dry_run(ws: Path) -> None:
    path = ws / "concepts" / "stadt-gaggenau.yaml"
    before = path.read_bytes()
    out = _update(
        ws,
        str(path),
        "M-WOH-03",
        "--reason",
        "Neubesetzung zum 1. März 2027.",
        "--review-by",
        "2027-03-31",
        "--dry-run",
    )
    assert out.code == 0
    assert "-    status_reason: Die Stelle" in out.out
    assert "+    status_reason: Neubesetzung zum 1. März 2027.\n" in out.out
    assert "+    review_by: 2027-03-31\n" in out.out
    assert "Probelauf: nichts geschrieben" in out.err
    assert path.read_bytes() == before


def test_update_nothing_to_change(ws: Path) -> None:
    path = ws / "concepts" / "stadt-gaggenau.yaml"
    before = path.read_bytes()
    out = _update(ws, "concepts/stadt-gaggenau.yaml", "M-ARB-01", "--status", "ongoing")
    assert (out.code, out.out) == (
        0,
        "concepts/stadt-gaggenau.yaml: M-ARB-01: nichts zu ändern (die Werte sind schon so).\n",
    )
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["M-ARB-01", "--status", "erledigt"],
            1,
            "„erledigt“ ist kein zulässiger Wert für „status“. Erlaubt sind: planned",
        ),
        (
            ["M-ARB-01", "--review-by", "31.13.2027"],  # 31.03.2027 is taken as a date
            1,
            "„31.13.2027“ ist kein gültiges Datum; schreiben Sie es als JJJJ-MM-TT",
        ),
        (
            ["M-ARB-1", "--status", "completed"],
            2,
            (
                "integ: concepts/stadt-gaggenau.yaml: Es gibt kein Element mit der Kennung "
                "„M-ARB-1“ (gesucht: ein beliebiges Element). Meinten Sie „M-ARB-01“?\n"
            ),
        ),
        (
            ["M-ARB-01", "--value", "2026=5"],
            2,
            "M-ARB-01 ist vom Typ Maßnahme; --value gilt für Indikatoren",
        ),
        (
            ["I-SPR-1", "--status", "completed"],
            2,
            "I-SPR-1 ist ein Indikator; --status gelten für Maßnahmen",
        ),
        (["I-SPR-1", "--note", "x"], 2, "bitte mit --value JAHR=WERT angeben"),
        (["Z-SPR-1", "--note", "x"], 2, "Z-SPR-1 ist vom Typ Ziel; --note gelten für Maßnahmen"),
        (["I-SPR-1", "--value", "26=55"], 2, "Das Jahr braucht vier Ziffern"),
        (["I-SPR-1", "--value", "2026=viel"], 2, "„viel“ ist keine Zahl"),
        (["M-ARB-01", "--set", "priority"], 2, "--set erwartet KEY=VALUE, nicht „priority“"),
        (["M-ARB-01"], 2, "Nichts zu ändern: --status"),
        (["M-ARB-01", "--bogus", "x"], 2, "die Option --bogus gibt es hier nicht"),
    ],
)
def test_update_refusals(ws: Path, args: list[str], code: int, message: str) -> None:
    path = ws / "concepts" / "stadt-gaggenau.yaml"
    before = path.read_bytes()
    out = _update(ws, "concepts/stadt-gaggenau.yaml", *args)
    assert out.code == code, out.err
    assert message in out.err
    assert out.out == ""
    assert path.read_bytes() == before
    assert "Traceback" not in out.err


def test_update_missing_file(ws: Path) -> None:
    out = _update(ws, "concepts/fehlt.yaml", "M-1", "--status", "completed")
    assert (out.code, out.err) == (2, "integ: concepts/fehlt.yaml: Diese Datei gibt es nicht.\n")


def test_update_file_changed_meanwhile(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = ws / "concepts" / "stadt-gaggenau.yaml"
    real = edit.load_for_edit

    def racing(*args, **kwargs):  # type: ignore[no-untyped-def]
        ed = real(*args, **kwargs)
        path.write_bytes(path.read_bytes() + b"# jemand anderes\n")
        return ed

    monkeypatch.setattr(edit, "load_for_edit", racing)
    out = _update(
        ws, "concepts/stadt-gaggenau.yaml", "M-ARB-01", "--note", "Dritte Börse mit 20 Betrieben"
    )
    assert out.code == 2
    assert out.err == (
        "integ: concepts/stadt-gaggenau.yaml wurde geändert, seit integ die Datei gelesen hat "
        "(im Editor oder von einem anderen integ?); nichts wurde geschrieben. Ihre Änderung "
        "war: M-ARB-01: Sachstand vom 25.11.2026 eingetragen: Dritte Börse mit 20 Betrieben "
        "— bitte noch einmal ausführen: integ update "
        "concepts/stadt-gaggenau.yaml M-ARB-01 --note 'Dritte Börse mit 20 Betrieben' "
        f"--today {TODAY}\n"
    )
    assert path.read_bytes().endswith(b"# jemand anderes\n")


def test_update_in_a_big_concept(tmp_path: Path) -> None:
    """A smoke version of bench/update_speed.py: a 5,000-line concept, in process. The
    time is measured in bench/ only: no wall-clock assertion here (issue 14, point 18)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "update_speed", ROOT / "bench" / "update_speed.py"
    )
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    path = bench.make_concept(tmp_path)
    assert len(path.read_text(encoding="utf-8").splitlines()) >= 5000
    out = run_cli(
        "update",
        str(path),
        "M-0100",
        "--status",
        "completed",
        "--note",
        "fertig",
        "--today",
        TODAY,
        cwd=tmp_path,
    )
    assert out.code == 0, out.err
    assert "status: completed" in path.read_text(encoding="utf-8")
