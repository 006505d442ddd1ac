"""A district's concepts from the towns' own repositories (`integ fetch`).

An entry of ``municipalities:`` in integ.yaml may name ``repo:`` (any URL git can
clone), ``ref:`` (a branch or tag; default the remote's default branch) and ``path:``
(default ``concepts/<id>.yaml``). `integ fetch` brings each into the workspace's cache:

    .integ_cache/.gitignore            "*": nothing in here is ever committed
    .integ_cache/sources/state.json    what each fetch brought, and when
    .integ_cache/sources/<id>/repo.git a bare partial clone (for log and diff --from)
    .integ_cache/sources/<id>/<id>.yaml     the concept at the fetched commit

Only the concept file is taken out of the clone (a regular file, never a link), and
no folder on the way may be a symbolic link, so a fetched repository (or a link
committed at ``.integ_cache``) cannot make integ read or write elsewhere. The validate
cache is not here (it lives in the user's cache folder, see cache.py).

A source that fails keeps its last good copy; state.json remembers the failure, and
every report marks the source as stale with the date of its last good copy.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FOLDER = ".integ_cache"
SOURCES = "sources"
STATE = "state.json"
TIMEOUT = 120.0
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Source:
    """One town's repository as integ.yaml names it."""

    id: str
    url: str  # as written (may hold a password: shown only through `shown_url`)
    ref: str | None
    path: str  # inside the repository

    @property
    def shown_url(self) -> str:
        from .git import redact

        return redact(self.url)


@dataclass(frozen=True)
class SourceState:
    """What the last fetches of one source brought (state.json)."""

    commit: str | None = None
    shown: str | None = None  # the tag or branch
    fetched: str | None = None  # ISO time of the last good fetch
    failed: str | None = None  # ISO time of the last failed fetch (None: the last one worked)
    reason: str | None = None

    @property
    def stale(self) -> bool:
        return self.failed is not None

    @property
    def label(self) -> str:
        """``main @ 1a2b3c4`` or ``konzept-2.0`` (a tag says itself which text it is)."""
        if not self.commit:
            return ""
        short = self.commit[:7]
        if self.shown and self.shown not in ("HEAD",) and not self.commit.startswith(self.shown):
            return f"{self.shown} @ {short}"
        return short


def valid_repo_path(path: str) -> bool:
    """A relative path inside a repository: no ``..``, no absolute path, no control
    characters, no empty or hidden part."""
    if not path or path.startswith("/") or "\\" in path:
        return False
    if any(ord(c) < 32 for c in path):
        return False
    parts = path.split("/")
    return all(p and p not in (".", "..") and not p.startswith(".") for p in parts)


def listed(settings: dict[str, Any]) -> list[Source]:
    """Every ``municipalities:`` entry that names a ``repo:`` (ids and paths that are
    not safe to use as folder names are left out; the schema check reports them)."""
    out: list[Source] = []
    entries = settings.get("municipalities")
    if not isinstance(entries, list):
        return out
    seen: set[str] = set()
    for m in entries:
        if not isinstance(m, dict):
            continue
        ident, url = m.get("id"), m.get("repo")
        if not isinstance(ident, str) or not _ID.match(ident) or ident in seen:
            continue
        if not isinstance(url, str) or not url.strip() or url.startswith("-"):
            continue
        ref = m.get("ref") if isinstance(m.get("ref"), str) and m.get("ref") else None
        given = m.get("path")
        path = given if isinstance(given, str) else f"concepts/{ident}.yaml"
        if not valid_repo_path(path) or (ref is not None and ref.startswith("-")):
            continue
        seen.add(ident)
        out.append(Source(ident, url.strip(), ref, path))
    return out


# --------------------------------------------------------------------------- places


def _no_links(root: Path, path: Path) -> bool:
    """Whether every part of ``path`` below ``root`` (``root`` itself excluded) is no
    symbolic link (lstat: links are never followed)."""
    try:
        rel = path.relative_to(root)
    except ValueError:
        return False
    here = root
    for part in rel.parts:
        here = here / part
        try:
            if stat.S_ISLNK(os.lstat(here).st_mode):
                return False
        except FileNotFoundError:
            return True
        except OSError:
            return False
    return True


def sources_dir(root: Path) -> Path:
    return root / FOLDER / SOURCES


def clone_dir(root: Path, ident: str) -> Path:
    return sources_dir(root) / ident / "repo.git"


def file_of(root: Path, source: Source) -> Path:
    """Where the fetched concept is kept: named by the town's id (concepts are known
    by their file name), whatever its path in the town's repository."""
    suffix = ".yml" if source.path.endswith(".yml") else ".yaml"
    return sources_dir(root) / source.id / f"{source.id}{suffix}"


