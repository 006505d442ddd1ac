"""The one privacy filter (integ.privacy): a contact that is not public loses every
field in everything made for a public audience.

The canary test drives a concept whose private contact carries a unique string in
every field through every command, format and kind with ``--audience public`` and the
pull-request summary, and reads back every byte written (DOCX with python-docx and as
raw XML, PDF with pypdf and as raw bytes)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from integ.privacy import for_audience

from .conftest import TODAY, run_cli
from .test_diff import GAGGENAU, edit, git

PRIVATE = """  - id: im-leitung-gaggenau
    name: Ivana Marković
    role: Teamleitung Integrationsmanagement
    email: i.markovic@example.org
    public: false
"""
CANARY_CONTACT = """  - id: kanarieid
    name: Kanaria Vogelsang
    role: Kanarierolle der Gemeinde Xyz
    organisation: Kanarieamt Gaggenau
    email: kanariepost@example.org
    phone: "+49 7225 4711-0815"
    public: false
"""
# every field of the private contact, the e-mail the repro gives the contact that is
# made private in the change, and what the private contact becomes in the change
CANARIES = [
    "kanarieid",
    "Vogelsang",
    "Kanarierolle",
    "Kanarieamt",
    "kanariepost",
    "4711-0815",
    "kanarieneu",
    "kanariezwei",
]


def _norm(text: str) -> str:
    """Lower case without spaces, hyphens, soft hyphens and Markdown escapes: a canary
    split at a line end (PDF) or escaped (Markdown) is still found."""
    return re.sub(r"[\s\u00ad\\\-‐‑]+", "", text.lower())


def leaks(text: str) -> list[str]:
    flat = _norm(text)
    return [c for c in CANARIES if _norm(c) in flat]


def _read(path: Path) -> str:
    """Every byte of a written file as text a canary can be found in."""
    raw = path.read_bytes()
    parts = [raw.decode("utf-8", "replace")]
    if path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(path) as z:
            parts += [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
    if path.suffix == ".docx":
        import docx

        d = docx.Document(str(path))
        parts += [p.text for p in d.paragraphs]
        parts += [c.text for t in d.tables for r in t.rows for c in r.cells]
        for s in d.sections:
            parts += [p.text for p in s.header.paragraphs + s.footer.paragraphs]
        parts.append(str(d.core_properties.title or "") + str(d.core_properties.author or ""))
    if path.suffix == ".pdf":
        import pypdf

        reader = pypdf.PdfReader(str(path))
        parts += [page.extract_text() or "" for page in reader.pages]
        parts.append(str(reader.metadata or {}))
    return "\n".join(parts)


@pytest.fixture
def canary(example: Path) -> Path:
    """The example with a private contact full of canaries (named by a review and a log
    entry) committed on main; then, uncommitted, the public contact made private with
    a new e-mail (the reproduction of issue 14.11) and the private contact changed."""
    path = example / GAGGENAU
    edit(path, PRIVATE, CANARY_CONTACT)
    edit(path, "    by: ib-gaggenau\n", "    by: kanarieid\n")
    # a review after the commit: "changes since the last review" compares with it
    edit(path, "  last: 2025-10-14\n", "  last: 2026-01-16\n")
    edit(
        path,
        '    version: "1.0"\n',
        '    version: "1.0"\n  - date: 2026-01-16\n    by: kanarieid\n'
        "    summary: Kurze Zwischenbilanz.\n",
    )
    edit(
        path,
        "      - date: 2025-10-14\n        status: permanent\n",
        "      - date: 2025-10-14\n        status: permanent\n        by: kanarieid\n",
    )
    git(example, "init", "-q", "-b", "main")
    git(example, "add", "-A")
    git(example, "commit", "-q", "-m", "Stand main")
    git(example, "remote", "add", "origin", str(example))
    git(example, "fetch", "-q", "origin")
    # the change: the public contact made private with a new e-mail, in one change
    edit(
        path,
        '    email: d.kastner@example.org\n    phone: "+49 7225 000-310"\n    public: true',
        '    email: kanarieneu@example.org\n    phone: "+49 7225 000-310"\n    public: false',
    )
    edit(path, "kanariepost@example.org", "kanariezwei@example.org")
    edit(path, 'version: "1.0"', 'version: "1.1"')
    return example


RENDER = [
    (kind, to, extra)
    for kind, extra in (
        ("concept", ()),
        ("council", ()),
        ("excerpt", ("--field", "sprache")),
        ("review", ()),
    )
    for to in ("md", "html", "docx", "pdf")
]


def test_canaries_never_reach_a_public_audience(canary: Path) -> None:
    """Every command × format × kind for a public audience, and the PR summary."""
    out = canary / "out"
    out.mkdir()
    runs: list[tuple[str, ...]] = []
    for kind, to, extra in RENDER:
        runs.append(
            (
                "render",
                GAGGENAU,
                "--kind",
                kind,
                "--to",
                to,
                "--audience",
                "public",
                *extra,
                "-o",
                f"out/{kind}.{to}",
            )
        )
    runs.append(("render", "--kind", "overview", "--to", "md", "-o", "out/overview.md"))
    runs.append(("render", "--kind", "overview", "--to", "docx", "-o", "out/overview.docx"))
    for fmt in ("text", "markdown", "json"):
        runs.append(("diff", GAGGENAU, "--from", "HEAD", "--audience", "public", "--format", fmt))
        runs.append(("diff", "--from", "HEAD", "--audience", "public", "--format", fmt))
    for suffix in ("md", "docx", "pdf"):
        runs.append(("diff", GAGGENAU, "--from", "HEAD", "-o", f"out/synopse.{suffix}"))
        runs.append(
            (
                "diff",
                GAGGENAU,
                "--from",
                "HEAD",
                "--audience",
                "public",
                "-o",
                f"out/synopse-public.{suffix}",
            )
        )
    runs.append(("review", GAGGENAU, "--no-interactive", "--format", "markdown"))  # shared
    for fmt in ("text", "markdown", "json"):
        runs.append(
            ("review", GAGGENAU, "--no-interactive", "--audience", "public", "--format", fmt)
        )
    for suffix in ("md", "html", "docx", "pdf"):
        runs.append(
            (
                "review",
                GAGGENAU,
                "--no-interactive",
                "--audience",
                "public",
                "-o",
                f"out/bericht.{suffix}",
            )
        )
    runs.append(("export", "--to", "xlsx", "-o", "out/export.xlsx"))
    runs.append(("export", "--to", "csv", "-o", "out/csv"))
    runs.append(("export", "--to", "csv", "--plain", "-o", "out/csv-plain"))
    runs.append(("export", "--to", "ics", "-o", "out/termine.ics"))
    for fmt in ("text", "markdown", "json"):
        runs.append(("status", "--format", fmt))
    for fmt in ("text", "json", "github", "gitlab"):
        runs.append(("check", "--base", "origin/main", "--format", fmt, "-o", f"out/pr-{fmt}.md"))
    for fmt in ("text", "json", "sarif", "github", "junit"):
        runs.append(("validate", "--format", fmt))
    found: dict[str, list[str]] = {}
    for args in runs:
        result = run_cli(*args, "--today", TODAY, cwd=canary)
        assert result.code in (0, 1), (args, result.out, result.err)  # 1: warnings, --strict
        bad = leaks(result.out + result.err)
        if bad:
            found[" ".join(args)] = bad
    written = [p for p in out.rglob("*") if p.is_file()]
    assert len(written) >= len(RENDER) + 15
    for path in written:
        bad = leaks(_read(path))
        if bad:
            found[str(path.relative_to(canary))] = bad
    assert found == {}


def test_check_summary_never_publishes_a_contact_made_private(canary: Path) -> None:
    """Issue 14.11, reproduced: a contact made private and given a new e-mail in one
    change; the published summary shows neither the new e-mail nor the private one's."""
    result = run_cli("check", "--base", "origin/main", "--today", TODAY, "-o", "s.md", cwd=canary)
    summary = (canary / "s.md").read_text(encoding="utf-8")
    assert result.code == 0, result.out
    assert leaks(summary) == []
    assert "Fassung 1\\.0 → 1\\.1" in summary  # the rest of the change is there


