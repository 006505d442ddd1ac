"""Charts: well-formed, accessible SVG; hostile labels stay text; PNG and PDF/UA via Typst."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integ import charts
from integ.charts import Chart, format_number, indicator_chart, status_chart

SVG = "{http://www.w3.org/2000/svg}"
ORDER = ["planned", "ongoing", "completed", "permanent", "postponed", "paused", "dropped"]
LABELS = {
    "planned": "geplant",
    "ongoing": "laufend",
    "completed": "abgeschlossen",
    "permanent": "verstetigt (jetzt ein Regelangebot)",
    "postponed": "verschoben",
    "paused": "ruht",
    "dropped": "gestrichen",
}
HOSTILE = [
    "<script>alert(1)</script>",
    "Arbeit & Ausbildung",
    "]]>",
    "{=typst}",
    "#set page(width: 1pt)",
    "Zitat \"a\" 'b'",
    "<![CDATA[x]]>",
    "&amp; &#x41;",
]
ALLOWED_TAGS = {
    "svg",
    "title",
    "desc",
    "defs",
    "pattern",
    "path",
    "circle",
    "rect",
    "line",
    "polyline",
    "text",
    "g",
}


def parse(chart: Chart) -> ET.Element:
    root = ET.fromstring(chart.svg)
    assert root.tag == SVG + "svg"
    return root


def texts(root: ET.Element) -> list[str]:
    return ["".join(el.itertext()) for el in root.iter(SVG + "text")]


def segments(root: ET.Element) -> list[tuple[str, int]]:
    return [
        (g.get("data-status", ""), int(g.get("data-count", "0")))
        for g in root.iter(SVG + "g")
        if g.get("class") == "segment"
    ]


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    return struct.unpack(">II", data[16:24])


def png_chunks(data: bytes) -> dict[bytes, bytes]:
    out, at = {}, 8
    while at < len(data):
        (length,) = struct.unpack_from(">I", data, at)
        kind = data[at + 4 : at + 8]
        payload = data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack_from(">I", data, at + 8 + length)
        assert crc == zlib.crc32(kind + payload), kind
        out[kind] = payload
        at += 12 + length
    return out


def typst_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


ROWS = [
    ("Sprache", {"ongoing": 3, "planned": 1}),
    ("Bildung", {"completed": 5, "planned": 2, "dropped": 0}),
    ("Wohnen", {}),
]


# --------------------------------------------------------------------------- status chart


def test_status_chart_is_accessible_svg() -> None:
    chart = status_chart(ROWS, LABELS, ORDER)
    root = parse(chart)
    assert chart.name == "status-je-handlungsfeld"
    assert chart.title == "Maßnahmen nach Status je Handlungsfeld"
    assert root.get("role") == "img"
    assert root.findtext(SVG + "title") == chart.title
    assert root.findtext(SVG + "desc") == chart.alt
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox", ""))
    assert float(root.get("width", "0")) == chart.width_px == 600
    ids = root.get("aria-labelledby", "").split()
    assert {el.get("id") for el in root.iter() if el.get("id")} >= set(ids) and len(ids) == 2
    shown = texts(root)
    for label in ("Sprache", "Bildung", "Wohnen", "geplant", "laufend", "abgeschlossen"):
        assert label in shown
    assert {"3", "1", "5", "2", "4", "7"} <= set(shown)
    assert "keine Maßnahmen" in shown
    assert "Source Sans Pro" in root.get("font-family", "")


def test_status_alt_states_every_row_and_count_in_order() -> None:
    chart = status_chart(ROWS, LABELS, ORDER)
    assert chart.alt == (
        "Balkendiagramm der Maßnahmen nach Status je Handlungsfeld. "
        "Sprache: 1 geplant, 3 laufend. "
        "Bildung: 2 geplant, 5 abgeschlossen. "
        "Wohnen: keine Maßnahmen."
    )


def test_status_zero_counts_draw_nothing_and_order_holds() -> None:
    root = parse(status_chart(ROWS, LABELS, ORDER))
    assert segments(root) == [("planned", 1), ("ongoing", 3), ("planned", 2), ("completed", 5)]
    legend = [el for el in root.iter(SVG + "text") if el.get("class") == "legend-label"]
    assert [el.text for el in legend] == ["geplant", "laufend", "abgeschlossen"]


def test_status_never_colour_alone() -> None:
    rows = [("Feld", {key: 1 for key in ORDER})]
    root = parse(status_chart(rows, LABELS, ORDER))
    fills = []
    for g in root.iter(SVG + "g"):
        if g.get("class") == "segment":
            rects = g.findall(SVG + "rect")
            fills.append((rects[0].get("fill"), rects[1].get("fill") if len(rects) > 1 else None))
    assert len(fills) == 7
    assert len({f[0] for f in fills}) == 7, "each status has its own colour"
    patterns = [f[1] for f in fills]
    assert len(set(patterns)) == 7, "and its own pattern (one is plain)"
    assert sum(p is None or not p.startswith("url(") for p in patterns) <= 1
    defined = {p.get("id") for p in root.iter(SVG + "pattern")}
    assert {p[5:-1] for p in patterns if p and p.startswith("url(")} <= defined


def test_status_unknown_keys_and_labels_still_shown() -> None:
    chart = status_chart([("Feld", {"mystery": 2, "ongoing": 1})], {}, ["ongoing"])
    assert chart.alt.endswith("Feld: 1 ongoing, 2 mystery.")
    assert segments(parse(chart)) == [("ongoing", 1), ("mystery", 2)]


@pytest.mark.parametrize("bad", [-1, 1.5, True])
def test_status_rejects_bad_counts(bad: object) -> None:
    with pytest.raises(ValueError, match="ganze Zahl"):
        status_chart([("Feld", {"ongoing": bad})], LABELS, ORDER)  # type: ignore[dict-item]


def test_status_long_labels_wrap_and_truncate_and_height_grows() -> None:
    long = "Gesellschaftliche Teilhabe " * 12
    root = parse(status_chart([(long, {"ongoing": 1})], LABELS, ORDER))
    labels = [el.text or "" for el in root.iter(SVG + "text") if el.get("class") == "label"]
    assert len(labels) == 2 and labels[1].endswith("…")
    assert long.strip() in root.findtext(SVG + "desc", "")
    word = "Integrationsmaßnahmenkoordinierungsstellenverbund" * 3
    labels = [
        el.text or ""
        for el in parse(status_chart([(word, {"ongoing": 1})], LABELS, ORDER)).iter(SVG + "text")
        if el.get("class") == "label"
    ]
    assert len(labels) == 2 and labels[0].endswith("-") and labels[1].endswith("…")
    heights = [
        status_chart([(f"Feld {i}", {"ongoing": i}) for i in range(n)], LABELS, ORDER).height_px
        for n in (1, 5, 25)
    ]
    assert heights[0] < heights[1] < heights[2]


def test_status_empty_and_all_zero() -> None:
    empty = status_chart([], LABELS, ORDER)
    assert "Keine Handlungsfelder" in empty.alt
    parse(empty)
    zero = status_chart([("A", {"ongoing": 0})], LABELS, ORDER)
    assert zero.alt.endswith("A: keine Maßnahmen.")
    assert segments(parse(zero)) == []


def test_status_big_numbers_use_nice_axis() -> None:
    root = parse(status_chart([("A", {"ongoing": 137}), ("B", {"planned": 9})], LABELS, ORDER))
    ticks = [el.text for el in root.iter(SVG + "text") if el.get("class") == "xtick"]
    assert ticks[0] == "0" and 3 <= len(ticks) <= 6 and int(ticks[-1] or 0) >= 137


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_labels_stay_text(hostile: str) -> None:
    charts_made = [
        status_chart([(hostile, {hostile: 2, "ongoing": 1})], {hostile: hostile, **LABELS}, ORDER),
        indicator_chart(hostile, hostile, [(2023, 1.0), (2024, 2.0)], (2022, 0.5), (2027, 3.0)),
    ]
    for chart in charts_made:
        root = parse(chart)
        tags = {el.tag.removeprefix(SVG) for el in root.iter()}
        assert tags <= ALLOWED_TAGS, tags
        assert "<script" not in chart.svg and "]]>" not in chart.svg
        assert "<![CDATA[" not in chart.svg
        assert hostile in texts(root) or hostile in root.findtext(SVG + "title", "")
        assert hostile in chart.alt
        assert chart.name and re.fullmatch(r"[a-z0-9-]+", chart.name)


def test_control_characters_are_removed() -> None:
    chart = status_chart([("A\x00B\x1b[31mC\tD\nE", {"ongoing": 1})], LABELS, ORDER)
    root = parse(chart)
    assert "A\ufffdB\ufffd[31mC D E" in texts(root)


def test_colours_meet_contrast() -> None:
    status = status_chart([("F", {key: 3 for key in ORDER})], LABELS, ORDER)
    indicator = indicator_chart(
        "T", "Prozent", [(2023, 1.0), (2024, 2.0)], (2022, 0.5), (2027, 3.0)
    )
    for chart in (status, indicator):
        root = parse(chart)
        for el in root.iter(SVG + "text"):
            assert contrast(el.get("fill", "#000000"), "#FFFFFF") >= 4.5, el.get("fill")
    for colour in charts.STATUS_COLOURS:
        assert contrast(colour, "#FFFFFF") >= 4.5
    for colour in (charts.SERIES, charts.BASELINE, charts.TARGET, charts.AXIS):
        assert contrast(colour, "#FFFFFF") >= 4.5


def test_output_is_deterministic() -> None:
    assert status_chart(ROWS, LABELS, ORDER) == status_chart(ROWS, LABELS, ORDER)
    args = ("T", "Prozent", [(2023, 50.5)], (2022, 48.0), (2027, 60.0))
    assert indicator_chart(*args) == indicator_chart(*args)


# --------------------------------------------------------------------------- indicator chart


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (48, 1, "48,0"),
        (48.25, 1, "48,3"),
        (2.675, 2, "2,68"),
        (1234, 0, "1.234"),
        (12345.678, 1, "12.345,7"),
        (1234567.5, 0, "1.234.568"),
        (-1234.5, 1, "\u22121.234,5"),
        (-0.04, 1, "0,0"),
        (0, 0, "0"),
        (999.96, 1, "1.000,0"),
    ],
)
def test_format_number(value: float, decimals: int, expected: str) -> None:
    assert format_number(value, decimals) == expected


def test_indicator_chart_labels_and_alt() -> None:
    chart = indicator_chart(
        "Anteil der Kinder mit Sprachförderbedarf",
        "Prozent",
        [(2023, 50), (2024, 52), (2025, 55)],
        (2022, 48),
        (2027, 60),
    )
    root = parse(chart)
    shown = texts(root)
    assert "Ausgangswert 2022: 48" in shown
    assert "Ziel 2027: 60" in shown
    assert {"50", "52", "55", "Prozent", "2022", "2027"} <= set(shown)
    assert chart.alt == (
        "Liniendiagramm „Anteil der Kinder mit Sprachförderbedarf“, "
        "Einheit: Prozent. Ausgangswert 2022: 48. "
        "Messwerte: 2023: 50; 2024: 52; 2025: 55. Ziel 2027: 60."
    )
    assert chart.name == "anteil-der-kinder-mit-sprachfoerderbedarf"
    assert root.findtext(SVG + "desc") == chart.alt
    baseline = root.find(f"{SVG}line[@class='baseline']")
    assert baseline is not None and baseline.get("stroke-dasharray")
    ticks = [el.text for el in root.iter(SVG + "text") if el.get("class") == "ytick"]
    assert 4 <= len(ticks) <= 6


def test_indicator_decimals_and_thousands() -> None:
    chart = indicator_chart(
        "Beratungen", "Anzahl", [(2023, 12345.67), (2024, 13000.2)], (2022, 9876.5), (2027, 20000)
    )
    shown = texts(parse(chart))
    assert {"12.345,7", "13.000,2"} <= set(shown)
    assert "Ausgangswert 2022: 9.876,5" in shown and "Ziel 2027: 20.000,0" in shown
    assert "2023: 12.345,7; 2024: 13.000,2" in chart.alt
    two = indicator_chart("Quote", "Verhältnis", [(2023, 0.125)], None, None, decimals=2)
    assert "0,13" in texts(parse(two)) and "Messwert 2023: 0,13." in two.alt


@pytest.mark.parametrize(
    ("values", "baseline", "target"),
    [
        ([], None, None),
        ([], (2022, 48.0), (2027, 60.0)),
        ([], None, (2027, 60.0)),
        ([(2024, 7.0)], None, None),
        ([(2024, 0.0)], None, None),
        ([(2024, -3.0)], None, None),
        ([(2020, -3.5), (2021, -1.2), (2022, 0.8)], (2020, -3.5), (2025, 2.0)),
        (
            [(y, 1000 + (y * 37.3) % 700) for y in range(1990, 2026)],
            (1990, 1200.0),
            (2030, 12345.6),
        ),
        ([(2024, 5.0), (2022, 3.0), (2023, 4.0)], (2021, 5.0), (2021, 5.0)),
        ([(2023, 1e-6), (2024, 2e-6)], None, None),
        ([(2023, 1e9), (2024, 1e9 + 1)], None, None),
    ],
)
def test_indicator_edge_cases(
    values: list[tuple[int, float]],
    baseline: tuple[int, float] | None,
    target: tuple[int, float] | None,
) -> None:
    chart = indicator_chart("Indikator", "Einheit", values, baseline, target)
    root = parse(chart)
    assert root.findtext(SVG + "desc") == chart.alt
    if baseline:
        assert f"Ausgangswert {baseline[0]}: " in chart.alt
        assert any(t.startswith(f"Ausgangswert {baseline[0]}: ") for t in texts(root))
    if target:
        assert f"Ziel {target[0]}: " in chart.alt
        assert any(t.startswith(f"Ziel {target[0]}: ") for t in texts(root))
    for year, value in values:
        assert (
            f"{year}: {format_number(value, 1).removesuffix(',0')}" in chart.alt
            or f"{year}: {format_number(value, 1)}" in chart.alt
        )
    if not (values or baseline or target):
        assert "Noch keine Werte erfasst." in texts(root)
        assert "Noch keine Messwerte." in chart.alt
        return
    ticks = [el.text for el in root.iter(SVG + "text") if el.get("class") == "ytick"]
    assert 4 <= len(ticks) <= 6, ticks
    assert len(set(ticks)) == len(ticks), ticks
    years = [int(el.text or 0) for el in root.iter(SVG + "text") if el.get("class") == "xtick"]
    assert 1 <= len(years) <= 13 and years == sorted(years)
    height = chart.height_px
    for el in root.iter(SVG + "text"):
        assert 0 <= float(el.get("x", "0")) <= 600 and 0 <= float(el.get("y", "0")) <= height


def test_indicator_rejects_non_finite() -> None:
    with pytest.raises(ValueError):
        indicator_chart("T", "U", [(2023, float("nan"))], None, None)
    with pytest.raises(ValueError):
        indicator_chart("T", "U", [], (2023, float("inf")), None)


def test_indicator_name_is_a_safe_stem() -> None:
    assert indicator_chart("../../etc/passwd", "", [], None, None).name == "etc-passwd"
    assert indicator_chart("T", "", [], None, None, name="Z-SPR-1/Kita").name == "z-spr-1-kita"
    assert indicator_chart("###", "", [], None, None).name == "indikator"


@settings(max_examples=200, deadline=None)
@given(st.floats(-1e7, 1e7), st.floats(1e-3, 1e7), st.booleans())
def test_nice_ticks_cover_range(lo: float, span: float, integral: bool) -> None:
    if integral:
        lo, span = float(round(lo)), float(max(1, round(span)))
    hi = lo + span
    if hi == lo:
        return
    ticks = charts._nice_ticks(lo, hi, integral)
    assert 4 <= len(ticks) <= 6
    assert float(ticks[0]) <= lo and float(ticks[-1]) >= hi
    steps = {ticks[i + 1] - ticks[i] for i in range(len(ticks) - 1)}
    assert len(steps) == 1


# --------------------------------------------------------------------------- PNG and PDF


def test_to_png(tmp_path: Path) -> None:
    status = status_chart(ROWS, LABELS, ORDER)
    indicator = indicator_chart(
        "T", "Prozent", [(2023, 50.5), (2024, 52.0)], (2022, 48.0), (2027, 60.0)
    )
    for chart in (status, indicator):
        for ppi in (96, 150):
            target = tmp_path / f"{chart.name}-{ppi}.png"
            assert charts.to_png(chart, target, ppi=ppi) == target
            data = target.read_bytes()
            width, height = png_size(data)
            assert abs(width - chart.width_px * ppi / 96) <= 1.5
            assert abs(height - chart.height_px * ppi / 96) <= 1.5
            chunks = png_chunks(data)
            x, y, unit = struct.unpack(">IIB", chunks[b"pHYs"])
            assert unit == 1 and x == y == round(ppi / 0.0254)
            assert 2_000 < len(data) < 2_000_000


def test_to_png_compiles_once_and_is_reproducible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cost is bounded by the number of Typst runs, not by the clock (the time per
    chart is measured in bench/more.py): one per chart with to_png, one for all charts
    with to_pngs; and the same chart gives the same bytes."""
    import typst

    calls: list[int] = []
    real = typst.compile

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(typst, "compile", counting)
    chart = status_chart(ROWS * 5, LABELS, ORDER)
    for i in range(3):
        charts.to_png(chart, tmp_path / f"{i}.png")
    assert len(calls) == 3
    assert (tmp_path / "0.png").read_bytes() == (tmp_path / "2.png").read_bytes()
    calls.clear()
    many = [(chart, tmp_path / f"many-{i}.png") for i in range(4)]
    assert charts.to_pngs(many) == [target for _, target in many]
    assert len(calls) == 1
    assert (tmp_path / "many-3.png").read_bytes() == (tmp_path / "0.png").read_bytes()