def fetched_file(root: Path, source: Source) -> Path | None:
    """The fetched concept of a source, when there is one (a regular file, reached
    through no symbolic link)."""
    path = file_of(root, source)
    if not _no_links(root, path):
        return None
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    return path if stat.S_ISREG(mode) else None


def _prepare(root: Path) -> Path:
    """``.integ_cache/sources/`` made (with a ``.gitignore`` that ignores everything),
    refused when a part of it is a link."""
    from .errors import UsageError

    folder = sources_dir(root)
    if not _no_links(root, folder):
        raise UsageError("district.fetch.link", folder=str(root / FOLDER))
    folder.mkdir(parents=True, exist_ok=True)
    ignore = root / FOLDER / ".gitignore"
    if not os.path.lexists(ignore):
        from .fsio import write_atomic

        write_atomic(ignore, "# integ: fetched sources, never committed\n*\n", root=root)
    return folder


# --------------------------------------------------------------------------- state


def load_state(root: Path) -> dict[str, SourceState]:
    path = sources_dir(root) / STATE
    if not _no_links(root, path):
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out: dict[str, SourceState] = {}
    if not isinstance(data, dict) or not isinstance(data.get("sources"), dict):
        return out
    names = ("commit", "shown", "fetched", "failed", "reason")
    for ident, entry in data["sources"].items():
        if isinstance(entry, dict):
            values = {k: entry.get(k) if isinstance(entry.get(k), str) else None for k in names}
            out[str(ident)] = SourceState(**values)
    return out


def save_state(root: Path, states: dict[str, SourceState]) -> None:
    from dataclasses import asdict

    from .fsio import write_atomic

    data = {"format": 1, "sources": {k: asdict(v) for k, v in sorted(states.items())}}
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    write_atomic(sources_dir(root) / STATE, text, root=root)


# --------------------------------------------------------------------------- fetch


@dataclass(frozen=True)
class Outcome:
    """One source's result line: ``kind`` is current, updated or failed."""

    source: Source
    kind: str
    state: SourceState


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _fetch_one(root: Path, source: Source, old: SourceState, timeout: float) -> Outcome:
    from .errors import IntegError
    from .fsio import write_bytes_atomic
    from .git import SourceError, fetch_source, redact

    clone = clone_dir(root, source.id)
    target = file_of(root, source)
    try:
        if not _no_links(root, target):
            from .i18n import t

            raise SourceError(t("district.fetch.link", folder=str(target.parent)))
        got = fetch_source(source.url, source.ref, source.path, clone, timeout)
        target.parent.mkdir(parents=True, exist_ok=True)
        current = target.read_bytes() if target.is_file() else None
        if current != got.data:
            write_bytes_atomic(target, got.data, root=root)
    except SourceError as exc:
        return Outcome(source, "failed", _failed(old, exc.reason))
    except (IntegError, OSError) as exc:
        return Outcome(source, "failed", _failed(old, redact(str(exc))))
    state = SourceState(commit=got.commit, shown=got.shown, fetched=_now())
    kind = "updated" if got.commit != old.commit or current != got.data else "current"
    return Outcome(source, kind, state)


def _failed(old: SourceState, reason: str) -> SourceState:
    return SourceState(old.commit, old.shown, old.fetched, _now(), reason)


