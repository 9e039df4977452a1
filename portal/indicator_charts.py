"""Small SVG line charts of indicator values over time, with the target and the straight line to it.

Geometry only (coordinates and labels); the markup is portal/includes/indicator_chart.html and the
styles are the `rm-ind-` classes in portal.css, so no inline style is needed. Every chart is shown
next to the table of its values and a sentence that says the same in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from programmes.progress import Progress, format_as_of, format_number

WIDTH, HEIGHT = 480, 200
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 16, 30


@dataclass
class Point:
    x: float
    y: float
    label: str
    anchor: str = "middle"


def _nice_max(value: Decimal) -> Decimal:
    if value <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = Decimal(str(step)) * magnitude
        if top >= value:
            return top
    return value


def indicator_chart(p: Progress) -> dict | None:
    """Coordinates for the chart of one indicator; None when there is nothing to draw."""
    ind = p.indicator
    points_in = [(v.as_of, v.value, format_number(v.value, v.qualifier, ind.unit)) for v in p.values]
    dates = [d for d, _v, _l in points_in]
    numbers = [v for _d, v, _l in points_in]
    if ind.target is not None:
        numbers.append(ind.target)
        if ind.target_date:
            dates.append(ind.target_date)
    if p.start is not None:
        dates.append(p.start[0])
        numbers.append(p.start[1])
    if not numbers or not dates:
        return None
    first, last = min(dates), max(dates)
    # a margin so that points never sit on the frame: 8 % of the span, at least three months
    margin = timedelta(days=max((last - first).days * 0.08, 90))
    first, last = first - margin, last + margin
    top = _nice_max(max(numbers) * Decimal("1.05"))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    span = (last - first).days

    def x(day: date) -> float:
        return round(LEFT + plot_w * (day - first).days / span, 1)

    def y(value: Decimal) -> float:
        return round(TOP + plot_h * float(1 - Decimal(value) / top), 1)

    points = [Point(x(d), y(v), label) for d, v, label in points_in]
    for pt in points:  # labels near the edges grow inwards
        pt.anchor = "end" if pt.x > WIDTH - RIGHT - 50 else "start" if pt.x < LEFT + 50 else "middle"
    chart = {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "points": points,
        "line": " ".join(f"{pt.x},{pt.y}" for pt in points),
        "y_ticks": [
            {"y": y(top * Decimal(i) / 4), "label": format_number(top * Decimal(i) / 4, unit=ind.unit)}
            for i in range(5)
        ],
        # a year's label stands in the middle of that year, so a value of 31.12.2024 sits at the end of "2024"
        "x_ticks": [
            {"x": x(date(year, 7, 1)), "label": str(year)}
            for year in range(first.year, last.year + 1)
            if first <= date(year, 7, 1) <= last
        ],
        "x_bounds": [
            x(date(year, 1, 1)) for year in range(first.year + 1, last.year + 1) if first <= date(year, 1, 1) <= last
        ],
        "target": None,
        "plan": None,
    }
    if not chart["x_ticks"]:  # a span shorter than a year: name the dates themselves
        chart["x_ticks"] = [{"x": x(d), "label": format_as_of(d)} for d in sorted(set(dates))]
    if len(chart["x_ticks"]) > 8:
        step = len(chart["x_ticks"]) // 6 + 1
        chart["x_ticks"] = chart["x_ticks"][::step]
    if ind.target is not None:
        chart["target"] = {
            "y": y(ind.target),
            "label": format_number(ind.target, ind.target_qualifier, ind.unit),
            "x": x(ind.target_date) if ind.target_date else WIDTH - RIGHT,
        }
        if p.start is not None and ind.target_date:
            chart["plan"] = {
                "x1": x(p.start[0]),
                "y1": y(p.start[1]),
                "x2": x(ind.target_date),
                "y2": y(ind.target),
                "label": format_as_of(ind.target_date),
            }
    return chart