def test_write_svg(tmp_path: Path) -> None:
    chart = status_chart(ROWS, LABELS, ORDER)
    target = charts.write_svg(chart, tmp_path / "sub" / "chart.svg")
    assert target.read_text(encoding="utf-8") == chart.svg
    ET.parse(target)


def test_svg_in_tagged_pdf(tmp_path: Path) -> None:
    import typst

    hostile = " ".join(HOSTILE)
    status = status_chart([(hostile, {"ongoing": 2})] + ROWS, LABELS, ORDER)
    indicator = indicator_chart(hostile, "Prozent", [(2023, 50.5)], (2022, 48.0), None)
    charts.write_svg(status, tmp_path / "chart.svg")
    charts.write_svg(indicator, tmp_path / "indicator.svg")
    source = (
        '#set document(title: "T")\n'
        '#set text(lang: "de")\n'
        "= Diagramme\n"
        f'#image("chart.svg", alt: {typst_str(status.alt)}, width: 100%)\n'
        f'#image("indicator.svg", alt: {typst_str(indicator.alt)}, width: 100%)\n'
    )
    (tmp_path / "main.typ").write_text(source, encoding="utf-8")
    pdf = typst.compile(
        str(tmp_path / "main.typ"),
        root=str(tmp_path),
        font_paths=[str(charts.FONT_DIR)],
        ignore_system_fonts=True,
        pdf_standards=["ua-1"],
    )
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF-")
    assert b"SourceSansPro" in pdf


