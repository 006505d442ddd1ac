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


# ------------------------------------------------------------ issue 14, point 20
#: what starts another program, and the modules that may do it: pandoc and typst in
#: integ/toolchain.py, git in integ/git.py
LAUNCHERS = re.compile(
    r"\b(subprocess|Popen|os\.(system|popen|exec\w*|spawn\w*|posix_spawn\w*)|pty\.spawn"
    r"|typst\.compile|import typst|pypandoc\.\w+)\b"
)
BOUNDARIES = {
    "git.py": {"subprocess", "Popen"},
    "toolchain.py": {"subprocess", "typst.compile", "import typst"},
}


def launches(source: str) -> list[tuple[int, str]]:
    """(line, what) for every launcher in the code of ``source``, comments and strings
    (docstrings too) left out; a ``"git"`` string starts git wherever it stands."""
    import io
    import tokenize

    found: list[tuple[int, str]] = []
    lines = source.splitlines()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.STRING and tok.string.strip("\"'") == "git":
            found.append((tok.start[0], "git"))
        if tok.type in (tokenize.COMMENT, tokenize.STRING):
            (row, col), (end_row, end_col) = tok.start, tok.end
            for r in range(row, end_row + 1):
                line = lines[r - 1]
                start = col if r == row else 0
                end = end_col if r == end_row else len(line)
                lines[r - 1] = line[:start] + " " * (end - start) + line[end:]
    for line_no, line in enumerate(lines, 1):
        found += [(line_no, m.group(1)) for m in LAUNCHERS.finditer(line)]
    return found


def test_external_programs_run_only_in_their_boundary_module() -> None:
    outside = {}
    for path in sorted((ROOT / "integ").rglob("*.py")):
        allowed = BOUNDARIES.get(path.name, set()) | ({"git"} if path.name == "git.py" else set())
        bad = [w for _, w in launches(path.read_text(encoding="utf-8")) if w not in allowed]
        if bad:
            outside[str(path.relative_to(ROOT))] = sorted(set(bad))
    assert outside == {}, "pandoc/typst only in integ/toolchain.py, git only in integ/git.py"


def test_the_launcher_pattern_finds_what_it_must() -> None:
    sample = (
        "import subprocess\n"
        "# subprocess in a comment\n"
        '"""typst.compile in a docstring"""\n'
        "import typst\n"
        "pdf = typst.compile(src)\n"
        'done = run(["git", "log"])\n'
        "os.system('x')\n"
        "pypandoc.convert_text(x)\n"
    )
    assert [w for _, w in launches(sample)] == [
        "git",
        "subprocess",
        "import typst",
        "typst.compile",
        "os.system",
        "pypandoc.convert_text",
    ]


def test_pandoc_is_found_in_the_wheel_on_windows_too() -> None:
    """The pypandoc-binary wheel for Windows holds files/pandoc.exe, not files/pandoc."""
    from integ import toolchain

    assert toolchain.pandoc_name("nt") == "pandoc.exe"
    assert toolchain.pandoc_name("posix") == "pandoc"
    assert toolchain.pandoc_binary().name == toolchain.pandoc_name()
