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

#: rendered documents stay out of the repository (they are made from the concepts);
#: a Word template under templates/ stays in
_GITIGNORE_LINES = [
    ".integ_cache/",
    "*.docx",
    "*.pdf",
    "*.xlsx",
    "*.html",
    "dokumente/",
    "!templates/*.docx",
]
_GITATTRIBUTES_LINE = "concepts/*.yaml diff=integ"


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


#: the usual fields of action that the skeleton names in a comment (the first is made)
FIELD_PREFIX = {"sprache": "SPR"}

#: skeleton texts that are placeholders: `placeholder-text` finds them left unchanged
PLACEHOLDERS = (
    "skeleton.vision",
    "skeleton.situation",
    "skeleton.field.summary",
    "skeleton.goal.title",
    "skeleton.goal.description",
    "skeleton.indicator.title",
    "skeleton.measure.title",
    "skeleton.measure.description",
    "skeleton.anchor.note",
)

#: the words of a municipality's type that `integ new --type` accepts besides the values
TYPE_WORDS = {
    "landkreis": "district",
    "kreis": "district",
    "stadt": "town",
    "gemeinde": "municipality",
    "verwaltungsverband": "association",
    "gemeindeverwaltungsverband": "association",
    "verwaltungsgemeinschaft": "association",
    "verband": "association",
}
#: id prefixes that name the type: landkreis-rastatt is a district
_ID_PREFIX = {
    "landkreis": "district",
    "lk": "district",
    "kreis": "district",
    "stadt": "town",
    "gemeinde": "municipality",
    "gvv": "association",
    "vvg": "association",
    "verband": "association",
    "verwaltungsverband": "association",
}
#: the genitive of a name that starts with its kind: "der Stadt Gaggenau"
_GENITIVE = (
    ("Landkreis ", "des Landkreises "),
    ("Kreis ", "des Kreises "),
    ("Große Kreisstadt ", "der Großen Kreisstadt "),
    ("Stadt ", "der Stadt "),
    ("Gemeinde ", "der Gemeinde "),
    ("Gemeindeverwaltungsverband ", "des Gemeindeverwaltungsverbands "),
    ("Verwaltungsverband ", "des Verwaltungsverbands "),
    ("Verwaltungsgemeinschaft ", "der Verwaltungsgemeinschaft "),
)


def municipality_type(text: str) -> str | None:
    """The type a word names: district, Landkreis, Stadt, town ... (None: none)."""
    from .edit import enum_value

    key = " ".join(text.split()).casefold()
    return TYPE_WORDS.get(key) or enum_value("municipality_type", text)


def type_from_id(ident: str) -> str | None:
    """The type an id's prefix names: landkreis-rastatt → district, stadt-x → town."""
    return _ID_PREFIX.get(ident.split("-", 1)[0]) if "-" in ident else None


def name_from_id(ident: str) -> str:
    """A name to propose for an id: stadt-bad-herrenalb → Stadt Bad Herrenalb."""
    return " ".join(w[:1].upper() + w[1:] for w in ident.split("-") if w)


def id_from_name(name: str) -> str:
    """An id to propose for a name: „Stadt Überlingen“ → stadt-ueberlingen."""
    from .rules import transliterate

    slug = re.sub(r"[^a-z0-9]+", "-", transliterate(name).lower()).strip("-")
    return slug or "konzept"


def concept_title(name: str) -> str:
    from .i18n import current, t

    if current() == "de":
        for head, genitive in _GENITIVE:
            if name.startswith(head) and name[len(head) :].strip():
                return t("skeleton.title.genitive", name=genitive + name[len(head) :])
    return t("skeleton.title", name=name)


def actor_id(ident: str) -> str:
    """The id of the municipality's own administration as an actor (not the concept's
    id: one id, one element)."""
    base = ident if re.match(r"[a-z]", ident) else f"k-{ident}"
    return f"{base}-verwaltung"


