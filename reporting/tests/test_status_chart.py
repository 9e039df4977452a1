"""The one status chart model (reporting/documents/charts.py): the portal's palette, read from portal.css, in
the Word picture, the PDF's chart and the portal's SVG."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from PIL import Image

from places.figures import StatusMatrix, StatusRow
from portal.charts import status_chart
from programmes.models import ProjectStatus
from reporting.documents import charts
from reporting.documents.charts import StatusChart, status_palette

PORTAL_CSS = Path(__file__).resolve().parents[2] / "portal/static/portal/portal.css"
ROWS = [
    {"key": "completed", "label": "abgeschlossen", "count": 42},
    {"key": "in_progress", "label": "in Umsetzung", "count": 16},
    {"key": "not_pursued", "label": "nicht weiter verfolgt", "count": 3},
]


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def test_the_palette_is_the_portals():
    css = PORTAL_CSS.read_text(encoding="utf-8")
    palette = status_palette()
    assert set(palette) == set(ProjectStatus.values)
    for code, colour in palette.items():
        assert re.search(rf"--rm-status-{code}:\s*{colour}\s*;", css, re.IGNORECASE), code


def test_a_stylesheet_without_a_status_colour_is_refused(tmp_path, monkeypatch):
    css = tmp_path / "portal.css"
    css.write_text(":root { --rm-status-completed: #1e6b52; }\n", encoding="utf-8")
    monkeypatch.setattr(charts.finders, "find", lambda _path: str(css))
    status_palette.cache_clear()
    try:
        with pytest.raises(ImproperlyConfigured, match="in_progress"):
            status_palette()
    finally:
        status_palette.cache_clear()


def test_the_word_picture_draws_each_bar_in_its_status_colour():
    chart = StatusChart.by_status(ROWS)
    image = Image.open(io.BytesIO(chart.png())).convert("RGB")
    # bars start at x=300, are 44 px high and 64 px apart (10 px margin); sample each bar's middle
    for index, row in enumerate(ROWS):
        assert _hex(image.getpixel((302, 10 + index * 64 + 22))) == status_palette()[row["key"]], row["key"]
    # the longest bar is the largest count: its right end is further right than the others'
    widths = [
        sum(1 for x in range(300, image.width) if image.getpixel((x, 32 + i * 64)) != (255, 255, 255)) for i in range(3)
    ]
    assert widths[0] > widths[1] > widths[2]


def test_the_pdf_gets_the_bars_and_the_palette_from_the_same_model():
    typst = StatusChart.by_status(ROWS).for_typst()
    assert [(b["key"], b["count"], b["colour"]) for b in typst["bars"]] == [
        (r["key"], r["count"], status_palette()[r["key"]]) for r in ROWS
    ]
    assert typst["palette"] == status_palette()


def test_the_portal_chart_is_built_from_the_model():
    statuses = [("completed", "abgeschlossen"), ("in_progress", "in Umsetzung"), ("not_pursued", "nicht verfolgt")]
    matrix = StatusMatrix(
        statuses=statuses,
        rows=[StatusRow("Wirtschaft", "/w", [2, 0, 1], 3), StatusRow("Energie", "/e", [0, 4, 0], 4)],
        totals=[2, 4, 1],
        total=7,
    )
    chart = status_chart(matrix)
    model = StatusChart.stacked(
        statuses, [("Alle Projekte", [2, 4, 1]), ("Wirtschaft", [2, 0, 1]), ("Energie", [0, 4, 0])]
    )
    assert [[(s.code, s.count) for s in bar.segments] for bar in chart["bars"]] == [
        [(s.code, s.count) for s in bar.segments] for bar in model.bars
    ]
    assert [b.label for b in chart["bars"]] == ["Alle Projekte (7)", "Wirtschaft (3)", "Energie (4)"]
    # no empty segment, and the widths add up to the bar's share of the widest bar
    assert [s.code for s in chart["bars"][2].segments] == ["in_progress"]
    assert chart["bars"][0].segments[-1].x + chart["bars"][0].segments[-1].width == pytest.approx(
        chart["width"], abs=0.2
    )


def test_badge_text_on_every_status_colour_reads_at_4_5_to_1():
    from reporting.documents.charts import BLACK, WHITE, contrast, text_on

    assert contrast(WHITE, BLACK) == 21 and contrast("#777777", "#777777") == 1
    assert text_on("#1a3da5") == WHITE and text_on("#f2f2f2") == BLACK
    typst = StatusChart.by_status(ROWS).for_typst()
    for code, colour in typst["palette"].items():
        assert contrast(typst["text_on"][code], colour) >= 4.5, code


def test_the_portal_prints_each_count_readably_on_its_segment():
    """The counts on the portal's bars: white where it reaches 4.5:1 on the status colour, else black (the class
    rm-seg-label--dark); white on the light green of "fortgeführt" read at 3.4:1."""
    from django.template.loader import render_to_string

    from reporting.documents.charts import BLACK, WHITE, contrast

    palette = status_palette()
    codes = list(palette)
    matrix = StatusMatrix(
        statuses=[(code, code) for code in codes], rows=[], totals=[5] * len(codes), total=5 * len(codes)
    )
    svg = render_to_string("portal/includes/status_chart.html", {"chart": status_chart(matrix)})
    labels = re.findall(
        r'<rect class="rm-seg rm-seg--([a-z_]+)".*?<text class="rm-seg-label( rm-seg-label--dark)?"', svg
    )
    assert {code for code, _dark in labels} == set(codes)
    for code, dark in labels:
        assert contrast(BLACK if dark else WHITE, palette[code]) >= 4.5, code
    assert any(dark for _code, dark in labels)
