"""`integ init` and `integ new`: a workspace and a concept skeleton that validate as made."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .concept import MUNICIPALITY_TYPES, SLUG_PATTERN, json_schema
from .errors import UsageError
from .fsio import write_atomic
from .workspace import SETTINGS_FILE, Workspace

SCHEMA_FILE = "integ-concept.schema.json"

FIELDS = [
    ("sprache", "Sprache"),
    ("bildung", "Bildung"),
    ("arbeit", "Arbeit und Ausbildung"),
    ("wohnen", "Wohnen"),
    ("gesundheit", "Gesundheit"),
    ("teilhabe", "Gesellschaftliche Teilhabe und Ehrenamt"),
    ("verwaltung", "Interkulturelle Öffnung der Verwaltung"),
    ("antidiskriminierung", "Antidiskriminierung"),
]

_SETTINGS = """\
# Einstellungen des Arbeitsbereichs für integ (alle Angaben sind optional).
organisation: {organisation}
locale: de
concepts: concepts        # Ordner mit den Konzeptdateien
actors: actors.yaml       # gemeinsames Akteursverzeichnis
# reference_docx: templates/hausvorlage.docx   # Word-Vorlage im Corporate Design
# logo: templates/wappen.png
# rules:                  # Schwere einzelner Regeln: error | warning | off
#   goal-without-indicator: off
"""

_ACTORS = """\
# Gemeinsames Akteursverzeichnis: alle Konzepte dürfen diese Akteure über ihre id nennen.
actors: []
#  - id: jobcenter
#    name: Jobcenter
#    type: jobcenter
"""

_GITIGNORE_LINES = [".integ_cache/"]
_GITATTRIBUTES_LINE = "concepts/*.yaml diff=integ"

_BODY = {
    "district": "Kreistag",
    "town": "Gemeinderat",
    "municipality": "Gemeinderat",
    "association": "Verbandsversammlung",
}


def _q(text: str) -> str:
    """A YAML double-quoted string, written by the edit engine's emitter (quotes,
    backslashes, line breaks and control characters escaped): a value can never end
    the scalar it is written into."""
    from .edit import _dq

    return _dq(text)


def _one_line(text: str) -> str:
    """Text for inside a block scalar (``|``): on one line, without control characters."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def check_name(name: str) -> str:
    """A concept's name is one line of text; refuse line breaks and control characters."""
    if not name.strip():
        raise UsageError("scaffold.name_empty")
    bad = [c for c in name if not c.isprintable() and c != " "]
    if bad:
        raise UsageError("scaffold.name_control", char=f"U+{ord(bad[0]):04X}")
    return name


def concept_skeleton(ident: str, name: str, kind: str, schema_ref: str) -> str:
    article = {"district": "des", "town": "der", "municipality": "der", "association": "der"}[kind]
    fields = "".join(
        f"  - id: {fid}\n    title: {_q(title)}\n    summary: |\n"
        f"      Was wir im Handlungsfeld {title} erreichen wollen.\n    goals: []\n"
        for fid, title in FIELDS
    )
    return (
        f"# yaml-language-server: $schema={schema_ref}\n"
        f"format: integ/1\n"
        f"id: {ident}\n"
        f"title: {_q(f'Integrationskonzept {article} {name}')}\n"
        f"municipality:\n"
        f"  name: {_q(name)}\n"
        f"  type: {kind}\n"
        f'  # ags: "08216000"        # Amtlicher Gemeindeschlüssel, in Anführungszeichen\n'
        f"  state: BW\n"
        f'version: "1.0"\n'
        f"status: draft             # draft | consultation | adopted | superseded\n"
        f'# adopted: {{date: 2026-07-18, body: {_BODY[kind]}, resolution: ""}}\n'
        f"review:\n"
        f"  cycle_months: 24        # alle zwei Jahre überprüfen und fortschreiben\n"
        f"contacts: []              # Ansprechpersonen; public: true nur mit Einwilligung\n"
        f"vision: |\n"
        f"  Leitbild: Wofür steht {_one_line(name)} in der Integrationsarbeit?\n"
        f"situation:\n"
        f"  text: |\n"
        f"    Ausgangslage mit Zahlen und Quellen.\n"
        f"  figures: []\n"
        f"target_groups:\n"
        f"  - id: gefluechtete\n"
        f"    name: Geflüchtete\n"
        f"  - id: eu-zugewanderte\n"
        f"    name: Zugewanderte aus der EU\n"
        f"  - id: drittstaatsangehoerige\n"
        f"    name: Drittstaatsangehörige\n"
        f"  - id: laenger-hier-lebende\n"
        f"    name: Menschen, die schon lange hier leben\n"
        f"fields:\n{fields}"
        f"measures: []\n"
        f"actors: []\n"
        f"networks: []\n"
        f"reviews: []\n"
    )