def _comment(msgid: str, indent: int = 0, **params: object) -> str:
    """A catalogue text as YAML comment lines at ``indent``."""
    from .i18n import t

    pad = " " * indent
    return "".join(f"{pad}# {line}".rstrip() + "\n" for line in t(msgid, **params).splitlines())


def _block(msgid: str, indent: int) -> str:
    from .i18n import t

    pad = " " * indent
    return "".join(f"{pad}{_one_line(line)}\n" for line in t(msgid).splitlines())


def concept_skeleton(ident: str, name: str, kind: str, schema_ref: str) -> str:
    """The skeleton of a new concept: valid as made, every part explained in a comment,
    one example of a goal with an indicator and a measure, the municipality itself as
    an actor, empty lists left out (so that what is added later is block style)."""
    import datetime as dt

    from .i18n import t

    actor = actor_id(ident)
    year = dt.date.today().year
    groups = "".join(
        f"  - id: {gid}\n    name: {_q(t(f'skeleton.target_group.{gid}'))}\n"
        for gid in ("gefluechtete", "eu-zugewanderte", "drittstaatsangehoerige")
    )
    return (
        f"# yaml-language-server: $schema={schema_ref}\n"
        + _comment("skeleton.comment.head")
        + "format: integ/1\n"
        f"id: {ident}\n"
        f"title: {_q(concept_title(name))}\n"
        "municipality:\n"
        f"  name: {_q(name)}\n"
        f"  type: {kind}{' ' * max(1, 20 - len(kind))}"
        + _comment("skeleton.comment.type").lstrip()
        + _comment("skeleton.comment.ags", 2)
        + "  state: BW\n"
        'version: "1.0"\n'
        "status: draft             "
        + _comment("skeleton.comment.status").lstrip()
        + _comment("skeleton.comment.adopted", body=_body_word(kind))
        + "review:\n"
        "  cycle_months: 24        "
        + _comment("skeleton.comment.cycle").lstrip()
        + _comment("skeleton.comment.contacts")
        + "vision: |\n"
        + _block("skeleton.vision", 2)
        + "situation:\n"
        "  text: |\n"
        + _block("skeleton.situation", 4)
        + _comment("skeleton.comment.figures", 2)
        + _comment("skeleton.comment.target_groups")
        + "target_groups:\n"
        + groups
        + _comment("skeleton.comment.fields")
        + "fields:\n"
        "  - id: sprache\n"
        f"    title: {_q(t('skeleton.field.sprache'))}\n"
        "    summary: |\n"
        + _block("skeleton.field.summary", 6)
        + "    goals:\n"
        + _comment("skeleton.comment.goal", 6)
        + "      - id: Z-SPR-1\n"
        f"        title: {_q(t('skeleton.goal.title'))}\n"
        "        level: operational    "
        + _comment("skeleton.comment.level").lstrip()
        + "        description: |\n"
        + _block("skeleton.goal.description", 10)
        + "        indicators:\n"
        + _comment("skeleton.comment.indicator", 10, id="I-SPR-1")
        + "          - id: I-SPR-1\n"
        f"            title: {_q(t('skeleton.indicator.title'))}\n"
        "            unit: percent     "
        + _comment("skeleton.comment.unit").lstrip()
        + "            direction: increase   "
        + _comment("skeleton.comment.direction").lstrip()
        + f"            baseline: {{value: 40, year: {year}, note: {_q(t('skeleton.anchor.note'))}}}\n"
        + f"            target: {{value: 60, year: {year + 3}, note: {_q(t('skeleton.anchor.note'))}}}\n"
        + _comment("skeleton.comment.more_fields")
        + _comment("skeleton.comment.measures")
        + "measures:\n"
        "  - id: M-SPR-01\n"
        f"    title: {_q(t('skeleton.measure.title'))}\n"
        "    description: |\n"
        + _block("skeleton.measure.description", 6)
        + _comment("skeleton.comment.measure_more", 4)
        + "    goals:\n"
        "      - Z-SPR-1\n"
        f"    lead: {actor}{' ' * max(1, 18 - len(actor))}"
        + _comment("skeleton.comment.lead").lstrip()
        + "    status: planned         "
        + _comment("skeleton.comment.measure_status").lstrip()
        + _comment("skeleton.comment.actors")
        + "actors:\n"
        f"  - id: {actor}\n"
        f"    name: {_q(name)}\n"
        "    type: municipality\n" + _comment("skeleton.comment.networks")
    )


