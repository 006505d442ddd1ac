"""The Synopse for the council: the old and the new version side by side, one row per
changed element, through the same rendering pipeline as the concept itself."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from .diffview import ConceptDiff, synopse_rows
from .errors import UsageError
from .labels import Locale, content_tag
from .markdown import escape
from .render import Options, _fill, _template_env, write_document
from .workspace import Workspace

FORMATS = {".md": "md", ".docx": "docx", ".pdf": "pdf", ".html": "html"}


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
    concepts: list[dict[str, Any]] = []
    for d in diffs:
        data = d.new or d.old
        concepts.append(
            {
                "title": str(data.get("title", d.new_path or d.old_path)),
                "municipality": str((data.get("municipality") or {}).get("name", ""))
                if isinstance(data.get("municipality"), dict)
                else "",
                "old": f"{d.old_ref} ({loc.t('label.version_of', version=d.old_version or '–')})",
                "new": f"{d.new_ref} ({loc.t('label.version_of', version=d.new_version or '–')})",
                "rows": synopse_rows(d, loc, unchanged=unchanged),
            }
        )
    ctx = {
        "L": loc.labels,
        "t": loc.t,
        "tn": loc.tn,
        "concepts": concepts,
        "today": loc.today(today),
        "organisation": str(ws.settings.get("organisation") or ""),
    }
    env, _ = _template_env(ws, None)
    md = _fill(env, "synopse.md.j2", ctx)
    first = concepts[0] if concepts else {"title": "", "municipality": ""}
    title = loc.t("label.syn_caption", title=first["title"])
    meta = {
        "title": str(escape(title)),
        "lang": content_tag(),
        "date": str(escape(loc.today(today))),
        "toc-title": loc.labels["contents"],
    }
    opts = Options(to=to, today=today, lang=loc.lang)
    with tempfile.TemporaryDirectory(prefix="integ-") as name:
        write_document(ws, md, meta, target, opts, first["municipality"], loc, Path(name))
    return target