def fetch(
    root: Path,
    sources: list[Source],
    timeout: float = TIMEOUT,
    done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Fetch every source (in parallel threads; each with its own timeout), record
    the state, and return the outcomes in the order of integ.yaml."""
    from .parallel import imap_threads

    _prepare(root)
    states = load_state(root)
    results: dict[str, Outcome] = {}
    work = [(s, states.get(s.id, SourceState())) for s in sources]
    for outcome in imap_threads(lambda item: _fetch_one(root, item[0], item[1], timeout), work):
        results[outcome.source.id] = outcome
        if done is not None:
            done(outcome)
    for ident, outcome in results.items():
        states[ident] = outcome.state
    save_state(root, states)
    return [results[s.id] for s in sources]


# --------------------------------------------------------------------------- reports


def day(iso: str | None) -> str:
    """The date part of a state time (as the reports show it)."""
    return (iso or "")[:10]


def stale_notes(root: Path, sources: list[Source]) -> Iterator[tuple[Source, SourceState | None]]:
    """Sources to be marked in every report: stale (the last fetch failed, an older
    copy is shown) or missing (never fetched, or no copy)."""
    states = load_state(root)
    for s in sources:
        state = states.get(s.id)
        if state is None or state.stale or fetched_file(root, s) is None:
            yield s, state


def note_text(source: Source, state: SourceState | None) -> str:
    """One sentence for a report about a stale or missing source."""
    from .i18n import t

    if state is not None and state.fetched and state.stale:
        return t(
            "district.stale",
            id=source.id,
            url=source.shown_url,
            day=day(state.fetched),
            failed=day(state.failed),
            reason=state.reason or "",
        )
    if state is not None and state.stale:
        return t(
            "district.missing_failed",
            id=source.id,
            url=source.shown_url,
            reason=state.reason or "",
        )
    return t("district.missing", id=source.id, url=source.shown_url)


def fetch_line(outcome: Outcome) -> str:
    """The result line of one source: up to date, updated to <sha>, failed: why."""
    from .i18n import t
    from .workspace import printable

    s, state = outcome.source, outcome.state
    params = {"id": s.id, "url": printable(s.shown_url), "label": state.label}
    if outcome.kind == "failed":
        kept = t("district.fetch.kept", day=day(state.fetched)) if state.fetched else ""
        return t("district.fetch.failed", reason=state.reason or "", kept=kept, **params)
    return t(f"district.fetch.{outcome.kind}", **params)


# --------------------------------------------------------------------------- origins
# Which finding's file is a fetched concept: reporters name the town's repository and
# the path in it, and SARIF points there (the file is not in this repository).


@dataclass(frozen=True)
class Origin:
    id: str
    url: str  # redacted
    path: str  # in the town's repository
    commit: str | None
    label: str

    @property
    def base_id(self) -> str:
        return f"SOURCE_{self.id}"

    @property
    def uri(self) -> str:
        """The repository as an absolute URI (SARIF ``originalUriBaseIds``)."""

        url = self.url
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", url):
            return url.rstrip("/") + "/"
        scp = re.match(r"^([^/@:]+@)?([^/:]+):(.*)$", url)
        if scp and not os.path.isabs(url):
            return f"ssh://{scp.group(1) or ''}{scp.group(2)}/{scp.group(3).lstrip('/')}/"
        return Path(os.path.abspath(url)).as_uri().rstrip("/") + "/"

    def text(self) -> str:
        from .i18n import t

        return t("district.from_source", url=self.url, path=self.path, label=self.label)


_ORIGINS: dict[str, Origin] = {}


def remember(root: Path, found: dict[Path, Source]) -> None:
    """Note the display path of each fetched concept with its origin."""
    from .workspace import display_path

    states = load_state(root)
    for path, source in found.items():
        state = states.get(source.id, SourceState())
        origin = Origin(source.id, source.shown_url, source.path, state.commit, state.label)
        _ORIGINS[display_path(path)] = origin
        _ORIGINS[str(path)] = origin


def origin_of(file: str) -> Origin | None:
    """The origin of a file as a finding names it (None: a file of this workspace)."""
    if not _ORIGINS or f"{FOLDER}" not in file:
        return None
    return _ORIGINS.get(file)


# --------------------------------------------------------------------------- status


def repo_name(url: str) -> str:
    """The short name of a repository: its last path part without ``.git``."""
    tail = re.split(r"[/:]", url.rstrip("/"))[-1] if url else url
    return tail.removesuffix(".git") or url


def cell(source: Source, state: SourceState | None) -> str:
    """The status table's cell: the repository and the commit or tag it shows, and
    the date of the copy when the last fetch failed."""
    from .i18n import t

    text = repo_name(source.shown_url)
    if state is not None and state.label:
        text += f"\n{state.label}"
    if state is not None and state.stale and state.fetched:
        from .i18n import current
        from .labels import Locale

        text += "\n" + t(
            "district.stale_mark", day=Locale(current()).short_date(day(state.fetched))
        )
    return text


def annotate(ws: Any, rows: list[Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """Set each fetched row's ``source`` cell; the sources for the JSON view and the
    notes (stale or missing sources) every report shows."""
    sources = ws.sources
    if not sources:
        return [], []
    root = ws.sources_root or ws.root
    states = load_state(root)
    by_file = {str(p): s for p, s in ws.fetched.items()}
    from .workspace import display_path

    shown = {display_path(p): s for p, s in ws.fetched.items()}
    for row in rows:
        source = shown.get(row.file) or by_file.get(row.file)
        if source is not None:
            row.source = cell(source, states.get(source.id))
    listing = []
    for s in sources:
        state = states.get(s.id, SourceState())
        listing.append(
            {
                "id": s.id,
                "repo": s.shown_url,
                "ref": s.ref,
                "path": s.path,
                "commit": state.commit,
                "shown": state.label or None,
                "fetched": state.fetched,
                "stale": state.stale,
                "failed": state.failed,
                "reason": state.reason,
                "present": fetched_file(root, s) is not None,
            }
        )
    notes = [note_text(s, st) for s, st in stale_notes(root, sources)]
    return listing, notes


def warn_stale(ws: Any, stream: Any = None) -> None:
    """Say every stale or missing source on stderr (validate, export, review, check):
    a town whose concept is old or absent is never silently missing."""
    import sys

    if not ws.sources:
        return
    root = ws.sources_root or ws.root
    for source, state in stale_notes(root, ws.sources):
        print(note_text(source, state), file=stream or sys.stderr)
