"""Documents: the one place where templates are filled (pandoc and typst run in toolchain.py).

concept (validated) → view → Jinja template (sandboxed, escaping) → Markdown →
pandoc (pinned bundled binary, ``--sandbox``, raw formats off, integ's Lua filter) →
DOCX (with a reference document built in code or the municipality's own), HTML, or
Typst → typst (PDF/UA-1, fonts shipped in the package).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import fsio, parts, toolchain, yaml_io
from .design import Design
from .errors import IntegError, InvalidInput, UsageError
from .labels import STATUS_ORDER, Locale, content_tag, document_lang
from .markdown import Md, environment, escape
from .pdf_join import TARGET
from .toolchain import FONTS, pandoc_binary
from .validate import check_concept, severities
from .workspace import Workspace

HERE = Path(__file__).resolve().parent
FONT = "Source Sans Pro"
LUA = HERE / "filters" / "integ.lua"
FORMATS = ("docx", "pdf", "html", "md")
KINDS = ("concept", "council", "excerpt", "overview", "review")
# Markdown as integ reads it: no raw HTML/TeX/OpenXML/Typst, no citations, no TeX
# math, no YAML blocks in the body, no HTML-tag spans and divs, no attributes on code:
# text from a concept or a template stays text. Spans, fenced divs and link/image
# attributes stay on for integ's templates; concept text cannot reach them (every
# brace in it is escaped, integ.markdown) and the Lua filter drops what is not integ's.
#: the most text (characters of Markdown) a template may produce for one document; the
#: largest real concepts produce well under a tenth of it, and pandoc needs many times
#: the text's size in memory
MAX_TEXT = 20_000_000
MAX_RANGE = 100_000  # jinja2's sandbox: range() of more items is refused
READER = (
    "markdown-raw_html-raw_tex-raw_attribute-citations-tex_math_dollars"
    "-tex_math_single_backslash-yaml_metadata_block-native_divs-native_spans"
    "-inline_code_attributes-fenced_code_attributes"
)


def _t(msgid: str, /, **params: Any) -> str:
    from .i18n import t

    return t(msgid, **params)


def builtin_templates() -> Path:
    packaged = HERE / "templates"
    return packaged if packaged.is_dir() else HERE.parent / "templates"


@dataclass
class Options:
    to: str = "docx"
    kind: str = "concept"
    audience: str = "public"
    lang: str | None = None
    template: Path | None = None
    reference_doc: Path | None = None
    today: dt.date = field(default_factory=dt.date.today)
    select: dict[str, str] = field(default_factory=dict)
    proposal: str | None = None
    charts: bool = True


def _pandoc(args: list[str], source: str, reader: str = READER, filtered: bool = True) -> bytes:
    os.environ.setdefault("PYPANDOC_PANDOC", str(pandoc_binary()))
    lua = ["--lua-filter", str(LUA)] if filtered else []
    return toolchain.pandoc(["--from", reader, *lua, *args], source.encode("utf-8"))


# --------------------------------------------------------------------------- the text


def _template_env(ws: Workspace, template: Path | None) -> tuple[Any, str | None]:
    search: list[Path] = []
    single = None
    if template is not None:
        if template.is_file():
            single = template  # that one file, not its whole folder
        elif template.is_dir():
            search.append(template)
        else:
            raise UsageError(f"--template {template}: no such file or folder")
    own = ws.inside("templates", "templates")
    if own is not None and own.is_dir():
        search.append(own)
    search.append(builtin_templates())
    env = environment(search, single)
    env.loader = _confined_loader(env.loader, ws.root, [*search, *([single] if single else [])])
    return env, single.name if single else None


def _confined_loader(inner: Any, root: Path, places: list[Path]) -> Any:
    """A template loader that reads no file whose real path leaves where it was found:
    a template (or an ``{% include %}``) in the workspace that is a symbolic link to
    ``/etc/passwd`` is refused, not printed into a document."""
    from jinja2 import BaseLoader

    class Confined(BaseLoader):
        def get_source(self, environment: Any, template: str) -> Any:
            source, filename, uptodate = inner.get_source(environment, template)
            if filename:
                fsio.read_confined(Path(filename), root, "template", places)
            return source, filename, uptodate

    return Confined()


def _excerpt(
    ctx: dict[str, Any], opts: Options, concept: dict[str, Any], names: dict[str, str]
) -> dict[str, str]:
    from .rules import did_you_mean

    t = ctx["t"]
    sel = opts.select
    known = {
        "actor": set(names) | {m["lead_id"] for m in ctx["measures"]},
        "field": {f["id"] for f in ctx["fields"]},
        "municipality": {t for m in ctx["measures"] for t in m["scope"]}
        | set(ctx["places"])
        | {p for m in ctx["measures"] for p in [m["lead_id"], *m["partner_ids"]]},
    }
    for kind, value in sel.items():
        if kind == "actor":
            known["actor"] |= {p for m in ctx["measures"] for p in m["partner_ids"]}
        if value not in known.get(kind, {value}):
            raise UsageError(
                t(
                    "doc.error.select_not_found",
                    option=f"--{kind} {value}",
                    concept=concept.get("id", ""),
                )
                + did_you_mean(value, known.get(kind, set()))
            )
    if sel.get("actor"):
        name, title = names.get(sel["actor"], sel["actor"]), "label.excerpt_actor"
    elif sel.get("field"):
        name = next((f["title"] for f in ctx["fields"] if f["id"] == sel["field"]), sel["field"])
        title = "label.excerpt_field"
    else:
        town = sel.get("municipality", "")
        name = ctx["places"].get(town) or names.get(town, town)  # its name, not its id
        title = "label.excerpt_municipality"
    return {
        "title": t(title, name=name),
        "field": sel.get("field", ""),
        "intro": t(
            "label.excerpt_intro",
            title=concept.get("title", ""),
            version=concept.get("version", ""),
            name=name,
        ),
    }


def markdown_for(
    ws: Workspace,
    concept: dict[str, Any],
    opts: Options,
    picture: Callable[[Any], Md] | None = None,
    source: Path | None = None,
) -> tuple[str, dict[str, Any]]:
    """The Markdown of one document and the metadata pandoc gets with it."""
    if opts.kind == "review":  # the review report of `integ review` (integ.reviewview)
        from .reviewview import concept_report

        return concept_report(ws, source, opts, picture)
    from . import view

    lang = document_lang(opts.lang, ws.settings.get("locale"))
    registry = (
        ws.registry.data.get("actors")
        if ws.registry is not None and isinstance(ws.registry.data, dict)
        else None
    )
    from .issuer import issuer

    organisation = issuer(ws, concept)
    places = {
        str(m.get("id")): str(m.get("name"))
        for m in ws.settings.get("municipalities") or []
        if isinstance(m, dict) and m.get("id") and m.get("name")
    }
    ctx = view.build(
        concept,
        kind=opts.kind,
        audience=opts.audience,
        lang=lang,
        today=opts.today,
        organisation=organisation,
        registry=registry,
        select=opts.select or None,
        proposal=opts.proposal,
        places=places,
        linked=_goal_links(ws, concept) if opts.kind in ("concept", "excerpt") else None,
    )
    L = ctx["L"]
    loc = Locale(lang)
    title = concept.get("title", "")
    if opts.kind == "council":
        from . import council

        ctx["council"] = council.build(
            ws, concept, source, opts.today, loc, ctx, proposal=opts.proposal
        )
    names = {a["id"]: a["name"] for a in ctx["actors"]}
    ctx["excerpt"] = _excerpt(ctx, opts, concept, names) if opts.kind == "excerpt" else {}
    ctx["logo"] = ""
    logo = getattr(picture, "logo", None)
    if callable(logo):
        ctx["logo"] = logo(design_for(ws, opts, loc))
    if picture is not None and opts.charts:
        _attach_pictures(ctx, loc, picture)
    env, name = _template_env(ws, opts.template)
    text = _fill(env, name or f"{opts.kind}.md.j2", ctx)
    if opts.kind == "council":
        doc_title = loc.t("label.council_doc_title", title=title)
    elif opts.kind == "excerpt":
        doc_title = ctx["excerpt"]["title"]
    else:
        doc_title = title
    adopted = got if isinstance(got := concept.get("adopted"), dict) else {}
    subtitle = loc.t("label.version_of", version=concept.get("version", ""))
    date = loc.date(adopted.get("date")) if adopted and opts.kind == "concept" else ""
    if opts.kind in ("concept", "excerpt"):  # each fact once: the title block has them
        subtitle = loc.t(
            "worddoc.subtitle",
            version=concept.get("version", ""),
            status=ctx["concept"]["status_label"],
        )
        date = loc.t("worddoc.as_of", date=ctx["data_date"])
    meta = {
        "title": str(escape(doc_title)),
        "subtitle": str(escape(subtitle)),
        "lang": content_tag(),
        "date": str(escape(date or loc.today(opts.today))),
        "toc-title": L["contents"],
        "author": [str(escape(organisation))] if organisation else [],
    }
    if opts.kind == "council":  # a submission of one or two pages: no page per section
        meta["integ-chapter-pages"] = False
        meta["subtitle"] = str(escape(ctx["concept"]["municipality"]))
        del meta["date"]  # the header block has the date
    return text, meta


def _goal_links(ws: Workspace, concept: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Goal links between this concept and the others of the workspace (view.goal_links)."""
    from . import view

    others: dict[str, Any] = {}
    try:
        for ident in sorted(ws.concept_ids):
            data = ws.concept_data(ident)
            if isinstance(data, dict):
                others[ident] = data
    except IntegError:  # another concept that does not load: no links from it
        pass
    if isinstance(concept.get("id"), str):
        others[concept["id"]] = concept
    return view.goal_links(others)