def test_diff_on_screen_says_it_is_internal(canary: Path) -> None:
    result = run_cli("diff", GAGGENAU, "--from", "HEAD", cwd=canary)
    assert result.code == 0
    assert "kanarieneu" in result.out  # internal: everything, for the coordinator
    assert result.out.rstrip().splitlines()[-1] == (
        "Intern: 3 Änderungen betreffen Ansprechpersonen, die nicht öffentlich sind. "
        "Vor dem Weitergeben: „integ diff --audience public“ lässt sie weg."
    )
    english = run_cli("diff", GAGGENAU, "--from", "HEAD", "--lang", "en", cwd=canary)
    assert english.out.rstrip().splitlines()[-1].startswith("Internal: 3 changes concern")
    public = run_cli("diff", GAGGENAU, "--from", "HEAD", "--audience", "public", cwd=canary)
    assert leaks(public.out) == [] and "Intern" not in public.out
    assert "1.0 → 1.1" in public.out


def test_review_on_screen_is_internal_unless_public_is_asked_for(canary: Path) -> None:
    args = ("review", GAGGENAU, "--no-interactive", "--today", TODAY)
    internal = run_cli(*args, cwd=canary)
    assert "kanarieneu" in internal.out  # the coordinator's own screen
    public = run_cli(*args, "--audience", "public", cwd=canary)
    assert leaks(public.out) == []
    assert "Ansprechperson ib-gaggenau „Daniel Kastner“: gestrichen" in public.out


