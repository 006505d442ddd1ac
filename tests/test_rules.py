"""The rules' building blocks: derived dates (integ.dates), suggestions, one finding
for an id with umlauts, and `integ rules` in German and English."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from integ import dates, i18n
from integ.rules import all_rules, edits, suggest, transliterate
from integ.rules_doc import document, render

from .conftest import DATA, TODAY, run_cli

D = dt.date.fromisoformat


# --------------------------------------------------------------------------- dates


def test_next_meeting_is_last_meeting_plus_cadence() -> None:
    net = {"cadence_months": 6, "meetings": [{"date": "2026-01-10"}, {"date": "2026-04-25"}]}
    assert dates.last_meeting(net) == D("2026-04-25")
    assert dates.next_meeting(net) == D("2026-10-25")
    assert dates.next_meeting({"cadence_months": 6}) is None
    assert dates.next_meeting({"meetings": [{"date": "2026-04-25"}]}) is None


@pytest.mark.parametrize(
    ("today", "inactive"),
    [("2026-10-25", False), ("2026-11-25", False), ("2026-11-26", True)],
)
def test_a_network_is_inactive_a_month_after_its_next_meeting_was_due(
    today: str, inactive: bool
) -> None:
    net = {"cadence_months": 6, "meetings": [{"date": "2026-04-25"}]}
    assert dates.network_inactive(net, D(today)) is inactive


def test_next_sachstand_counts_from_the_newest_log_entry_else_the_start() -> None:
    m = {"start": "2025-01", "log": [{"date": "2025-02-10"}, {"date": "2024-12-01"}]}
    assert dates.next_sachstand(m, 24) == D("2027-02-10")
    assert dates.next_sachstand({"start": "2025-01"}, 24) == D("2027-01-01")
    assert dates.next_sachstand(m, 0) is None


def test_measure_dates_are_the_first_and_last_day_of_their_period() -> None:
    m = {"start": "2025-03", "end": "2025-12", "budget": {"until": 2026}}
    assert dates.measure_start(m) == D("2025-03-01")
    assert dates.measure_end(m) == D("2025-12-31")
    assert dates.funding_until(m) == D("2026-12-31")


def test_an_indicator_value_counts_as_recent_until_the_end_of_the_next_year() -> None:
    assert dates.indicator_due({"values": [{"year": 2024}, {"year": 2025}]}) == D("2026-12-31")
    assert dates.indicator_due({"baseline": {"year": 2023}}) == D("2024-12-31")
    assert dates.indicator_due({}) is None


def test_dates_beyond_the_calendar_do_not_crash() -> None:
    assert dates.add_months(D("9999-12-01"), 24) == dt.date.max
    assert dates.indicator_due({"values": [{"year": 9999}]}) == dt.date.max


# --------------------------------------------------------------------------- suggestions


def test_transliterate() -> None:
    assert transliterate("vhs-müsterstadt") == "vhs-muesterstadt"
    assert transliterate("Straße Öl Ähre") == "Strasse-Oel-Aehre"
    assert transliterate("café") == "cafe"


def test_suggestions_stay_close() -> None:
    assert edits("titel", "title") == 1
    assert suggest("Z-9", ["Z-1", "Z-ARB-1"], max_edits=1) == "Z-1"
    assert suggest("caritas-musterdorf", ["vhs-musterdorf"], max_edits=2) is None
    assert suggest("vhs-müsterdorf", ["vhs-muesterdorf"], max_edits=0) == "vhs-muesterdorf"


def _concept(ws: Path, old: str, new: str) -> None:
    text = (DATA / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    assert old in text
    (ws / "concepts" / "minimal.yaml").write_text(text.replace(old, new), encoding="utf-8")


def _found(ws: Path) -> list[dict]:
    result = run_cli("validate", "--today", TODAY, "--format", "json", cwd=ws)
    return json.loads(result.out)["findings"]


def test_an_id_with_umlauts_gives_one_finding_with_the_transliterated_id(
    workspace: Path,
) -> None:
    """vhs-müsterdorf declared and used in five places: one finding, at the declaration,
    suggesting vhs-muesterdorf; no dangling reference."""
    _concept(workspace, "vhs-musterdorf", "vhs-müsterdorf")
    found = _found(workspace)
    assert [(f["rule"], f["path"], f["message_id"]) for f in found] == [
        ("invalid-value", "actors[0].id", "finding.invalid-id.umlauts")
    ]
    assert found[0]["params"] == {
        "value": "vhs-müsterdorf",
        "suggestion": "vhs-muesterdorf",
        "n": 5,
    }
    assert found[0]["subject"] == {"kind": "actor", "id": "vhs-müsterdorf"}
    with i18n.using("de"):
        from integ.problems import Finding

        assert "„vhs-muesterdorf“ schreiben, an allen 5 Stellen" in (
            Finding.from_dict(found[0]).message
        )


@pytest.mark.parametrize("used", ["vhs-muesterdorf", "vhs-musterdorf"])
def test_an_id_with_umlauts_used_without_them_is_no_dangling_reference(
    workspace: Path, used: str
) -> None:
    _concept(workspace, "vhs-musterdorf", used)
    text = (workspace / "concepts" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace(f"  - id: {used}\n", "  - id: vhs-müsterdorf\n")
    (workspace / "concepts" / "minimal.yaml").write_text(text, encoding="utf-8")
    found = _found(workspace)
    assert [(f["rule"], f["path"]) for f in found] == [("invalid-value", "actors[0].id")]
    assert found[0]["params"]["suggestion"] == used  # the spelling the concept uses


def test_one_finding_per_suggested_value() -> None:
    from integ.problems import Finding, Span
    from integ.validate import _one_per_mistake

    def f(path: str, line: int) -> Finding:
        return Finding(
            "c.yaml",
            Span(line, 1, line, 2),
            "invalid-value",
            "error",
            "x",
            path,
            {"value": "vhs-müsterdorf", "suggestion": "vhs-muesterdorf"},
        )

    found = [f("measures[0].lead", 3), f("actors[0].id", 9), f("networks[0].convener", 12)]
    assert [x.path for x in _one_per_mistake(found)] == ["actors[0].id"]


def test_unknown_actor_says_where_actors_are_declared(workspace: Path) -> None:
    _concept(
        workspace,
        "    lead: jobcenter-musterdorf\n    target_groups",
        "    lead: arbeitsagentur\n    target_groups",
    )
    (bad,) = [f for f in _found(workspace) if f["rule"] == "unknown-reference"]
    assert bad["message_id"] == "finding.unknown-reference.actor"
    assert bad["subject"] == {"kind": "measure", "id": "M-ARB-01"}
    with i18n.using("de"):
        from integ.problems import Finding

        text = Finding.from_dict(bad).message
    assert "actors: in diesem Konzept oder in actors.yaml" in text


# --------------------------------------------------------------------------- integ rules

MINE = [
    name for name, r in all_rules().items() if r.check is not None or name == "measure-id-reused"
]


@pytest.mark.parametrize("name", MINE)
def test_every_rule_has_its_words_in_both_languages(name: str) -> None:
    for lang in i18n.LANGS:
        assert i18n.has(f"ruledoc.{name}.summary", lang), (name, lang)
        assert i18n.has(f"ruledoc.{name}.why", lang), (name, lang)
    rule = all_rules()[name]
    with i18n.using("de"):
        de = document(rule)
    with i18n.using("en"):
        en = document(rule)
    assert de.summary != en.summary and de.why != en.why
    assert de.bad and de.good
    for part in ("bad", "good"):  # YAML examples are the same; prose and comments are not
        translated = i18n.has(f"ruledoc.{name}.{part}", "de")
        assert (getattr(de, part) == getattr(en, part)) is not translated, (name, part)


def test_rules_listing_is_german_by_default_and_english_under_en() -> None:
    rules = [all_rules()["network-inactive"]]
    with i18n.using("de"):
        text = render(rules, "text")
    assert "[Warnung]" in text and "Warum:" in text and "Falsch:" in text
    assert "Spielraum" in text
    with i18n.using("en"):
        text = render(rules, "text")
        data = json.loads(render(rules, "json"))
    assert "[warning]" in text and "Why:" in text and "Bad:" in text
    assert data[0]["lang"] == "en" and "grace" in data[0]["summary"]


def test_a_documented_rule_without_catalogue_words_shows_its_docstring() -> None:
    from integ.rules import Rule

    rule = Rule("x-rule", "error", None, "Checks x.\n\nWhy: y.\n\nBad:\n  a: 1\nGood:\n  a: 2")
    doc = document(rule)
    assert (doc.summary, doc.why, doc.bad, doc.good) == ("Checks x.", "y.", "a: 1", "a: 2")


def test_every_message_id_the_rules_name_has_both_texts() -> None:
    """Literal ids and the f-string families (their variants spelt out here)."""
    import re

    root = Path(__file__).resolve().parent.parent / "integ"
    files = [*(root / "rules").glob("*.py"), root / "validate.py"]
    named = set()
    for path in files:
        named |= set(re.findall(r'"(finding\.[a-z0-9_.-]+)"', path.read_text(encoding="utf-8")))
    named -= {"finding.unknown-reference.contributes-to"}  # + ".suggest" below
    families = {
        "finding.unknown-reference.": ["goal", "actor", "target_group", "contact", "scope"],
        "finding.date-order.": ["log", "values", "meetings", "reviews"],
        "finding.target-wrong-direction.": ["increase", "decrease"],
        "finding.personal-data-in-text.": ["email", "phone"],
    }
    for prefix, variants in families.items():
        for v in variants:
            named.add(prefix + v)
            if prefix == "finding.unknown-reference.":
                named.add(prefix + v + ".suggest")
    named |= {
        "finding.unknown-reference.contributes-to",
        "finding.unknown-reference.contributes-to.suggest",
        "finding.settings.unknown-rule",
        "finding.settings.unknown-rule.suggest",
    }
    assert len(named) > 50
    for lang in i18n.LANGS:
        missing = sorted(m for m in named if not i18n.has(m, lang))
        assert missing == [], lang