@dataclass
class Outcome:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def _write_new(path: Path, text: str, outcome: Outcome) -> None:
    if path.exists():
        outcome.kept.append(path)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text)
    outcome.written.append(path)


def _append_line(path: Path, line: str, outcome: Outcome) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if line in text.splitlines():
        outcome.kept.append(path)
        return
    if text and not text.endswith("\n"):
        text += "\n"
    write_atomic(path, text + line + "\n")
    outcome.written.append(path)


def schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def init(folder: Path, organisation: str | None = None) -> Outcome:
    """Make a workspace; existing files are kept as they are."""
    out = Outcome()
    folder.mkdir(parents=True, exist_ok=True)
    _write_new(
        folder / SETTINGS_FILE,
        _SETTINGS.format(organisation=_q(organisation or "Name der Verwaltung")),
        out,
    )
    (folder / "concepts").mkdir(exist_ok=True)
    _write_new(folder / "actors.yaml", _ACTORS, out)
    path = folder / SCHEMA_FILE
    if path.exists() and path.read_text(encoding="utf-8") != schema_text():
        write_atomic(path, schema_text())  # keep the editor's schema current
        out.written.append(path)
    else:
        _write_new(path, schema_text(), out)
    _write_new(
        folder / ".vscode" / "settings.json",
        json.dumps(
            {
                "yaml.schemas": {f"./{SCHEMA_FILE}": ["concepts/*.yaml", "concepts/*.yml"]},
                "files.encoding": "utf8",
                "[yaml]": {"editor.insertSpaces": True, "editor.tabSize": 2},
            },
            indent=2,
        )
        + "\n",
        out,
    )
    for line in _GITIGNORE_LINES:
        _append_line(folder / ".gitignore", line, out)
    _append_line(folder / ".gitattributes", _GITATTRIBUTES_LINE, out)
    return out


def new(ws: Workspace, ident: str, name: str, kind: str) -> Path:
    """Write a new concept skeleton into the workspace's concepts folder."""
    from .workspace import display_path, printable

    if not re.match(SLUG_PATTERN + "$", ident) or ident.endswith("-"):
        raise UsageError("scaffold.bad_id", id=printable(ident))
    if kind not in MUNICIPALITY_TYPES:
        raise UsageError("scaffold.bad_type", value=kind, choices=" | ".join(MUNICIPALITY_TYPES))
    check_name(name)
    folder = ws.concepts_dir
    path = folder / f"{ident}.yaml"
    if path.exists():
        raise UsageError("scaffold.exists", path=display_path(path))
    try:
        ref = Path(
            *[".."] * len(folder.resolve().relative_to(ws.root.resolve()).parts), SCHEMA_FILE
        ).as_posix()
    except ValueError:
        ref = (ws.root / SCHEMA_FILE).as_posix()
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(path, concept_skeleton(ident, name, kind, ref))
    return path


def init_report(folder: Path, outcome: Outcome) -> list[str]:
    """What `integ init` says: each file written or kept, and what to do next (the
    git hint only where there is a git clone)."""
    from .i18n import t
    from .workspace import display_path

    lines = [t("scaffold.init.wrote", path=display_path(p)) for p in outcome.written]
    lines += [t("scaffold.init.kept", path=display_path(p)) for p in outcome.kept]
    lines.append(t("scaffold.init.next"))
    here = folder.resolve()
    in_git = any((f / ".git").exists() for f in (here, *here.parents))
    lines.append(t("scaffold.init.git_setup" if in_git else "scaffold.init.no_git"))
    return lines
