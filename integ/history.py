"""What changed between revisions: the sides of `integ diff`, the entries of `integ log`,
and `integ git-setup`. git is reached only through integ.git."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import fsio, yaml_io
from .diff import diff, diff_flat, flatten
from .diffview import ConceptDiff, short_summary
from .errors import IntegError, UsageError
from .git import WORKTREE, Repo
from .workspace import SETTINGS_FILE, Workspace, display_path


@dataclass
class Side:
    data: dict[str, Any] | None
    ref: str
    path: str


def _parse(
    data: bytes, display: str, reader: yaml_io.RevisionReader | None = None
) -> dict[str, Any]:
    if reader is not None:  # many revisions: pieces shared between them are read once
        quick = reader.data(data)
        if isinstance(quick, dict):
            return quick
    doc = yaml_io.load(Path(display), display, data=data)
    if not doc.ok or not isinstance(doc.data, dict):
        first = doc.findings[0] if doc.findings else None
        where = (
            f"{display}:{first.line}:{first.column}: {first.message}"
            if first
            else f"{display}: not a concept"
        )
        raise IntegError(f"cannot compare {where}")
    return doc.data


def _worktree(path: Path, reader: yaml_io.RevisionReader | None = None) -> Side:
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    data = path.read_bytes()
    return Side(_parse(data, display_path(path), reader), WORKTREE, display_path(path))


def _at(
    repo: Repo,
    rev: str,
    path: str,
    required: bool = True,
    reader: yaml_io.RevisionReader | None = None,
) -> Side:
    sha = repo.resolve(rev)
    data = repo.read(sha, path)
    if data is None:
        if required:
            raise IntegError(f"{path} does not exist in revision '{rev}'")
        return Side(None, rev, path)
    return Side(_parse(data, f"{rev}:{path}", reader), rev, path)


def _spec(spec: str, repo_for: Any) -> Side:
    """A file path, or REV:PATH."""
    if ":" in spec and not Path(spec).exists():
        rev, _, path = spec.partition(":")
        repo = repo_for(Path(path) if Path(path).exists() else Path.cwd())
        rel = repo.relpath(Path(path)) if Path(path).exists() else path.lstrip("/")
        return _at(repo, rev, rel)
    return _worktree(Path(spec))


def _concept_diff(old: Side, new: Side, reordered: bool) -> ConceptDiff:
    a, b = old.data or {}, new.data or {}
    return ConceptDiff(
        old.ref,
        old.path,
        str(a.get("version", "")),
        new.ref,
        new.path,
        str(b.get("version", "")),
        diff(a, b, reordered=reordered),
        a,
        b,
    )


def compare(
    ws: Workspace,
    args: list[str],
    from_rev: str | None,
    to_rev: str | None,
    reordered: bool = False,
    only: set[str] | None = None,
) -> tuple[list[ConceptDiff], bool]:
    """The diffs that the arguments of `integ diff` ask for; True when one concept.
    ``only``: for the whole workspace, just these repository paths."""
    repos: dict[Path, Repo] = {}

    def repo_for(start: Path) -> Repo:
        repo = Repo(start)
        return repos.setdefault(repo.root, repo)

    try:
        if len(args) == 2:
            if from_rev or to_rev:
                raise UsageError("give either two files (OLD NEW) or --from/--to, not both")
            return [
                _concept_diff(_spec(args[0], repo_for), _spec(args[1], repo_for), reordered)
            ], True
        if len(args) > 2:
            raise UsageError("integ diff takes at most two files (OLD NEW)")
        if to_rev and not from_rev:
            raise UsageError("--to needs --from")
        if len(args) == 1:
            path = Path(args[0])
            repo = repo_for(path if path.exists() else Path.cwd())
            rel = repo.relpath(path) if path.exists() else args[0]
            old = _at(repo, from_rev or "HEAD", rel)
            new = _at(repo, to_rev, rel) if to_rev else _worktree(path)
            return [_concept_diff(old, new, reordered)], True
        if not from_rev:
            raise UsageError(
                "give two files, a file with --from REV, or --from REV for every concept"
            )
        repo = repo_for(ws.root)
        folder = (
            repo.relpath(ws.concepts_dir)
            if ws.concepts_dir.exists()
            else str(ws.setting("concepts", "concepts"))
        )
        names = set(repo.files_at(from_rev, folder))
        if to_rev:
            names |= set(repo.files_at(to_rev, folder))
        else:
            names |= {repo.relpath(p) for p in ws.concept_files.values()}
        diffs = []
        reader = yaml_io.RevisionReader()
        for name in sorted(names):
            if name.endswith(SETTINGS_FILE) or (only is not None and name not in only):
                continue
            old = _at(repo, from_rev, name, required=False, reader=reader)
            if to_rev:
                new = _at(repo, to_rev, name, required=False, reader=reader)
            else:
                path = repo.root / name
                new = _worktree(path, reader) if path.is_file() else Side(None, WORKTREE, name)
            diffs.append(_concept_diff(old, new, reordered))
        return diffs, False
    finally:
        for repo in repos.values():
            repo.close()


def log(
    ws: Workspace,
    path: Path,
    since: str | None = None,
    max_count: int | None = None,
    lang: str = "de",
) -> list[dict[str, Any]]:
    """One entry per commit that changed the concept, newest first, with the semantic
    summary of that commit; renames of the file are followed."""
    with Repo(path) as repo:
        rel = repo.relpath(path)
        commits = repo.log(rel, since=since, max_count=max_count + 1 if max_count else None)
        texts = [repo.read(c.sha, c.path) for c in commits]
        if max_count is None or len(commits) <= max_count:
            previous_of_oldest = None
        else:
            previous_of_oldest = texts[-1]
            commits, texts = commits[:-1], texts[:-1]
    reader = yaml_io.RevisionReader()
    datas = [_as_concept(reader.data(t)) if t is not None else None for t in texts]
    older = datas[1:] + [
        _as_concept(reader.data(previous_of_oldest)) if previous_of_oldest else None
    ]
    flats: dict[int, Any] = {}
    for d in [*datas, *older]:
        if d is not None and id(d) not in flats:
            flats[id(d)] = flatten(d)
    empty = flatten({})
    out = []
    for commit, new, old in zip(commits, datas, older):
        changes = diff_flat(flats.get(id(old), empty), flats[id(new)]) if new is not None else []
        if old is None and new is not None:
            text = "angelegt" if lang == "de" else "created"
        else:
            text = short_summary(changes, lang)
        out.append(
            {
                "commit": commit.sha,
                "author": commit.author,
                "date": commit.date,
                "message": commit.subject,
                "path": commit.path,
                "version": str((new or {}).get("version", "")),
                "summary": text,
                "changes": len(changes),
            }
        )
    return out


def _as_concept(data: Any) -> dict[str, Any] | None:
    return data if isinstance(data, dict) else None


def git_setup(ws: Workspace) -> list[str]:
    """Configure the clone for readable diffs of concepts; idempotent."""
    repo = Repo(ws.root)
    command = "integ textconv" if shutil.which("integ") else f'"{sys.executable}" -m integ textconv'
    done = []
    for key, value in (("diff.integ.textconv", command), ("diff.integ.cachetextconv", "true")):
        if repo.config_get(key) != value:
            repo.config(key, value)
            done.append(f"git config {key} {value}")
    folder = (
        ws.concepts_dir.relative_to(ws.root).as_posix()
        if ws.concepts_dir.is_relative_to(ws.root)
        else "concepts"
    )
    line = f"{folder}/*.yaml diff=integ"
    attributes = ws.root / ".gitattributes"
    text = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    if line not in text.splitlines():
        fsio.write_atomic(
            attributes, text + ("" if not text or text.endswith("\n") else "\n") + line + "\n"
        )
        done.append(f"added '{line}' to .gitattributes")
    return done


def reused_ids(ws: Workspace, files: list[Path], severity: str = "warning") -> list[Any]:
    """Measure ids that once named a measure that was dropped or removed and now name a
    different one (word similarity of the titles below 0.5), from the files' history."""
    from .problems import Finding

    out: list[Finding] = []
    with Repo(ws.root) as repo:
        reader = yaml_io.RevisionReader()
        for path in files:
            rel = repo.relpath(path)
            commits = list(reversed(repo.log(rel)))  # oldest first
            ended: dict[str, tuple[str, str]] = {}  # id -> (title, how it ended)
            alive: dict[str, str] = {}
            for commit in commits:
                data = _as_concept(reader.data(repo.read(commit.sha, commit.path) or b""))
                measures = {
                    str(m.get("id")): m
                    for m in (data or {}).get("measures") or []
                    if isinstance(m, dict)
                }
                for ident in list(alive):
                    if ident not in measures:
                        ended[ident] = (alive.pop(ident), f"removed in {commit.sha[:10]}")
                for ident, m in measures.items():
                    title = str(m.get("title", ""))
                    if m.get("status") == "dropped":
                        ended.setdefault(ident, (title, f"dropped in {commit.sha[:10]}"))
                    alive[ident] = title
            doc = yaml_io.load(path, display_path(path))
            if not doc.ok or not isinstance(doc.data, dict):
                continue
            for i, m in enumerate(doc.data.get("measures") or []):
                if not isinstance(m, dict):
                    continue
                ident, title = str(m.get("id")), str(m.get("title", ""))
                if ident in ended and not _same(ended[ident][0], title):
                    old, how = ended[ident]
                    out.append(
                        doc.finding(
                            ("measures", i, "id"),
                            "measure-id-reused",
                            f"measure {ident} „{title}“ reuses the id of „{old}“ ({how}); "
                            "give the new measure an id of its own",
                            severity=severity,
                        )
                    )
    return out


def _same(a: str, b: str) -> bool:
    from .diff import Item, similarity

    return similarity(Item("measure", "", {"title": a}), Item("measure", "", {"title": b})) >= 0.5