def _fill(env: Any, name: str, ctx: dict[str, Any]) -> str:
    """Fill a template; a template's mistake becomes one clear message."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError
    from jinja2.exceptions import SecurityError, UndefinedError

    from .i18n import t

    try:
        return _bounded(env.get_template(name).generate(**ctx), name)
    except OverflowError:  # the sandbox's range() limit, or a number too large
        raise UsageError(t("files.template_range", name=name, limit=MAX_RANGE)) from None
    except (MemoryError, RecursionError):
        raise UsageError(t("files.template_memory", name=name)) from None
    except TemplateNotFound as exc:
        raise UsageError(_t("doc.error.template_not_found", name=str(exc.name))) from None
    except TemplateSyntaxError as exc:
        raise UsageError(
            f"{exc.filename or name}:{exc.lineno}: "
            + _t("doc.error.template_syntax", detail=str(exc.message))
        ) from None
    except SecurityError as exc:
        raise UsageError(_t("doc.error.template_forbidden", name=name, detail=str(exc))) from None
    except UndefinedError as exc:
        raise UsageError(_t("doc.error.template", name=name, detail=str(exc.message))) from None
    except TemplateError as exc:
        raise UsageError(_t("doc.error.template", name=name, detail=str(exc))) from None


def _bounded(chunks: Any, name: str) -> str:
    """Join what a template produces, refusing past MAX_TEXT characters: a template
    (or a concept of long aliased strings) cannot make a document without bound."""
    from .i18n import t

    out: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_TEXT:
            raise UsageError(t("files.template_too_big", name=name, limit=MAX_TEXT // 1_000_000))
        out.append(chunk)
    return "".join(out)


def _attach_pictures(ctx: dict[str, Any], loc: Locale, picture: Callable[[Any], Md]) -> None:
    from . import charts
    from .view import status_rows

    labels = {k: loc.enum("measure_status", k) for k in STATUS_ORDER}
    rows = status_rows(ctx["fields"])
    if any(r[1] for r in rows):
        ctx["pictures"]["status"] = picture(
            charts.status_chart(rows, labels, STATUS_ORDER, loc=loc)
        )
    for f in ctx["fields"]:
        for g in f["goals"]:
            for ind in g["indicators"]:
                raw = ind["raw"]
                values = [
                    (v["year"], float(v["value"]))
                    for v in raw.get("values") or []
                    if isinstance(v, dict)
                    and isinstance(v.get("year"), int)
                    and isinstance(v.get("value"), (int, float))
                ]
                base, target = raw.get("baseline"), raw.get("target")
                if not values and not base and not target:
                    continue
                chart = charts.indicator_chart(
                    ind["title"],
                    ind["unit"],
                    values,
                    _chart_anchor(base),
                    _chart_anchor(target),
                    name=f"indikator-{ind['id']}",
                    loc=loc,
                )
                ind["picture"] = picture(chart)


def _chart_anchor(a: Any) -> tuple[int, float] | None:
    """A baseline or target as the chart's (year, value), or None when incomplete."""
    if (
        isinstance(a, dict)
        and isinstance(a.get("year"), int)
        and isinstance(a.get("value"), (int, float))
    ):
        return a["year"], float(a["value"])
    return None


