"""Finding the workspace, its settings (integ.yaml), its concepts and its actor registry."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import yaml_io
from .errors import UsageError
from .problems import Finding

SETTINGS_FILE = "integ.yaml"
SUFFIXES = (".yaml", ".yml")

#: on while the command line runs without --lang or INTEG_LANG: a workspace that is
#: opened then sets the language from its integ.yaml (``locale:``)
ADOPT_LOCALE = {"on": False}


def _resolve(path: Path) -> Path:
    """``path.resolve()``, or the absolute path when it cannot be resolved (a symlink
    loop raises RuntimeError in Python 3.11): the loader reports such a file."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        import os

        return Path(os.path.abspath(path))


def find_root(start: Path) -> Path:
    """The folder with integ.yaml, else the git root, else ``start`` itself."""
    start = _resolve(start)
    here = start if start.is_dir() else start.parent
    for folder in (here, *here.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return Path.cwd().resolve() if start.is_file() else here


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the current folder when inside it.

    Bytes of a file name that are not UTF-8 are shown as ``\\xff`` (never an error when
    the name is printed or written into a report)."""
    try:
        shown = str(_resolve(path).relative_to(Path.cwd().resolve()))
    except (OSError, ValueError):
        shown = str(path)
    return printable(shown)


def printable(name: str) -> str:
    """A file name that can be printed: undecodable bytes as ``\\xNN``."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def settings_locale(start: Path) -> str | None:
    """``locale:`` of the integ.yaml of the workspace around ``start`` (None without)."""
    try:
        root = find_root(start)
    except OSError:
        return None
    path = root / SETTINGS_FILE
    if not path.is_file():
        return None
    doc = yaml_io.load(path, display_path(path))
    value = doc.data.get("locale") if isinstance(doc.data, dict) else None
    return value if isinstance(value, str) else None


def concept_files_below(folder: Path, skip: Any = None) -> list[Path]:
    """Every ``*.yaml``/``*.yml`` file below ``folder`` (recursively, as check-jsonschema
    and yamllint search), without hidden folders (``.git``, ``.integ_cache``) and
    without what ``skip`` says is not a concept; regular files only."""
    import os

    found: list[Path] = []
    for here, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            path = Path(here) / name
            if (
                path.suffix in SUFFIXES
                and not name.startswith(".")
                and path.is_file()
                and (skip is None or not skip(path))
            ):
                found.append(path)
    return sorted(found)


@dataclass
class Workspace:
    root: Path
    settings: dict[str, Any] = field(default_factory=dict)
    settings_doc: yaml_io.Document | None = None
    _registry: yaml_io.Document | None = None
    _registry_loaded: bool = False
    _docs: dict[str, yaml_io.Document] = field(default_factory=dict)
    _concept_files: dict[str, Path] | None = None
    accessed: set[str] = field(default_factory=set)  # other concepts rules looked at
    #: where fetched sources are read from (None: this workspace's .integ_cache/);
    #: check --base points its copy of the base at the fetched sources of the work tree
    sources_root: Path | None = None
    _fetched: dict[Path, Any] | None = None

    # ---- construction
    @classmethod
    def open(cls, start: Path | None = None) -> Workspace:
        root = find_root(start or Path.cwd())
        ws = cls(root=root)
        path = root / SETTINGS_FILE
        if path.is_file():
            doc = yaml_io.load(path, display_path(path))
            ws.settings_doc = doc
            if isinstance(doc.data, dict):
                ws.settings = doc.data
        if ADOPT_LOCALE["on"]:
            from . import i18n

            i18n.set_lang(i18n.resolve(None, ws.settings.get("locale")))
        return ws

    def setting(self, key: str, default: Any) -> Any:
        value = self.settings.get(key, default)
        return value if isinstance(value, type(default)) else default

    def inside(self, key: str, default: str, allow_root: bool = False) -> Path | None:
        """A path setting of integ.yaml, only if it stays inside the workspace and names
        no hidden file or folder (None otherwise: integ never reads outside)."""
        value = self.setting(key, default)
        path = (self.root / value).resolve()
        root = self.root.resolve()
        if (
            (path == root and not allow_root)
            or not path.is_relative_to(root)
            or any(part.startswith(".") for part in path.relative_to(root).parts)
        ):
            return None
        return Path(path)

    @property
    def concepts_dir(self) -> Path:
        return self.inside("concepts", "concepts", allow_root=True) or self.root / "concepts"

    @property
    def registry_path(self) -> Path:
        return self.inside("actors", "actors.yaml") or self.root / "actors.yaml"

    @property
    def rule_settings(self) -> dict[str, str]:
        rules = self.settings.get("rules")
        return (
            {k: v for k, v in rules.items() if isinstance(v, str)}
            if isinstance(rules, dict)
            else {}
        )

    # ---- the files
    @property
    def concept_files(self) -> dict[str, Path]:
        """Every concept file of the workspace by id (file stem)."""
        if self._concept_files is None:
            folder = self.concepts_dir
            files = (
                sorted(
                    p
                    for p in folder.iterdir()
                    if p.suffix in SUFFIXES and p.is_file() and not self.is_special(p)
                )
                if folder.is_dir()
                else []
            )
            self._concept_files = {p.stem: p for p in files}
            # the towns' concepts that `integ fetch` brought (they win over a file of
            # the same name here: integ.yaml says where the town's concept comes from)
            if self.fetched:  # in the order of ids, as if they were in one folder
                merged = dict(self._concept_files)
                for path in self.fetched:
                    merged[path.stem] = path
                self._concept_files = dict(sorted(merged.items()))
        return self._concept_files

    # ---- fetched sources
    @property
    def sources(self) -> list[Any]:
        """The towns' repositories integ.yaml names (sources.Source)."""
        from .sources import listed

        return listed(self.settings)

    @property
    def fetched(self) -> dict[Path, Any]:
        """Each fetched concept file, with its source (sources.Source)."""
        if self._fetched is None:
            from .sources import fetched_file

            root = self.sources_root or self.root
            found: dict[Path, Any] = {}
            for source in self.sources:
                path = fetched_file(root, source)
                if path is not None:
                    found[path] = source
            self._fetched = found
            if found:
                from .sources import remember

                remember(root, found)
        return self._fetched

    def source_of(self, path: Path) -> Any:
        """The source a fetched concept file comes from (None: a file of this
        workspace)."""
        if not self.sources:
            return None
        fetched = self.fetched
        if path in fetched:
            return fetched[path]
        resolved = _resolve(path)
        for p, source in fetched.items():
            if _resolve(p) == resolved:
                return source
        return None

    def is_special(self, path: Path) -> bool:
        """integ.yaml and the actor registry are not concepts."""
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):
            return False
        return resolved in (self.registry_path.resolve(), (self.root / SETTINGS_FILE).resolve())

    def targets(self, paths: list[Path]) -> list[Path]:
        """The files that PATH arguments mean (no PATH: every concept)."""
        if not paths:
            return list(self.concept_files.values())
        out: list[Path] = []
        for path in paths:
            if path.is_dir():
                if (path / SETTINGS_FILE).is_file() and path.resolve() == self.root:
                    out.extend(self.concept_files.values())
                    continue
                out.extend(concept_files_below(path, self._not_a_concept))
            elif path.exists() or path.is_symlink():  # a dangling link or a loop: a finding
                out.append(path)
                if self.is_special(path):  # the registry and settings concern every concept
                    out.extend(self.concept_files.values())
            else:
                raise UsageError("workspace.no_such_path", path=printable(str(path)))
        seen: set[Path] = set()
        unique = []
        for p in out:
            if _resolve(p) not in seen:
                seen.add(_resolve(p))
                unique.append(p)
        return unique

    def _not_a_concept(self, path: Path) -> bool:
        """integ.yaml files (of any workspace) and this workspace's actor registry."""
        return path.name == SETTINGS_FILE or self.is_special(path)

    # ---- what rules may ask about the rest of the workspace
    @property
    def registry(self) -> yaml_io.Document | None:
        if not self._registry_loaded:
            self._registry_loaded = True
            path = self.registry_path
            if path.is_file():
                self._registry = yaml_io.load(path, display_path(path))
        return self._registry

    @property
    def registry_actors(self) -> set[str]:
        doc = self.registry
        if doc is None or not isinstance(doc.data, dict):
            return set()
        actors = doc.data.get("actors")
        if not isinstance(actors, list):
            return set()
        return {a["id"] for a in actors if isinstance(a, dict) and isinstance(a.get("id"), str)}

    @property
    def concept_ids(self) -> set[str]:
        return set(self.concept_files)

    @property
    def municipality_ids(self) -> set[str]:
        """Towns a district's measures may name in `scope` (empty: not checked)."""
        listed = self.settings.get("municipalities")
        if not isinstance(listed, list) or not listed:
            return set()
        ids = {m["id"] for m in listed if isinstance(m, dict) and isinstance(m.get("id"), str)}
        return ids | self.concept_ids

    def has_concept(self, ident: str) -> bool:
        return ident in self.concept_files

    def document(self, ident: str) -> yaml_io.Document | None:
        self.accessed.add(ident)
        if ident not in self._docs:
            path = self.concept_files.get(ident)
            if path is None:
                return None
            self._docs[ident] = yaml_io.load(path, display_path(path))
        return self._docs[ident]

    def concept_data(self, ident: str) -> Any:
        doc = self.document(ident)
        return doc.data if doc else None

    def goal_ids(self, ident: str) -> set[str]:
        data = self.concept_data(ident)
        out: set[str] = set()
        if not isinstance(data, dict) or not isinstance(data.get("fields"), list):
            return out
        for fld in data["fields"]:
            if isinstance(fld, dict) and isinstance(fld.get("goals"), list):
                out.update(
                    g["id"]
                    for g in fld["goals"]
                    if isinstance(g, dict) and isinstance(g.get("id"), str)
                )
        return out


__all__ = ["Finding", "Workspace", "display_path", "find_root"]
