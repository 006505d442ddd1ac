"""What changed between revisions: the sides of `integ diff` and the entries of
`integ log`. git is reached only through integ.git; `integ git-setup` and git's diff
driver are in integ.gitdriver."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import yaml_io
from .diff import diff, diff_flat, flatten
from .diffview import ConceptDiff, short_summary
from .errors import IntegError, UsageError
from .git import WORKTREE, Repo
from .revisions import RevisionReader
from .workspace import SETTINGS_FILE, Workspace, display_path


@dataclass
class Side:
    data: dict[str, Any] | None
    ref: str
    path: str
    problem: str = ""  # where and why the revision does not parse ("" when it does)
    date: str = ""  # the commit date of a revision (YYYY-MM-DD), "" for the working tree
    exact: bool = False  # the revision is a tag or the commit of the concept's adopted.ref


def _parse(
    data: bytes, display: str, reader: RevisionReader | None = None
) -> tuple[dict[str, Any] | None, str]:
    """The concept in ``data``, or None and a located message when it does not parse."""
    if reader is not None:  # many revisions: pieces shared between them are read once
        quick = reader.data(data)
        if isinstance(quick, dict):
            return quick, ""
    doc = yaml_io.load(Path(display), display, data=data)
    if doc.ok and isinstance(doc.data, dict):
        return doc.data, ""
    from .i18n import t

    first = doc.findings[0] if doc.findings else None
    if first is None:
        return None, t("history.not-a-concept", where=display)
    return None, t(
        "history.problem-at",
        where=display,
        line=first.line,
        column=first.column,
        message=first.message,
    )


def _worktree(path: Path, reader: RevisionReader | None = None) -> Side:
    if not path.is_file():
        from .i18n import t

        raise UsageError(t("history.no-such-file", path=str(path)))
    data, problem = _parse(path.read_bytes(), display_path(path), reader)
    return Side(data, WORKTREE, display_path(path), problem)


def _at(
    repo: Repo,
    rev: str,
    path: str,
    required: bool = True,
    reader: RevisionReader | None = None,
    sha: str | None = None,
) -> Side:
    sha = sha or repo.resolve(rev)
    data = repo.read(sha, path)
    if data is None:
        if required:
            from .i18n import t

            raise IntegError(t("history.not-in-revision", path=path, rev=rev))
        return Side(None, rev, path)
    parsed, problem = _parse(data, f"{rev}:{path}", reader)
    date, exact = _revision_facts(repo, rev, sha, parsed)
    return Side(parsed, rev, path, problem, date, exact)


#: per open repository: commit dates, tags and resolved adopted.refs already asked for
_FACTS: weakref.WeakKeyDictionary[Repo, dict[tuple[str, str], Any]] = weakref.WeakKeyDictionary()


def _revision_facts(
    repo: Repo, rev: str, sha: str, data: dict[str, Any] | None
) -> tuple[str, bool]:
    """The commit date of a revision and whether it is exactly a named version: a tag
    (``konzept-2.0``) or the commit that the concept's ``adopted.ref`` names. The
    Synopse describes such a revision by its Fassung alone."""
    from .git import GitError

    cache = _FACTS.setdefault(repo, {})
    if ("date", sha) not in cache:
        cache[("date", sha)] = repo.commit_date(sha) or ""
    if ("tag", rev) not in cache:
        cache[("tag", rev)] = repo.is_tag(rev)
    exact = bool(cache[("tag", rev)])
    adopted = data.get("adopted") if isinstance(data, dict) else None
    ref = adopted.get("ref") if isinstance(adopted, dict) else None
    if not exact and isinstance(ref, str) and ref:
        if ("ref", ref) not in cache:
            try:
                cache[("ref", ref)] = repo.resolve(ref)
            except GitError:
                cache[("ref", ref)] = None
        exact = cache[("ref", ref)] == sha
    return str(cache[("date", sha)]), exact


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
    # a side that does not parse is not an empty concept: nothing is compared with it
    changes = [] if old.problem or new.problem else diff(a, b, reordered=reordered)
    out = ConceptDiff(
        old.ref,
        old.path,
        str(a.get("version", "")),
        new.ref,
        new.path,
        str(b.get("version", "")),
        changes,
        a,
        b,
    )
    out.old_problem, out.new_problem = old.problem, new.problem
    out.old_date, out.new_date = old.date, new.date
    out.old_exact, out.new_exact = old.exact, new.exact
    return out


def compare(
    ws: Workspace,
    args: list[str],
    from_rev: str | None,
    to_rev: str | None,
    reordered: bool = False,
    only: set[str] | None = None,
) -> tuple[list[ConceptDiff], bool]:
    """The diffs that the arguments of `integ diff` ask for; True when one concept.
    ``only``: for the whole workspace, just these repository paths. A side that does not
    parse is reported in ``ConceptDiff.old_problem``/``new_problem``, never an abort."""
    from .i18n import t

    repos: dict[Path, Repo] = {}

    def repo_for(start: Path) -> Repo:
        repo = Repo(start)
        return repos.setdefault(repo.root, repo)

    try:
        if len(args) == 2:
            if from_rev or to_rev:
                raise UsageError(t("history.usage-files-or-revs"))
            return [
                _concept_diff(_spec(args[0], repo_for), _spec(args[1], repo_for), reordered)
            ], True
        if len(args) > 2:
            raise UsageError(t("history.usage-at-most-two"))
        if to_rev and not from_rev:
            raise UsageError(t("history.usage-to-needs-from"))
        if len(args) == 1:
            path = Path(args[0])
            fetched = source_repo(ws, path)
            if fetched is not None:  # a town's concept: its own repository's history
                repos[fetched.root] = fetched
            repo = fetched or repo_for(path if path.exists() else Path.cwd())
            rel = repo.relpath(path) if path.exists() else args[0]
            old = _at(repo, from_rev or "HEAD", rel)
            new = _at(repo, to_rev, rel) if to_rev else _worktree(path)
            return [_concept_diff(old, new, reordered)], True
        if not from_rev:
            raise UsageError(t("history.usage-what"))
        repo = repo_for(ws.root)
        folder = (
            repo.relpath(ws.concepts_dir)
            if ws.concepts_dir.exists()
            else str(ws.setting("concepts", "concepts"))
        )
        from .git import GitError

        names: set[str] = set()
        from_sha: str | None
        to_sha: str | None
        try:
            from_sha = repo.resolve(from_rev)
            to_sha = repo.resolve(to_rev) if to_rev else None
        except GitError:
            if not ws.fetched:
                raise
            from_sha = to_sha = None  # a revision of the towns' repositories only
        if from_sha is not None:
            names = set(repo.files_at(from_sha, folder))
            if to_sha:
                names |= set(repo.files_at(to_sha, folder))
            else:
                names |= {repo.relpath(p) for p in ws.concept_files.values() if p not in ws.fetched}
        diffs = []
        reader = RevisionReader()
        for name in sorted(names):
            if name.endswith(SETTINGS_FILE) or (only is not None and name not in only):
                continue
            old = _at(repo, from_rev, name, required=False, reader=reader, sha=from_sha)
            if to_rev:
                new = _at(repo, to_rev, name, required=False, reader=reader, sha=to_sha)
            else:
                path = repo.root / name
                new = _worktree(path, reader) if path.is_file() else Side(None, WORKTREE, name)
            diffs.append(_concept_diff(old, new, reordered))
        for path in list(ws.fetched):  # the towns' own histories
            if only is not None:
                break
            src = source_repo(ws, path)
            if src is None:
                continue
            repos[src.root] = src
            diffs.append(_source_diff(src, path, from_rev, to_rev, reordered, reader))
        return diffs, False
    finally:
        for repo in repos.values():
            repo.close()


def source_repo(ws: Workspace, path: Path) -> Repo | None:
    """The clone of the town's repository a fetched concept comes from (None: a file
    of this workspace)."""
    source = ws.source_of(path)
    if source is None:
        return None
    from .git import SourceRepo
    from .sources import clone_dir

    clone = clone_dir(ws.sources_root or ws.root, source.id)
    if not (clone / "HEAD").is_file():
        return None
    return SourceRepo(clone, path, source.path)


def _source_diff(
    repo: Repo,
    path: Path,
    from_rev: str,
    to_rev: str | None,
    reordered: bool,
    reader: RevisionReader,
) -> ConceptDiff:
    """A fetched concept between two revisions of its own repository (the fetched
    copy when there is no ``to_rev``); a revision the town's repository does not have
    is said as the side's problem."""
    from .git import GitError

    rel = repo.relpath(path)
    try:
        old = _at(repo, from_rev, rel, required=False, reader=reader)
    except GitError as exc:
        old = Side(None, from_rev, rel, str(exc))
    if to_rev:
        try:
            new = _at(repo, to_rev, rel, required=False, reader=reader)
        except GitError as exc:
            new = Side(None, to_rev, rel, str(exc))
    else:
        new = _worktree(path, reader)
    return _concept_diff(old, new, reordered)