# --------------------------------------------------------------------------- formats


def _image(caption: str, alt: str, src: str) -> Md:
    alt_attr = alt.replace("\\", "\\\\").replace('"', '\\"')
    return Md(f'![{escape(caption)}]({src}){{alt="{alt_attr}"}}')


class _Pictures:
    """Charts for one document: files for Typst and Markdown, data URIs for Word/HTML."""

    def __init__(self, folder: Path, to: str, rel: str = "") -> None:
        self.folder, self.to, self.rel = folder, to, rel
        self.seen: dict[str, int] = {}
        self.pending: list[tuple[str, Any, Path]] = []  # Word: PNGs made in one go

    def __call__(self, chart: Any) -> Md:
        import base64

        from . import charts

        n = self.seen.get(chart.name, 0)
        self.seen[chart.name] = n + 1
        stem = chart.name if n == 0 else f"{chart.name}-{n + 1}"
        if self.to == "docx":
            token = f"integ-picture-{len(self.pending)}.png"
            self.pending.append((token, chart, self.folder / f"{stem}.png"))
            src = token
        elif self.to == "html":
            src = (
                "data:image/svg+xml;base64," + base64.b64encode(chart.svg.encode("utf-8")).decode()
            )
        else:
            charts.write_svg(chart, self.folder / f"{stem}.svg")
            src = f"{self.rel}{stem}.svg"
        return _image(chart.title, chart.alt, src)

    def logo(self, design: Design) -> Md:
        """The logo for a title page: a data URI for Word and HTML, a file otherwise."""
        if design.logo is None:
            return Md("")
        name = f"integ-logo{design.logo.suffix.lower()}"
        if self.to in ("docx", "html"):
            src = _logo_uri(design)
        else:
            import shutil

            shutil.copyfile(design.logo, self.folder / name)
            src = f"{self.rel}{name}"
        alt = design.logo_alt.replace("\\", "\\\\").replace('"', '\\"')
        return Md(f'![]({src}){{alt="{alt}" width="4cm"}}')

    def finish(self, md: str) -> str:
        """Make the pending PNGs (one typst run) and put them into the Markdown."""
        import base64

        from . import charts

        if not self.pending:
            return md
        import re

        items = [(chart, path) for _, chart, path in self.pending]
        charts.to_pngs(items, apart=parts.in_parts(md))
        paths = {token: path for token, _, path in self.pending}
        self.pending = []

        def uri(m: re.Match[str]) -> str:  # one pass over the text: linear in its size
            path = paths.pop(m.group(1), None)
            if path is None:
                return m.group(0)
            return "](data:image/png;base64," + base64.b64encode(path.read_bytes()).decode() + ")"

        return re.sub(r"\]\((integ-picture-\d+\.png)\)", uri, md)


def _typst_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _typst_preamble(
    header: str,
    loc: Locale,
    design: Design | None = None,
    logo: str | None = None,
    in_parts: bool = False,
) -> str:
    """integ's Typst settings: header and footer with "Seite x von y", fonts, colours,
    tables; ``in_parts``: a part of a larger document (integ.parts), whose page
    numbers come from the file it imports."""
    design = design or Design()
    page = loc.t("label.page_of", page="\u0000", pages="\u0001")
    before, _, rest = page.partition("\u0000")
    between, _, after = rest.partition("\u0001")
    words = f"text(size: 9pt, fill: luma(80), {_typst_string(header)})"
    if logo is not None:
        picture = (
            f"image({_typst_string(logo)}, height: 0.9cm, alt: {_typst_string(design.logo_alt)})"
        )
        head = f"grid(columns: (1fr, auto), align: (left + horizon, right + horizon), {words}, {picture})"
    else:
        head = f"align(right, {words})"
    number, count = "counter(page).get().first()", "counter(page).final().first()"
    imports = []
    if in_parts:
        number, count = "here().page() + integ-offset", "integ-total"
        imports = [f'#import "{PAGES_FILE}": integ-offset, integ-total, integ-toc']
    return "\n".join(
        [
            *imports,
            f"#set page(header: context {{ if {number} > 1 {{ {head} }} }},",
            (
                "  footer: context align(center, text(size: 9pt, "
                f"{_typst_string(before)} + str({number}) + "
                f"{_typst_string(between)} + str({count}) + "
                f"{_typst_string(after)})))"
            ),
            "#set text(hyphenate: true, font: ("
            + ", ".join(
                _typst_string(f) for f in dict.fromkeys((design.font, *toolchain.FONT_FALLBACK))
            )
            + "))",
            "#set par(justify: false)",
            f'#show heading: set text(fill: rgb("{design.colour}"))',
            (
                "#set table(stroke: 0.5pt + luma(140), inset: 5pt, "
                f'fill: (_, y) => if y == 0 {{ rgb("{design.accent}") }})'
            ),
            '#show table.cell.where(y: 0): set text(weight: "bold")',
            "#show table: set text(size: 9pt, hyphenate: false)",
            "#show figure: set block(breakable: true)",
            "#show figure.where(kind: table): set figure(supplement: none, numbering: none)",
            # the document is tagged with its content's language; the word before a
            # picture's number is the labels' ("Abbildung 1", "Figure 1")
            (
                "#show figure.where(kind: image): set figure(supplement: "
                f"{_typst_string(loc.t('label.figure_supplement'))})"
            ),
        ]
    )