def test_pdf_ua_refuses_image_without_alt(tmp_path: Path) -> None:
    """Guard for the test above: UA-1 really checks alt text, so passing means something."""
    import typst

    charts.write_svg(status_chart(ROWS, LABELS, ORDER), tmp_path / "chart.svg")
    (tmp_path / "main.typ").write_text(
        '#set document(title: "T")\n#set text(lang: "de")\n#image("chart.svg")\n', encoding="utf-8"
    )
    with pytest.raises(Exception, match="(?i)alt"):
        typst.compile(
            str(tmp_path / "main.typ"),
            root=str(tmp_path),
            font_paths=[str(charts.FONT_DIR)],
            ignore_system_fonts=True,
            pdf_standards=["ua-1"],
        )


# --------------------------------------------------------------------------- languages


def test_chart_words_follow_the_language() -> None:
    from integ.labels import Locale

    en = Locale("en")
    chart = indicator_chart(
        "Anteil", "per cent", [(2023, 12.25), (2024, 1234.5)], (2022, 10), (2027, 2000), loc=en
    )
    shown = texts(parse(chart))
    assert "Baseline 2022: 10.0" in shown and "Target 2027: 2,000.0" in shown
    assert chart.alt == (
        "Line chart “Anteil”, unit: per cent. Baseline 2022: 10.0. "
        "Values: 2023: 12.3; 2024: 1,234.5. Target 2027: 2,000.0."
    )
    assert 'xml:lang="en-GB"' in chart.svg
    bars = status_chart([("Sprache", {"ongoing": 2})], {"ongoing": "ongoing"}, ["ongoing"], loc=en)
    assert bars.title == "Measures by status per field of action"
    assert "Number of measures" in texts(parse(bars))
    assert bars.alt == "Bar chart: Measures by status per field of action. Sprache: 2 ongoing."
    german = status_chart(
        [("Sprache", {"ongoing": 2})], {"ongoing": "laufend"}, ["ongoing"], loc=Locale("de")
    )
    assert 'xml:lang="de-DE"' in german.svg and "Anzahl Maßnahmen" in texts(parse(german))


def test_charts_and_tables_round_alike() -> None:
    """12.25 was "12,2" in tables and "12,3" in charts: one rounding now."""
    from integ.labels import Locale

    de = Locale("de")
    assert de.number(12.25) == "12,3" == format_number(12.25, 1, de)
    assert de.quantity(8.5, "percent") == "8,5\u00a0%"
    assert de.quantity(8.50, "percent") == de.quantity(8.5, "percent")
    assert de.number(-0.04) == "0" and format_number(-0.04, 1, de) == "0,0"
