"""The status chart's geometry for the SVG of the public pages.

The bars, their order and colours come from the one status chart model of the printed report
(`reporting.documents.charts`); the counts from `places.figures.StatusMatrix`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from places.figures import StatusMatrix
from reporting.documents.charts import WHITE, StatusChart, text_on

CHART_WIDTH = 640
CHART_ROW = 58
CHART_BAR = 26


@dataclass
class Segment:
    code: str
    label: str
    count: int
    x: float
    width: float
    # The count printed on the segment in black where white would not reach 4.5:1 on its colour (WCAG AA).
    dark_text: bool = False

    @property
    def text_x(self) -> float:
        return self.x + self.width / 2

    @property
    def show_count(self) -> bool:
        return self.width >= 22


@dataclass
class Bar:
    label: str
    total: int
    y: int
    segments: list[Segment]

    @property
    def label_y(self) -> int:
        return self.y + 18

    @property
    def bar_y(self) -> int:
        return self.y + 24

    @property
    def text_y(self) -> int:
        return self.y + 24 + CHART_BAR // 2 + 5


def status_chart(matrix: StatusMatrix) -> dict:
    """Stacked horizontal bars: all projects first, then one bar per action field, segments by status."""
    rows = [(_("Alle Projekte"), matrix.totals, matrix.total)] + [(r.label, r.counts, r.total) for r in matrix.rows]
    # The one status chart model of the printed report and the Word file; here it gets the SVG's geometry.
    chart = StatusChart.stacked(matrix.statuses, [(label, counts) for label, counts, _total in rows])
    scale = CHART_WIDTH / max([total for _l, _c, total in rows] + [1])
    bars = []
    for index, ((label, _counts, total), bar) in enumerate(zip(rows, chart.bars, strict=True)):
        x, segments = 0.0, []
        for s in bar.segments:
            segments.append(
                Segment(
                    s.code,
                    s.label,
                    s.count,
                    round(x, 1),
                    round(s.count * scale, 1),
                    dark_text=text_on(s.colour) != WHITE,
                )
            )
            x += s.count * scale
        bars.append(Bar(f"{label} ({total})", total, index * CHART_ROW, segments))
    return {"bars": bars, "width": CHART_WIDTH, "height": len(bars) * CHART_ROW, "statuses": chart.statuses}