def _docx(
    md: str, meta: dict[str, Any], target: Path, tmp: Path, reference: Path, design: Design
) -> None:
    meta_file = tmp / "meta.json"
    meta_file.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    chapter_pages = meta.get("integ-chapter-pages", True) is not False
    out = tmp / "out.docx"
    if parts.in_parts(md):
        _docx_in_parts(md, meta, meta_file, out, tmp, reference, design, chapter_pages)
    else:
        _pandoc(_docx_args(meta_file, reference, out), md)
        _finish_docx(out, design, chapter_pages=chapter_pages)
    data = out.read_bytes()
    if design.shipped_font:  # a font of the municipality's own is theirs to install
        from .docx_post import embed_fonts

        data = embed_fonts(data, FONT, FONTS)
    fsio.write_bytes_atomic(target, data)


def _docx_args(meta_file: Path, reference: Path, out: Path) -> list[str]:
    return [
        "--to",
        "docx",
        "--metadata-file",
        str(meta_file),
        "--reference-doc",
        str(reference),
        "--output",
        str(out),
    ]


def _read_parts(
    md: str, tmp: Path, prepare: Callable[[list[Any]], None] | None = None
) -> parts.Parts:
    """``md`` read by pandoc in parts into ``tmp`` (integ.parts)."""
    return parts.read(
        md,
        tmp,
        lambda piece: _pandoc(["--to", "json"], piece, filtered=False),
        prepare=prepare,
        size=parts.PART_TEXT,
    )


#: what pandoc's DOCX writer makes the title block of; a later part has none
_TITLE_META = ("title", "subtitle", "author", "date", "abstract")


def _docx_in_parts(
    md: str,
    meta: dict[str, Any],
    meta_file: Path,
    out: Path,
    tmp: Path,
    reference: Path,
    design: Design,
    chapter_pages: bool,
) -> None:
    """A DOCX of a large document made in parts (integ.parts), each written by pandoc
    and finished on its own, then joined (docx_join); the first part's table of
    contents lists the headings of all parts, and the parts after the one where the
    landscape pages begin are landscape throughout."""
    from . import docx_join

    doc = _read_parts(md, tmp)
    later_meta = tmp / "meta-later.json"
    later = {k: v for k, v in meta.items() if k not in _TITLE_META}
    later_meta.write_text(json.dumps(later, ensure_ascii=False), encoding="utf-8")
    files: list[Path] = []
    landscape = False
    more: list[tuple[int, str, str]] = []
    for number, path in enumerate(doc.files):
        part = tmp / f"part-{number:04d}.docx"
        job: dict[str, Any] = {
            "ast": str(path),
            "meta": str(meta_file if number == 0 else later_meta),
            "reference": str(reference),
            "out": str(part),
            "font": design.font,
            "chapter_pages": chapter_pages,
            "landscape": landscape,
        }
        if number == 0:
            _docx_part(**{**job, "finish": False})
        else:
            found, marked = toolchain.python_apart("integ.render:_docx_part", job)
            more.extend((level, text, mark) for level, text, mark in found)
            landscape = landscape or marked
        landscape = landscape or (number == 0 and '["querformat"]' in path.read_text("utf-8"))
        path.unlink()
        files.append(part)
    _finish_docx(files[0], design, chapter_pages, more=more)
    docx_join.join(files, out)


def _docx_part(
    ast: str,
    meta: str,
    reference: str,
    out: str,
    font: str,
    chapter_pages: bool,
    landscape: bool,
    finish: bool = True,
) -> tuple[list[tuple[int, str, str]], bool]:
    """One later part of a large DOCX (run apart, toolchain.python_apart): written by
    pandoc and finished; its headings for the contents, and whether the landscape
    pages begin in it."""
    source = Path(ast).read_text(encoding="utf-8")
    _pandoc(_docx_args(Path(meta), Path(reference), Path(out)), source, reader="json")
    if not finish:
        return [], False
    entries = _finish_docx(
        Path(out), Design(font=font), chapter_pages, first=False, landscape=landscape
    )
    return entries, '["querformat"]' in source


def _finish_docx(
    path: Path,
    design: Design | None = None,
    chapter_pages: bool = True,
    first: bool = True,
    landscape: bool = False,
    more: list[tuple[int, str, str]] | None = None,
) -> list[tuple[int, str, str]]:
    """Turn integ's landscape marker into a real section break, keep marked blocks on
    one page, fill the table of contents and fit the tables' columns (docx_post);
    without ``chapter_pages`` (a council submission) no Heading 1 starts a new page,
    whatever the reference document says.

    For a document in parts (integ.parts): a part after the ``first`` has no table of
    contents, header or settings of its own (the first's are kept); ``landscape``: it
    lies wholly in the landscape pages; ``more``: the headings of the later parts, for
    the first's table of contents. Returns the part's headings for the contents."""
    import copy

    from docx import Document
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    from . import docx_post

    doc = Document(str(path))
    body = doc.element.body
    final = body.find(qn("w:sectPr"))
    for mark in body.iter(qn("w:bookmarkStart")):
        if landscape or mark.get(qn("w:name")) != "integ_querformat" or final is None:
            continue
        para = mark.getparent()
        ppr = para.find(qn("w:pPr"))
        if ppr is None:
            ppr = OxmlElement("w:pPr")
            para.insert(0, ppr)
        ppr.append(copy.deepcopy(final))  # ends the portrait section here
        landscape = True
        break
    size = final.find(qn("w:pgSz")) if final is not None and landscape else None
    if size is not None:
        w, h = size.get(qn("w:w")), size.get(qn("w:h"))
        size.set(qn("w:w"), h)
        size.set(qn("w:h"), w)
        size.set(qn("w:orient"), "landscape")
    if not chapter_pages:
        _no_page_breaks(body, qn, OxmlElement)
        _compact_title(body, qn, OxmlElement)
    docx_post.keep_blocks_together(body)
    # another font than the shipped one: its letters are measured a little wider
    scale = 1.0 if design is None or design.shipped_font else 1.12
    docx_post.fit_tables(body, _body_points(doc) * scale)
    if not first:
        doc.save(str(path))
        return docx_post.toc_entries(body)
    docx_post.toc_styles(doc.styles.element)
    docx_post.fill_toc(body, more=more)
    if design is not None and design.logo is not None:
        docx_post.header_logo(doc, design.logo, design.logo_alt)
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is None:  # Word adds the page numbers
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)
    doc.save(str(path))
    return []


