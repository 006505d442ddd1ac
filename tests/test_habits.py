"""Habits of the test suite itself (issue 14, point 18): no test asserts on the clock."""

from __future__ import annotations

import re

from hypothesis import settings

from .conftest import ROOT

CLOCKS = re.compile(
    r"\b(time\.(perf_counter|monotonic|time|process_time)(_ns)?|datetime\.now|dt\.datetime\.now)\("
)


def clock_reads(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if CLOCKS.search(line)]


def test_no_test_reads_the_clock() -> None:
    found = {
        path.name: reads
        for path in sorted((ROOT / "tests").glob("*.py"))
        if path.name != "test_habits.py"
        if (reads := clock_reads(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "timing belongs in bench/"


def test_the_clock_pattern_finds_what_it_must() -> None:
    sample = "start = time.perf_counter()\nx = dt.datetime.now()\ntime.sleep(0)\n"
    assert clock_reads(sample) == ["start = time.perf_counter()", "x = dt.datetime.now()"]


def test_hypothesis_has_no_deadline() -> None:
    assert settings().deadline is None
