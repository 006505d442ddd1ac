"""Validation results keyed by file content, integ version and configuration (like
ruff's cache), kept in the user's cache folder, never in the work tree.

A cache in the repository could be committed: a ``.integ_cache/validate.json`` with
emptied findings would make ``validate`` and ``check --base`` pass on broken concepts in
a fresh clone (anyone can compute the keys). So the cache lives where only this user
writes: ``$INTEG_CACHE_DIR``, else ``%LOCALAPPDATA%\\integ\\cache`` (Windows),
``~/Library/Caches/integ`` (macOS), ``$XDG_CACHE_HOME/integ`` or ``~/.cache/integ``, in
one folder per workspace (named by the hash of the workspace's real path). A
``.integ_cache/`` folder in the workspace is never read; integ says so once per run.

A file's entry is found by the hash of its bytes, its display path, integ's version,
today's date (the date rules), the workspace's settings, the actor registry and the
contents of every concept (rules look across concepts: references, districts, actors,
AGS), so a change anywhere in the workspace checks every file again, and a run over an
unchanged workspace takes everything from here. Entries also remember the other concept
files their rules read, with their hashes. Everything lives in one JSON index that is
read once and replaced atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from . import __version__
from .problems import Finding

FOLDER = ".integ_cache"  # the old place, in the work tree: never read any more
FORMAT = 3  # 2: findings carry message_id, params and subject; 3: every rule's ids


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def user_cache_dir() -> Path:
    """integ's folder in the user's cache directory."""
    own = os.environ.get("INTEG_CACHE_DIR")
    if own:
        return Path(own)
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "integ" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "integ"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base_dir = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base_dir / "integ"


def folder(root: Path) -> Path:
    """The cache folder of one workspace (also holds ``check --base``'s old revision)."""
    real = os.path.realpath(root)
    name = "".join(c if c.isalnum() or c in "-_" else "-" for c in Path(real).name)[:40]
    return (
        user_cache_dir()
        / f"{name or 'root'}-{digest(real.encode('utf-8', 'surrogateescape'))[:16]}"
    )


_told: set[str] = set()


def _old_folder_notice(root: Path) -> None:
    """Say once per run that a ``.integ_cache/`` in the work tree is not used."""
    old = root / FOLDER
    key = str(old)
    if key in _told or not os.path.lexists(old):
        return
    try:  # `integ fetch` keeps the towns' sources there (sources.py): no old cache
        names = {p.name for p in old.iterdir()} if old.is_dir() and not old.is_symlink() else {""}
    except OSError:
        names = {""}
    if names <= {"sources", ".gitignore"}:
        return
    _told.add(key)
    from .i18n import t

    print(t("files.cache_in_worktree", folder=str(old), cache=str(folder(root))), file=sys.stderr)


def _rules_fingerprint() -> list[list[Any]]:
    """The rule modules there are (name, size, mtime): a rule added, removed or changed
    within one version of integ makes older results stale. Read from the files, not by
    importing the rules: a warm run must not pay for pydantic and every rule module."""
    rules = Path(__file__).resolve().parent / "rules"
    out: list[list[Any]] = []
    try:
        for entry in sorted(os.scandir(rules), key=lambda e: e.name):
            if entry.name.endswith(".py"):
                info = entry.stat()
                out.append([entry.name, info.st_size, info.st_mtime_ns])
    except OSError:
        pass
    return out


class Cache:
    def __init__(self, root: Path, context: dict[str, Any]) -> None:
        _old_folder_notice(root)
        self.path = folder(root) / "validate.json"
        self.context = digest(
            json.dumps(
                {
                    **context,
                    "version": __version__,
                    "format": FORMAT,
                    "rules": _rules_fingerprint(),
                },
                sort_keys=True,
            ).encode()
        )
        self.entries: dict[str, Any] = {}
        self._by_file: dict[Any, list[str]] | None = None
        self.dirty = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") == FORMAT and data.get("version") == __version__:
                self.entries = data.get("entries", {})
        except (OSError, ValueError, AttributeError):
            self.entries = {}

    def key(self, display: str, content_sha: str) -> str:
        return digest(f"{self.context}\0{display}\0{content_sha}".encode())

    def get(self, key: str, current: dict[str, str | None]) -> list[Finding] | None:
        entry = self.entries.get(key)
        if entry is None:
            return None
        for dep, sha in entry.get("deps", {}).items():
            if current.get(dep) != sha:
                return None
        return [Finding.from_dict(f) for f in entry["findings"]]

    def put(self, key: str, display: str, findings: list[Finding], deps: dict[str, str]) -> None:
        """Remember a file's findings (and forget its older entries)."""
        if self._by_file is None:  # file -> its keys, built once (not a scan per file)
            self._by_file = {}
            for k, v in self.entries.items():
                self._by_file.setdefault(v.get("file") if isinstance(v, dict) else None, []).append(
                    k
                )
        for old in self._by_file.pop(display, []):
            self.entries.pop(old, None)
        self._by_file[display] = [key]
        self.entries[key] = {
            "file": display,
            "findings": [f.as_dict() for f in findings],
            "deps": deps,
        }
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        entries = self.entries
        from .errors import IntegError
        from .fsio import write_bytes_atomic

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            data = json.dumps({"format": FORMAT, "version": __version__, "entries": entries})
            write_bytes_atomic(
                self.path, data.encode("utf-8"), root=self.path.parent, durable=False
            )
        except (OSError, IntegError):
            pass  # a read-only home still validates, only without a cache