def _no_page_breaks(body: Any, qn: Any, element: Any) -> None:
    """``w:pageBreakBefore w:val=0`` on every Heading 1 paragraph (in schema order,
    after pStyle, keepNext and keepLines)."""
    for ppr in body.iter(qn("w:pPr")):
        style = ppr.find(qn("w:pStyle"))
        if style is None or style.get(qn("w:val")) != "Heading1":
            continue
        old = ppr.find(qn("w:pageBreakBefore"))
        if old is not None:
            ppr.remove(old)
        off = element("w:pageBreakBefore")
        off.set(qn("w:val"), "0")
        before = [ppr.find(qn(f"w:{t}")) for t in ("pStyle", "keepNext", "keepLines")]
        last = [b for b in before if b is not None][-1]
        last.addnext(off)


#: a council submission's title block: style -> size in half points
_COMPACT_TITLE = {"Title": 36, "Subtitle": 26, "Author": 22, "Date": 22}


def _compact_title(body: Any, qn: Any, element: Any) -> None:
    """The title block of a submission as a heading, not a title page: smaller type,
    little space (paragraph and run properties over the reference document's styles)."""
    for para in body.iter(qn("w:p")):
        ppr = para.find(qn("w:pPr"))
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        size = _COMPACT_TITLE.get(style.get(qn("w:val")) if style is not None else "")
        if size is None or ppr is None or style is None:
            continue
        spacing = element("w:spacing")
        spacing.set(qn("w:before"), "0")
        spacing.set(qn("w:after"), "80")
        ppr.append(spacing)
        for run in para.iter(qn("w:r")):
            rpr = run.find(qn("w:rPr"))
            if rpr is None:
                rpr = element("w:rPr")
                run.insert(0, rpr)
            for tag in ("w:sz", "w:szCs"):
                el = element(tag)
                el.set(qn("w:val"), str(size))
                rpr.append(el)


def _body_points(doc: Any) -> float:
    """The size of table text (the Compact style, on Body Text, on Normal, on the
    document defaults) in points; 11 if none is set."""
    from docx.oxml.ns import qn

    by_id = {s.style_id: s.element for s in doc.styles}
    chain = [by_id.get(i) for i in ("Compact", "BodyText", "Normal")]
    defaults = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    for rpr in [*(e.find(qn("w:rPr")) for e in chain if e is not None), defaults]:
        size = rpr.find(qn("w:sz")) if rpr is not None else None
        value = size.get(qn("w:val")) if size is not None else None
        if value and value.isdigit():
            return int(value) / 2
    return 11.0


def _logo_uri(design: Design) -> str:
    import base64

    from .design import LOGO_TYPES

    assert design.logo is not None
    kind = LOGO_TYPES[design.logo.suffix.lower()]
    return f"data:{kind};base64," + base64.b64encode(design.logo.read_bytes()).decode()


def _html(md: str, meta: dict[str, Any], target: Path, tmp: Path, design: Design) -> None:
    import html

    meta_file = tmp / "meta.json"
    meta_file.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    css = (
        f"<style>body{{font-family:'{design.font}','Source Sans Pro',Arial,sans-serif;"
        "max-width:60em;margin:2em auto;padding:0 1em;line-height:1.5;color:#1a1a1a}"
        f"h1,h2,h3{{color:#{design.colour}}}table{{border-collapse:collapse;margin:1em 0}}"
        "th,td{border:1px solid #8c8c8c;padding:.3em .5em;vertical-align:top}"
        f"th{{background:#{design.accent}}}img{{max-width:100%}}figure{{margin:1em 0}}"
        ".integ-kopf{display:flex;justify-content:flex-end}.integ-kopf img{height:3em}"
        "</style>"
    )
    args = ["--to", "html5", "--standalone", "--metadata-file", str(meta_file)]
    args += ["--variable", f"header-includes={css}", "--section-divs"]
    if parts.in_parts(md):
        out = _html_in_parts(md, meta, args, tmp)
    else:
        out = _pandoc([*args, "--toc", "--toc-depth=2"], md).decode("utf-8")
    # the page's landmarks: the logo as a banner, everything else the main content
    banner = ""
    if design.logo is not None:
        banner = (
            f'<header class="integ-kopf"><img src="{_logo_uri(design)}" '
            f'alt="{html.escape(design.logo_alt, quote=True)}"></header>\n'
        )
    start = out.find("<body>")
    end = out.rfind("</body>")
    if start >= 0 and end > start:
        start += len("<body>")
        out = out[:start] + "\n" + banner + "<main>" + out[start:end] + "</main>\n" + out[end:]
    fsio.write_bytes_atomic(target, out.encode("utf-8"))


#: where the body goes into the page pandoc makes around a document in parts
_BODY_MARK = "integ-dokumentkoerper"


def _html_in_parts(md: str, meta: dict[str, Any], args: list[str], tmp: Path) -> str:
    """A large HTML page (integ.parts): each part's body written by pandoc, the page
    around it made from an empty document, the contents (pandoc's ``--toc``, which sees
    one part only) from the headings of all parts."""
    import html

    doc = _read_parts(md, tmp)
    page = _pandoc(args, _BODY_MARK).decode("utf-8")
    bodies = []
    for path in doc.files:
        body = _pandoc(["--to", "html5", "--section-divs"], path.read_text("utf-8"), reader="json")
        bodies.append(body.decode("utf-8"))
        path.unlink()
    title = html.escape(str(meta.get("toc-title") or ""))
    toc = [f'<nav id="TOC" role="doc-toc">\n<h2 id="toc-title">{title}</h2>\n<ul>']
    level = 1
    for h in doc.headings:
        if h.level > 2 or "unlisted" in h.classes or not h.ident:
            continue
        if h.level > level:
            toc[-1] = toc[-1].removesuffix("</li>") + "\n<ul>"
        elif h.level < level:
            toc.append("</ul>\n</li>")
        level = h.level
        ident = html.escape(f"abschnitt-{h.ident}", quote=True)
        toc.append(f'<li><a href="#{ident}" id="toc-{ident}">{html.escape(h.text)}</a></li>')
    toc.append("</ul>\n</li>" * (level - 1) + "</ul>\n</nav>")
    mark = f"<p>{_BODY_MARK}</p>"
    at = page.find(mark)
    if at < 0:
        raise IntegError(_t("doc.error.pandoc", detail="html"))
    return page[:at] + "\n".join(toc) + "\n" + "".join(bodies) + page[at + len(mark) :]