def test_diff_without_anything_private_says_nothing_more(canary: Path) -> None:
    git(canary, "stash", "-q")
    edit(canary / GAGGENAU, 'version: "1.0"', 'version: "1.1"')
    result = run_cli("diff", GAGGENAU, "--from", "HEAD", cwd=canary)
    assert "Intern" not in result.out and "1.0 → 1.1" in result.out


# --------------------------------------------------------------------------- the filter


CONCEPT: dict[str, Any] = {
    "id": "x",
    "contacts": [
        {"id": "pub", "name": "Pia Public", "role": "Leitung", "public": True},
        {
            "id": "priv",
            "name": "Paul Privat",
            "role": "Integrationsbeauftragter der Gemeinde X",
            "email": "p@example.org",
            "phone": "0",
            "public": False,
        },
        {"id": "vague", "name": "Vera Vage", "role": "Amt", "public": "yes"},
        {"id": "none", "name": "Nina Ohne"},
        "kein Eintrag",
    ],
    "reviews": [{"date": "2025-01-01", "by": "priv"}, {"date": "2026-01-01", "by": "pub"}],
    "measures": [
        {"id": "M-1", "log": [{"date": "2025-01-01", "note": "n", "by": "vague"}]},
        {"id": "M-2", "log": [{"date": "2025-01-01", "note": "n", "by": "pub"}]},
        {"id": "M-3"},
    ],
}


def test_public_keeps_only_contacts_marked_exactly_true() -> None:
    import copy

    before = copy.deepcopy(CONCEPT)
    out = for_audience(CONCEPT, "public")
    assert out["contacts"] == [CONCEPT["contacts"][0]]
    assert out["reviews"] == [{"date": "2025-01-01"}, {"date": "2026-01-01", "by": "pub"}]
    assert out["measures"] == [
        {"id": "M-1", "log": [{"date": "2025-01-01", "note": "n"}]},
        {"id": "M-2", "log": [{"date": "2025-01-01", "note": "n", "by": "pub"}]},
        {"id": "M-3"},
    ]
    assert CONCEPT == before  # the input is never changed
    assert for_audience(CONCEPT, "internal") is CONCEPT
    assert for_audience(CONCEPT, "öffentlich") == out  # unknown audience: publish less


def test_the_filter_survives_garbage() -> None:
    for junk in (None, [], "text", {"contacts": "x", "reviews": 5, "measures": [1, None]}):
        assert for_audience(junk) == junk or isinstance(junk, dict)
    assert for_audience({"contacts": "x"}) == {"contacts": []}


@pytest.mark.parametrize(
    ("typed", "offered"), [("im-leitung-gagenau", None), ("ib-gagenau", "ib-gaggenau")]
)
def test_a_private_contact_id_is_never_a_suggestion(
    example: Path, typed: str, offered: str | None
) -> None:
    """A `by:` one typo away from a private contact's id is reported without naming that
    id (findings reach CI logs and pull requests); a public contact is still offered."""
    edit(example / GAGGENAU, "    by: ib-gaggenau\n", f"    by: {typed}\n")
    outputs = []
    for fmt in ("text", "json", "github", "sarif", "junit"):
        result = run_cli("validate", GAGGENAU, "--format", fmt, "--today", TODAY, cwd=example)
        assert result.code == 1 and typed in result.out, result.out
        outputs.append(result.out)
    everything = "\n".join(outputs)
    assert "im-leitung-gaggenau" not in everything
    if offered:
        assert offered in everything