def log(
    ws: Workspace,
    path: Path,
    since: str | None = None,
    max_count: int | None = None,
    lang: str = "de",
) -> list[dict[str, Any]]:
    """One entry per commit that changed the concept, newest first, with the semantic
    summary of that commit against its parent (also for the oldest commit of a
    ``--since`` or ``--max-count`` window); renames of the file are followed. A revision
    that does not parse is "nicht lesbar" (``readable: false``), never "angelegt"."""
    from .i18n import t, using

    reader = RevisionReader()
    blobs: dict[str, Any] = {}

    def concept(raw: bytes | None) -> dict[str, Any] | None:
        return _as_concept(reader.data(raw)) if raw is not None else None

    with source_repo(ws, path) or Repo(path) as repo:
        rel = repo.relpath(path)
        commits = repo.log(rel, since=since, max_count=max_count)
        sides: list[tuple[bytes | None, bytes | None, bool]] = []
        for c in commits:
            new_raw = repo.blob(c.blob) if c.blob else repo.read(c.sha, c.path)
            if c.created:
                old_raw = None
            elif c.parent_blob is not None:
                old_raw = repo.blob(c.parent_blob)
            else:  # no raw record (a merge): the file in the first parent
                old_raw = repo.read(f"{c.sha}^", c.path)
            absent = c.created or (old_raw is None)
            sides.append((new_raw, old_raw, absent))
    flats: dict[int, Any] = {}

    def flat(d: dict[str, Any]) -> Any:
        if id(d) not in flats:
            flats[id(d)] = flatten(d)
        return flats[id(d)]

    empty = flatten({})
    out = []
    with using(lang):
        for commit, (new_raw, old_raw, absent) in zip(commits, sides):
            key_new, key_old = commit.blob or commit.sha, commit.parent_blob or f"{commit.sha}^"
            if key_new not in blobs:
                blobs[key_new] = concept(new_raw)
            if not absent and key_old not in blobs:
                blobs[key_old] = concept(old_raw)
            new = blobs[key_new]
            old = None if absent else blobs[key_old]
            changes: list[Any] = []
            readable = new is not None
            if new_raw is None:
                text = t("history.log.deleted")
            elif new is None:
                text = t("history.log.unreadable")
            elif absent:
                changes = diff_flat(empty, flat(new))
                text = t("history.log.created")
            elif old is None:
                text = t("history.log.readable-again")
            else:
                changes = diff_flat(flat(old), flat(new))
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
                    "readable": readable,
                }
            )
    return out


def _as_concept(data: Any) -> dict[str, Any] | None:
    return data if isinstance(data, dict) else None


def reused_ids(ws: Workspace, files: list[Path], severity: str = "warning") -> list[Any]:
    """Measure ids that once named a measure that was dropped or removed and now name a
    different one (word similarity of the titles below 0.5), from the files' history."""
    from .problems import Finding

    out: list[Finding] = []
    with Repo(ws.root) as repo:
        reader = RevisionReader()
        for path in files:
            rel = repo.relpath(path)
            commits = list(reversed(repo.log(rel)))  # oldest first
            ended: dict[str, tuple[str, str]] = {}  # id -> (title, how it ended)
            alive: dict[str, str] = {}
            for commit in commits:
                raw = repo.blob(commit.blob) if commit.blob else repo.read(commit.sha, commit.path)
                data = _as_concept(reader.data(raw))
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
