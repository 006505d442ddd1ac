"""The Synopse for the council: the old and the new version side by side, one row per
changed element, through the same rendering pipeline as the concept itself.

Only concepts with changes get a section, each headed by its own title and the two
versions in the council's words ("Fassung 2.0 vom 18.07.2023 → Entwurf vom
02.12.2026"). The document is titled and headed by the one concept it shows, or by the
district (else the workspace's organisation) when it shows several."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from .diffview import ConceptDiff, side_label, synopse_rows
from .errors import UsageError
from .labels import Locale, content_tag
from .markdown import escape
from .render import Options, _fill, _template_env, write_document
from .workspace import Workspace

FORMATS = {".md": "md", ".docx": "docx", ".pdf": "pdf", ".html": "html"}


def _municipality(data: dict[str, Any]) -> dict[str, Any]:
    muni = data.get("municipality")
    return muni if isinstance(muni, dict) else {}


def shown(diffs: list[ConceptDiff], loc: Locale, unchanged: bool = False) -> list[ConceptDiff]:
    """The concepts that get a section: those with a change the Synopse shows (a new
    network meeting or contact alone is none) or a side that does not parse (all of
    them with ``--unchanged``)."""
    return [d for d in diffs if unchanged or d.notes() or synopse_rows(d, loc)]


def heading(ws: Workspace, diffs: list[ConceptDiff], sections: list[ConceptDiff]) -> str:
    """Who the document is about: the one concept's municipality, else the district of
    the workspace, else its organisation."""
    if len(sections) == 1:
        data = sections[0].new or sections[0].old
        name = str(_municipality(data).get("name") or "")
        if name:
            return name
    for d in diffs:
        muni = _municipality(d.new or d.old)
        if muni.get("type") == "district" and muni.get("name"):
            return str(muni["name"])
    return str(ws.settings.get("organisation") or "")


def synopse_context(
    ws: Workspace,
    diffs: list[ConceptDiff],
    loc: Locale,
    today: dt.date,
    unchanged: bool = False,
) -> tuple[dict[str, Any], dict[str, Any], str]:
    """The template context, the document's metadata and its running header."""
    sections = shown(diffs, loc, unchanged)
    concepts = []
    for d in sections:
        data = d.new or d.old
        title = str(data.get("title") or d.new_path or d.old_path)
        old, new = side_label(d, "old", loc, today), side_label(d, "new", loc, today)
        concepts.append(
            {
                "title": title,
                "municipality": str(_municipality(data).get("name") or ""),
                "old": old,
                "new": new,
                "versions": loc.t("synopse.versions", old=old, new=new),
                "notes": d.notes(),
                "rows": synopse_rows(d, loc, unchanged=unchanged),
            }
        )
    header = heading(ws, diffs, sections)
    if len(concepts) == 1:
        title = loc.t("label.syn_caption", title=concepts[0]["title"])
        subtitle = concepts[0]["versions"]
    else:
        title = loc.t("synopse.title.several", name=header) if header else loc.t("synopse.title")
        subtitle = ""
    ctx = {
        "L": loc.labels,
        "t": loc.t,
        "tn": loc.tn,
        "concepts": concepts,
        "compared": [
            {"title": str((d.new or d.old).get("title") or d.new_path or d.old_path)} for d in diffs
        ],
        "today": loc.today(today),
        "organisation": str(ws.settings.get("organisation") or ""),
        "several": len(concepts) > 1,
    }
    meta: dict[str, Any] = {
        "title": str(escape(title)),
        "lang": content_tag(),
        "date": str(escape(loc.today(today))),
        "toc-title": loc.labels["contents"],
    }
    if subtitle:
        meta["subtitle"] = str(escape(subtitle))
    return ctx, meta, header


def write_synopse(
    ws: Workspace,
    diffs: list[ConceptDiff],
    target: Path,
    loc: Locale,
    today: dt.date,
    unchanged: bool = False,
) -> Path:
    to = FORMATS.get(target.suffix.lower())
    if to is None:
        raise UsageError(loc.t("doc.error.synopse_suffix", target=str(target)))
    ctx, meta, header = synopse_context(ws, diffs, loc, today, unchanged)
    env, _ = _template_env(ws, None)
    md = _fill(env, "synopse.md.j2", ctx)
    opts = Options(to=to, today=today, lang=loc.lang)
    with tempfile.TemporaryDirectory(prefix="integ-") as name:
        write_document(ws, md, meta, target, opts, header, loc, Path(name))
    return target