def _pdf(
    md: str,
    meta: dict[str, Any],
    target: Path,
    tmp: Path,
    loc: Locale,
    header: str,
    today: dt.date,
    design: Design | None = None,
) -> None:
    import shutil

    design = design or Design()
    logo = None
    if design.logo is not None:
        logo = f"integ-logo{design.logo.suffix.lower()}"
        shutil.copyfile(design.logo, tmp / logo)
    meta = {
        **meta,
        "papersize": "a4",
        "fontsize": "11pt",
        "margin": {"x": "2.3cm", "y": "2.5cm"},
    }
    # a character no shipped font has would stop PDF/UA-1: it becomes U+FFFD
    md, header = toolchain.displayable(md)[0], toolchain.displayable(header)[0]
    meta_file = tmp / "meta.json"
    meta_text = toolchain.displayable(json.dumps(meta, ensure_ascii=False))[0]
    meta_file.write_text(meta_text, encoding="utf-8")
    from .docx_post import fit_pandoc_tables

    def widths(blocks: list[Any]) -> None:
        # columns as wide as their widest word (9 pt table text, 5 pt inset, A4 with
        # margins of 2.3 cm: 16.4 cm upright, 25.1 cm across)
        fit_pandoc_tables(blocks, 16.4 / 2.54 * 72, 25.1 / 2.54 * 72, 9.0, 12.0)

    stamp = int(dt.datetime.combine(today, dt.time(12)).timestamp())
    options: dict[str, Any] = {
        "root": str(tmp),
        "ignore_system_fonts": design.shipped_font,
        "pdf_standards": ["ua-1"],
        "timestamp": stamp,
    }
    if parts.in_parts(md):
        pdf = _pdf_in_parts(md, meta, meta_file, tmp, loc, header, design, logo, widths, options)
    else:
        ast = json.loads(_pandoc(["--to", "json"], md, filtered=False))
        widths(ast["blocks"])
        source = _typst_standalone(json.dumps(ast), meta_file, header, loc, design, logo)
        typ = tmp / "document.typ"
        typ.write_bytes(source)
        made = toolchain.typst_compile(str(typ), **options)
        assert isinstance(made, bytes)
        pdf = made
    fsio.write_bytes_atomic(target, pdf)


def _typst_standalone(
    ast: str,
    meta_file: Path,
    header: str,
    loc: Locale,
    design: Design,
    logo: str | None,
    in_parts: bool = False,
) -> bytes:
    """pandoc's whole Typst document for ``ast`` (JSON), with integ's preamble."""
    source = _pandoc(
        [
            "--to",
            "typst",
            "--standalone",
            "--metadata-file",
            str(meta_file),
            "--variable",
            f"header-includes={_typst_preamble(header, loc, design, logo, in_parts)}",
        ],
        ast,
        reader="json",
    )
    # pandoc's Typst template justifies paragraphs; narrow table cells read badly so
    # (only the template's, which comes before any text of the concept)
    return source.replace(b"justify: true", b"justify: false", 1)


#: what a part's Typst document imports: its first page's number, the document's
#: page count and the table of contents (integ.parts; rewritten before each compile)
PAGES_FILE = "integ-seiten.typ"
#: where pandoc's Typst template starts setting the document (title block and body)
_CONF = b"\n#show: doc => conf("


def _pdf_in_parts(
    md: str,
    meta: dict[str, Any],
    meta_file: Path,
    tmp: Path,
    loc: Locale,
    header: str,
    design: Design,
    logo: str | None,
    widths: Callable[[list[Any]], None],
    options: dict[str, Any],
) -> bytes:
    """A PDF of a large document made in parts (integ.parts) and joined (pdf_join):
    each part is compiled on its own, twice — first to learn how many pages each part
    has and where each heading lands, then with the right page numbers, the page
    count and the table of contents."""
    from . import pdf_join

    doc = _read_parts(md, tmp, widths)
    toc_title = str(meta.get("toc-title") or loc.labels["contents"])
    lang, _, region = str(meta.get("lang", loc.lang)).partition("-")
    files: list[Path] = []
    prefix = b""
    for number, path in enumerate(doc.files):
        ast = json.loads(path.read_text(encoding="utf-8"))
        if number == 0:
            ast["blocks"] = _own_toc(ast["blocks"])
            source = _typst_standalone(json.dumps(ast), meta_file, header, loc, design, logo, True)
            prefix = source[: source.index(_CONF)] if _CONF in source else source
        else:
            body = _pandoc(
                ["--to", "typst", "--lua-filter", str(LUA)],
                json.dumps(ast),
                reader="json",
                filtered=False,
            )
            source = (
                prefix + _part_settings(str(meta.get("title") or toc_title), lang, region) + body
            )
        typ = tmp / f"part-{number:04d}.typ"
        typ.write_bytes(source)
        files.append(typ)
        path.unlink()
    listed = [h for h in doc.headings if h.level <= 2 and "unlisted" not in h.classes]
    page_of: dict[str, int] = {}
    counts: list[int] = []
    made: list[bytes] = []
    for _ in range(3):  # the second pass has every number; a third only if pages moved
        total = sum(counts)
        before = 0
        made, found, pages = [], {}, []
        for number, typ in enumerate(files):
            (tmp / PAGES_FILE).write_text(
                _pages_file(before, total, toc_title, listed, page_of), encoding="utf-8"
            )
            # PDF/UA-1 is checked on the first part, which begins the heading levels;
            # the later ones are tagged the same (typst tags every PDF), and they
            # may begin below level 1, which UA-1 refuses for a whole document
            kept = options if number == 0 else {**options, "pdf_standards": []}
            made_file = typ.with_suffix(".pdf")
            toolchain.typst_compile_apart(str(typ), made_file, **kept)
            pdf = made_file.read_bytes()
            count, targets = pdf_join.page_counts_and_targets(pdf)
            found.update({label: before + index + 1 for label, index in targets.items()})
            made.append(pdf)
            pages.append(count)
            before += count
        if pages == counts and found == page_of:
            break
        counts, page_of = pages, found
    marks = [
        pdf_join.Mark(h.level, h.text, f"abschnitt-{h.ident}")
        for h in doc.headings
        if h.ident and "unlisted" not in h.classes
    ]
    joined = tmp / "joined.pdf"
    pdf_join.join(made, joined, marks)
    return joined.read_bytes()