def _body_word(kind: str) -> str:
    from .i18n import t

    return t(f"skeleton.body.{kind}")


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


def _append_lines(path: Path, lines: list[str], outcome: Outcome) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    have = set(text.splitlines())
    missing = [line for line in lines if line not in have]
    if not missing:
        outcome.kept.append(path)
        return
    if text and not text.endswith("\n"):
        text += "\n"
    write_atomic(path, text + "".join(line + "\n" for line in missing))
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
    _append_lines(folder / ".gitignore", _GITIGNORE_LINES, out)
    _append_lines(folder / ".gitattributes", [_GITATTRIBUTES_LINE], out)
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
    from .git import in_clone

    lines.append(t("scaffold.init.git_setup" if in_clone(folder) else "scaffold.init.no_git"))
    return lines


def init_interactive(folder: Path, organisation: str | None, git: bool | None) -> list[str]:
    """`integ init`: on a terminal it asks for the organisation and offers `git init`;
    ``git`` (--git/--no-git) answers the offer for scripts. The lines to print."""
    from . import prompt
    from .git import in_clone, init_repository
    from .i18n import t

    asking = prompt.interactive()
    if organisation is None and asking and not (folder / SETTINGS_FILE).exists():
        organisation = prompt.ask(t("scaffold.ask.organisation"), optional=True)
    outcome = init(folder, organisation)
    lines: list[str] = []
    if not in_clone(folder):
        if git is None and asking:
            git = prompt.yes(t("scaffold.ask.git"))
        if git:
            lines.append(
                t(
                    "scaffold.init.git_done"
                    if init_repository(folder)
                    else "scaffold.init.git_failed"
                )
            )
    report = init_report(folder, outcome)
    return report[:-2] + lines + report[-2:]


def new_interactive(ident: str | None, name: str | None, kind: str | None) -> Path:
    """`integ new`: what is missing is asked for on a terminal (name, id, type; the type
    inferred from the id's prefix, stadt-… a town), else a usage error names the option."""
    from . import prompt
    from .i18n import t

    asking = prompt.interactive()

    def missing(option: str) -> UsageError:
        return UsageError("scaffold.missing", option=option)

    if name is None:
        if not asking:
            raise missing("--name")
        name = prompt.ask(t("scaffold.ask.name"), name_from_id(ident) if ident else None)
        assert name is not None
    check_name(name)
    if ident is None:
        if not asking:
            raise missing("ID")
        ident = prompt.ask(t("scaffold.ask.id"), id_from_name(name), check=_check_id)
        assert ident is not None
    value = municipality_type(kind) if kind is not None else type_from_id(ident)
    if kind is not None and value is None:
        raise UsageError("scaffold.bad_type", value=kind, choices=" | ".join(_type_words()))
    if value is None:
        if not asking:
            raise missing("--type")
        from .i18n import enum

        chosen = prompt.choose(
            t("scaffold.ask.type"),
            [(k, enum("municipality_type", k)) for k in MUNICIPALITY_TYPES],
            match=municipality_type,
        )
        value = chosen[0]
    from .workspace import Workspace

    return new(Workspace.open(), ident, name, value)


def _type_words() -> list[str]:
    from .i18n import enum

    return [f"{k} ({enum('municipality_type', k)})" for k in MUNICIPALITY_TYPES]


def _check_id(text: str) -> str:
    from .i18n import t

    if not re.match(SLUG_PATTERN + "$", text) or text.endswith("-"):
        raise ValueError(t("scaffold.ask.bad_id"))
    return text
