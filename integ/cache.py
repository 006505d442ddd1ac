"""Validation results keyed by file content, integ version and configuration (like
ruff's cache), in ``.integ_cache/`` of the workspace.

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
from pathlib import Path
from typing import Any

from . import __version__
from .problems import Finding

FOLDER = ".integ_cache"
FORMAT = 2  # 2: findings carry message_id, params and subject


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Cache:
    def __init__(self, root: Path, context: dict[str, Any]) -> None:
        self.path = root / FOLDER / "validate.json"
        self.context = digest(
            json.dumps(
                {**context, "version": __version__, "format": FORMAT}, sort_keys=True
            ).encode()
        )
        self.entries: dict[str, Any] = {}
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
        for old in [k for k, v in self.entries.items() if v.get("file") == display]:
            del self.entries[old]
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
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.path.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(
                json.dumps({"format": FORMAT, "version": __version__, "entries": entries}),
                encoding="utf-8",
            )
            os.replace(tmp, self.path)
        except OSError:
            pass  # a read-only checkout still validates, only without a cache