def _own_toc(blocks: list[Any]) -> list[Any]:
    """The blocks with the table of contents div as integ's own Typst contents
    (typst's outline sees only the headings of its own part)."""
    out: list[Any] = []
    for block in blocks:
        if block.get("t") == "Div" and "inhaltsverzeichnis" in block["c"][0][1]:
            out.append({"t": "RawBlock", "c": ["typst", "#pagebreak(weak: true)\n#integ-toc"]})
        elif block.get("t") == "Div":
            out.append({"t": "Div", "c": [block["c"][0], _own_toc(block["c"][1])]})
        else:
            out.append(block)
    return out


def _part_settings(title: str, lang: str, region: str) -> bytes:
    """What pandoc's template sets for the whole document, for a part after the
    first (which has the title block): page, paragraphs, language."""
    lines = [
        f"#set document(title: {_typst_string(title)})",
        '#set page(paper: "a4", margin: (x: 2.3cm, y: 2.5cm), numbering: "1", columns: 1)',
        "#set par(justify: false, leading: 0.65em)",
        f"#set text(lang: {_typst_string(lang)}, region: {_typst_string(region or lang.upper())}, size: 11pt)",
        "",
    ]
    return "\n".join(lines).encode("utf-8")


def _pages_file(
    before: int, total: int, title: str, listed: list[parts.Heading], page_of: dict[str, int]
) -> str:
    """The Typst a part imports: ``integ-offset`` (pages before it), ``integ-total``
    and ``integ-toc``, the contents with links to headings in any part (pdf_join
    turns the ``integ-ziel:`` links into links to the named destination)."""
    entries = []
    for h in listed:
        label = f"abschnitt-{h.ident}"
        page = page_of.get(label, 0)
        entries.append(
            f"  integ-toc-entry({h.level}, {_typst_string(h.text)}, "
            f"{_typst_string(TARGET + label)}, {_typst_string(str(page) if page else '')})"
        )
    return "\n".join(
        [
            f"#let integ-offset = {before}",
            f"#let integ-total = {total}",
            # as typst's outline sets an entry; the number in a box of its own width,
            # so that the lines break alike in both passes
            "#let integ-toc-entry(level, body, dest, page) = block(above: 0.65em, below: 0pt,",
            "  inset: (left: (level - 1) * 1em),",
            "  link(dest)[#body #box(width: 1fr, repeat(gap: 0.15em)[.]) #box(width: 1.8em, align(right, page))])",
            "#let integ-toc = {",
            f"  heading(outlined: false, bookmarked: false, numbering: none, {_typst_string(title)})",
            *entries,
            "}",
            "",
        ]
    )


# --------------------------------------------------------------------------- one, many


def check_renderable(doc: yaml_io.Document, ws: Workspace, today: dt.date) -> None:
    findings = check_concept(doc, ws, today, severities(ws))
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        first = errors[0]
        from .i18n import t, tn

        more = tn("doc.error.more_errors", len(errors) - 1) if len(errors) > 1 else ""
        raise IntegError(
            f"{doc.display}:{first.line}:{first.column}: {first.message}{more}"
            + t("doc.error.fix_first", command=f"integ validate {doc.display}"),
        ) from None


InvalidConcept = InvalidInput


def render_file(ws: Workspace, path: Path, target: Path, opts: Options) -> Path:
    """Render one concept file into ``target``."""
    doc = yaml_io.load(path, str(path))
    try:
        check_renderable(doc, ws, opts.today)
    except IntegError as exc:
        raise InvalidConcept(str(exc)) from None
    concept = doc.data
    loc = Locale(document_lang(opts.lang, ws.settings.get("locale")))
    with tempfile.TemporaryDirectory(prefix="integ-") as name:
        tmp = Path(name)
        if opts.to == "md":
            folder = target.parent / f"{target.stem}_bilder"
            pictures = _Pictures(tmp, "md", rel=f"{folder.name}/")
        else:
            pictures = _Pictures(tmp, opts.to)
        md, meta = markdown_for(ws, concept, opts, pictures, source=path)
        md = pictures.finish(md)
        header = (
            str((concept.get("municipality") or {}).get("name", ""))
            if isinstance(concept.get("municipality"), dict)
            else ""
        )
        del doc, concept  # the concept is in the text now: its memory is for pandoc's parts
        write_document(ws, md, meta, target, opts, header, loc, tmp)
    return target


def write_document(
    ws: Workspace,
    md: str,
    meta: dict[str, Any],
    target: Path,
    opts: Options,
    header: str,
    loc: Locale,
    tmp: Path,
) -> None:
    """Markdown (and pictures in ``tmp``) to the file ``target`` in ``opts.to``."""
    fsio.confined(target)  # no folder is made through a link out of the workspace
    target.parent.mkdir(parents=True, exist_ok=True)
    if opts.to == "md":
        front = "---\n" + json.dumps(meta, ensure_ascii=False, indent=1) + "\n---\n\n"
        fsio.write_atomic(target, front + md)
        svgs = sorted([*tmp.glob("*.svg"), *tmp.glob("integ-logo.*")])
        if svgs:
            folder = target.parent / f"{target.stem}_bilder"
            folder.mkdir(exist_ok=True)
            for svg in svgs:
                fsio.write_bytes_atomic(folder / svg.name, svg.read_bytes())
    elif opts.to == "docx":
        design = design_for(ws, opts, loc)
        _docx(md, meta, target, tmp, _reference(ws, opts, tmp, header, loc, design), design)
    elif opts.to == "html":
        _html(md, meta, target, tmp, design_for(ws, opts, loc))
    else:
        _pdf(md, meta, target, tmp, loc, header, opts.today, design_for(ws, opts, loc))


