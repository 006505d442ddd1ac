"""`integ check --base REF`: the pull-request check.

It validates the workspace, tells the findings that the change introduced from those
that were already there on REF (matched by file, rule, place in the document and
message, not by line, since lines move), computes the semantic diff of every changed
concept against REF, and writes a Markdown summary a coordinator can read.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

from .diffview import ConceptDiff, without_private_contacts, write_markdown
from .git import Repo
from .labels import Locale
from .problems import ERROR, Finding, Result
from .validate import validate
from .workspace import SETTINGS_FILE, Workspace, display_path


@dataclass
class CheckResult:
    base: str
    result: Result
    new: list[Finding] = field(default_factory=list)
    old: list[Finding] = field(default_factory=list)
    diffs: list[ConceptDiff] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    @property
    def new_errors(self) -> int:
        return sum(1 for f in self.new if f.severity == ERROR)

    @property
    def new_warnings(self) -> int:
        return sum(1 for f in self.new if f.severity != ERROR)


def _is_position(name: str) -> bool:
    return name in ("line", "column") or name.endswith(("_line", "_column"))


def _key(f: Finding, file: str) -> tuple[object, ...]:
    """A finding without its position, so that lines and list indices may move (an
    edit above it, a measure inserted before it): its identity (file, rule, path,
    message id, params) with the file as the working tree names it, the path without
    list indices and with the subject (kind, id) instead, and without the params that
    are positions (``line``, ``first_line``, ``column`` ...). The language the message
    is shown in plays no part."""
    params = {k: v for k, v in f.params.items() if not _is_position(k)}
    path = re.sub(r"\[\d+\]", "[]", f.path)
    subject = (f.subject.kind, f.subject.id) if f.subject else None
    return (*replace(f, file=file, path=path, params=params).identity(), subject)


def run(ws: Workspace, base: str, today: dt.date, use_cache: bool = True) -> CheckResult:
    from .cache import FOLDER
    from .cache import folder as cache_folder
    from .history import compare, reused_ids
    from .validate import severities

    result = validate(ws, [], today, use_cache=use_cache)
    with Repo(ws.root) as repo:
        top = repo.root
        sha = repo.resolve(base)
        changed = set(repo.changed_paths(sha))
        changed |= set(repo.untracked())
        folder = repo.relpath(ws.concepts_dir) if ws.concepts_dir.exists() else "concepts"
        registry = repo.relpath(ws.registry_path) if ws.registry_path.exists() else None
        settings = repo.relpath(ws.root / SETTINGS_FILE)
        everything = bool({registry, settings} & changed)
        base_files = repo.files_at(sha, folder)
        # The base is written to a folder of its own inside the cache, always at the same
        # place, so that its results are cached too; every concept is checked there, as
        # rules look across concepts (a changed district can break a town's references).
        prefix = repo.relpath(ws.root)
        tmp = cache_folder(ws.root) / "base"  # outside the work tree (integ.cache)
        tmp.mkdir(parents=True, exist_ok=True)
        for old in tmp.iterdir():  # last run's base, but not its cache
            if old.name == FOLDER:
                continue
            if old.is_dir():
                shutil.rmtree(old)
            else:
                old.unlink()
        for rel in [*base_files, registry, settings]:
            if rel is None:
                continue
            data = repo.read(sha, rel)
            if data is None:
                continue
            inside = Path(rel).relative_to(prefix) if prefix not in ("", ".") else Path(rel)
            target = tmp / inside
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (tmp / SETTINGS_FILE).touch()
        base_ws = Workspace.open(tmp)
        base_ws.sources_root = ws.root  # the towns' fetched concepts (integ fetch) too
        then = validate(base_ws, [], today, use_cache=use_cache)
        base_keys = set()
        for f in then.findings:
            try:
                rel_file = Path(f.file).resolve().relative_to(tmp.resolve())
            except ValueError:
                rel_file = Path(f.file)
            base_keys.add(_key(f, display_path(ws.root / rel_file)))
    level = severities(ws).get("measure-id-reused", "warning")
    concepts = {f.resolve() for f in ws.concept_files.values()}
    touched = [top / p for p in sorted(changed) if (top / p).resolve() in concepts]
    if level != "off" and touched:  # only a changed file can newly reuse an id
        result.findings += reused_ids(ws, touched, level)
    out = CheckResult(base=base, result=result)
    for f in result.sorted():
        (out.old if _key(f, f.file) in base_keys else out.new).append(f)
    concept_changes = sorted(
        p for p in changed if p.startswith(f"{folder}/") and p.endswith((".yaml", ".yml"))
    )
    out.changed = concept_changes if not everything else sorted(changed)
    if concept_changes:
        diffs, _ = compare(ws, [], base, None, only=set(concept_changes))
        public = []
        for d in diffs:  # the summary is published
            kept = without_private_contacts(d)
            kept.old_problem, kept.new_problem = d.old_problem, d.new_problem
            public.append(kept)
        # a base that did not parse is said, not taken for an empty concept
        out.diffs = [d for d in public if d.changes or d.old_problem or d.new_problem]
    return out


def _cell(text: str) -> str:
    """Text from a concept in a table cell of the published summary: no Markdown, HTML
    or @mentions can come through."""
    from .markdown import escape

    return str(escape(text))


def summary_markdown(res: CheckResult, loc: Locale, artifacts: list[str], new_only: bool) -> str:
    import io

    errors_now = res.result.errors
    t, tn = loc.t, loc.tn
    lines = [f"## {t('check.summary.title')}", ""]
    if res.new_errors or (not new_only and errors_now):
        verdict = t("check.summary.errors")
    elif res.new_warnings:
        verdict = t("check.summary.new_warnings")
    else:
        verdict = t("check.summary.clean")
    lines.append(
        t(
            "check.summary.result",
            verdict=verdict,
            base=res.base,
            errors=tn("count.new_error", res.new_errors),
            warnings=tn("count.new_warning", res.new_warnings),
            old=tn("count.finding", len(res.old)),
            files=tn("count.file", len(res.result.files)),
        )
    )
    lines.append("")
    col = {k: t(f"check.summary.col.{k}") for k in ("file", "line", "severity", "rule", "message")}
    if res.new:
        lines += [
            f"### {t('check.summary.new')}",
            "",
            "| " + " | ".join(col.values()) + " |",
            "|---|---:|---|---|---|",
        ]
        for f in res.new:
            sev = loc.enum("severity", f.severity)
            lines.append(
                f"| {_cell(f.file)} | {f.line} | {sev} | `{f.rule}` | {_cell(f.message)} |"
            )
        lines.append("")
    if res.old:
        lines += [
            f"<details><summary>{t('check.summary.old', n=len(res.old))}</summary>",
            "",
            "| " + " | ".join(v for k, v in col.items() if k != "severity") + " |",
            "|---|---:|---|---|",
        ]
        for f in res.old:
            lines.append(f"| {_cell(f.file)} | {f.line} | `{f.rule}` | {_cell(f.message)} |")
        lines += ["", "</details>", ""]
    lines += [f"### {t('check.summary.changes')}", ""]
    if res.diffs:
        buf = io.StringIO()
        write_markdown(res.diffs, buf, loc)
        lines.append(buf.getvalue().rstrip())
    else:
        lines.append(t("check.summary.unchanged"))
    lines.append("")
    if artifacts:
        lines += [f"### {t('check.summary.documents')}", ""]
        for link in artifacts:
            label, _, url = link.partition("=") if "=" in link else (link, "", link)
            lines.append(f"- [{label}]({url or label})")
        lines.append("")
    return "\n".join(lines) + "\n"


def write_gitlab(findings: list[Finding], out: IO[str]) -> None:
    """GitLab's code-quality report (a JSON list); paths from the repository root, so
    the report attaches to the merge request under a ``working-directory``."""
    import hashlib

    from .reporters.common import repo_path

    report = []
    for f in findings:
        file = repo_path(f.file)
        fingerprint = hashlib.sha256(
            f"{file}\0{f.rule}\0{f.path}\0{f.message}".encode()
        ).hexdigest()
        report.append(
            {
                "description": f.message,
                "check_name": f.rule,
                "fingerprint": fingerprint,
                "severity": "major" if f.severity == ERROR else "minor",
                "location": {"path": file, "lines": {"begin": f.line}},
            }
        )
    json.dump(report, out, ensure_ascii=False, indent=2)
    out.write("\n")