def _user_reference(ws: Workspace, opts: Options) -> Path | None:
    """The municipality's own Word reference (``--reference-doc``, ``reference_docx``)."""
    if opts.reference_doc is not None:
        if not opts.reference_doc.is_file():
            raise UsageError(f"--reference-doc {opts.reference_doc}: no such file")
        fsio.read_confined(opts.reference_doc, ws.root, "reference")
        return _checked_reference(opts.reference_doc)
    own = ws.settings.get("reference_docx")
    if isinstance(own, str) and own:
        path = ws.inside("reference_docx", own)
        if path is None and os.path.lexists(ws.root / own):
            fsio.read_confined(ws.root / own, ws.root, "reference")
        if path is None or not path.is_file():
            raise UsageError(f"integ.yaml: reference_docx {own} does not exist in the workspace")
        return _checked_reference(path)
    return None


def design_for(ws: Workspace, opts: Options, loc: Locale) -> Design:
    """Font, colours and logo of the documents (integ.design)."""
    from .design import resolve

    organisation = str(ws.settings.get("organisation") or "")
    alt = (
        loc.t("worddoc.logo_alt", organisation=organisation)
        if organisation
        else loc.t("worddoc.logo_alt_plain")
    )
    return resolve(ws.settings, ws.root, _user_reference(ws, opts), alt)


def _reference(
    ws: Workspace, opts: Options, tmp: Path, header: str, loc: Locale, design: Design
) -> Path:
    own = _user_reference(ws, opts)
    if own is not None:
        return own
    from .docx_reference import build_reference_docx

    return build_reference_docx(
        tmp / "reference.docx",
        header=header,
        lang=content_tag(),
        font=design.font,
        footer_label=(loc.labels["page"], loc.labels["of"]),
        colour=design.colour,
        accent=design.accent,
    )


def _concerns(path: Path, select: dict[str, str]) -> bool:
    """Whether an excerpt's actor, field or municipality appears in a concept."""
    data = yaml_io.load(path).data
    if not isinstance(data, dict):
        return True  # rendering it will say what is wrong
    measures = [m for m in data.get("measures") or [] if isinstance(m, dict)]
    if "actor" in select:
        return any(
            select["actor"] == m.get("lead") or select["actor"] in (m.get("partners") or [])
            for m in measures
        )
    if "field" in select:
        return any(
            isinstance(f, dict) and f.get("id") == select["field"] for f in data.get("fields") or []
        )
    return any(select.get("municipality") in (m.get("scope") or []) for m in measures)


def _checked_reference(path: Path) -> Path:
    """A reference document must be a Word file (pandoc takes only its styles)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            if "word/styles.xml" in z.namelist():
                return path
    except (zipfile.BadZipFile, OSError):
        pass
    raise UsageError(
        f"{path} is not a Word document (.docx); the reference document "
        "gives the styles of the corporate design"
    )


def output_name(concept_id: str, opts: Options) -> str:
    suffix = {
        "concept": "",
        "council": "-beschlussvorlage",
        "excerpt": "-auszug",
        "review": "-bericht",
    }[opts.kind]
    return f"{concept_id}{suffix}.{opts.to}"


def _job(args: tuple[Workspace, Path, Path, Options]) -> Path:
    return render_file(*args)


def render(
    ws: Workspace,
    paths: list[Path],
    output: Path | None,
    opts: Options,
    progress: Callable[[int, int, Path], None] | None = None,
) -> list[Path]:
    """Render every concept that ``paths`` mean; several go into a folder, on every core."""
    if opts.to not in FORMATS:
        raise UsageError(_t("doc.error.to", formats=list(FORMATS)))
    if opts.kind == "overview":
        from .overview import write_overview

        target = output or Path.cwd() / f"ueberblick.{opts.to}"
        if target.is_dir():
            target = target / f"ueberblick.{opts.to}"
        return [write_overview(ws, target, opts)]
    files = [p for p in ws.targets(paths) if not ws.is_special(p)]
    if not files:
        raise UsageError(_t("doc.error.nothing_to_render"))
    if opts.kind == "excerpt" and len(files) > 1:  # only the concepts it concerns
        files = [p for p in files if _concerns(p, opts.select)]
        if not files:
            raise UsageError(
                _t(
                    "doc.error.no_concept_concerns",
                    options=[f"--{k} {v}" for k, v in opts.select.items()],
                )
            )
    several = len(files) > 1
    if several and output is not None and output.suffix and not output.is_dir():
        raise UsageError(_t("doc.error.several_into_folder", output=str(output), n=len(files)))
    if several or (output is not None and (output.is_dir() or output.suffix == "")):
        folder = output or Path.cwd()
        fsio.confined(folder / "x")
        folder.mkdir(parents=True, exist_ok=True)
        jobs = [(ws, p, folder / output_name(p.stem, opts), opts) for p in files]
    else:
        target = output or Path.cwd() / output_name(files[0].stem, opts)
        if target.suffix.lstrip(".") != opts.to:
            raise UsageError(_t("doc.error.suffix", target=str(target), to=opts.to))
        jobs = [(ws, files[0], target, opts)]
    from .parallel import imap

    done: list[Path] = []
    # more than two documents go to the one worker pool; typst keeps memory per
    # document, so a worker is replaced after a few
    for i, path in enumerate(imap(_job, jobs, parallel=len(jobs) > 2, max_tasks_per_child=3), 1):
        done.append(path)
        if progress:
            progress(i, len(jobs), path)
    return done
