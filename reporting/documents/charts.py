"""The status chart: one model of its data and colours, drawn by the PDF (Typst), the Word document (a PNG)
and the portal (SVG, portal/includes/status_chart.html).

The colours are the portal's: `--rm-status-<code>` in portal/static/portal/portal.css, read from there, so
the printed report, the Word file and the web pages show a status in the same colour, and a change of the
palette is made in one place.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured

from programmes.models import ProjectStatus

PORTAL_CSS = "portal/portal.css"
_STATUS_COLOUR = re.compile(r"--rm-status-(?P<code>[a-z_]+)\s*:\s*(?P<colour>#[0-9a-fA-F]{6})\s*;")
NO_STATUS_COLOUR = "#5a5f66"  # a row without a known status (grey, as the report's text colour)


@cache
def status_palette() -> dict[str, str]:
    """Each status code's colour, as the portal's stylesheet defines it. A stylesheet that lacks one is a
    deployment error, not something to draw around."""
    path = finders.find(PORTAL_CSS)
    if not path:
        raise ImproperlyConfigured(f"{PORTAL_CSS} fehlt: die Statusfarben der Diagramme stehen dort.")
    palette = {m["code"]: m["colour"].lower() for m in _STATUS_COLOUR.finditer(Path(path).read_text("utf-8"))}
    missing = sorted(set(ProjectStatus.values) - set(palette))
    if missing:
        raise ImproperlyConfigured(f"{PORTAL_CSS} nennt keine Farbe (--rm-status-…) für: {', '.join(missing)}.")
    return palette


WHITE, BLACK = "#ffffff", "#000000"


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """The WCAG contrast ratio of two colours (#rrggbb), 1 to 21."""
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(colour: str) -> str:
    """White text on a status colour where it reaches 4.5:1 (WCAG AA), else black: the portal's palette has
    light greens and greys on which white text would not."""
    return WHITE if contrast(WHITE, colour) >= 4.5 else BLACK


@dataclass
class Segment:
    """A part of a bar: the projects of one status."""

    code: str
    label: str
    count: int
    colour: str


@dataclass
class Bar:
    label: str
    segments: list[Segment] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(s.count for s in self.segments)


@dataclass
class StatusChart:
    """Bars of project counts by status. The report draws one bar per status (`by_status`), the portal one
    stacked bar per group of projects (`stacked`); both read the same colours."""

    bars: list[Bar]
    statuses: list[tuple[str, str]]  # (code, label) in the order of the legend

    @classmethod
    def by_status(cls, rows: list[dict]) -> StatusChart:
        """From the report's count rows ({"key", "label", "count"}, reporting.documents.content)."""
        palette = status_palette()
        bars = [
            Bar(r["label"], [Segment(r["key"], r["label"], r["count"], palette.get(r["key"], NO_STATUS_COLOUR))])
            for r in rows
        ]
        return cls(bars, [(r["key"], r["label"]) for r in rows])

    @classmethod
    def stacked(cls, statuses: list[tuple[str, str]], rows: list[tuple[str, list[int]]]) -> StatusChart:
        """One bar per (label, counts in the order of `statuses`); statuses without projects are left out."""
        palette = status_palette()
        bars = [
            Bar(
                label,
                [
                    Segment(code, status_label, n, palette.get(code, NO_STATUS_COLOUR))
                    for (code, status_label), n in zip(statuses, counts, strict=True)
                    if n
                ],
            )
            for label, counts in rows
        ]
        return cls(bars, list(statuses))

    @property
    def biggest(self) -> int:
        return max((bar.total for bar in self.bars), default=1) or 1

    def for_typst(self) -> dict:
        """What the Typst template draws: the bars with their colours, and the palette (with a readable text
        colour on each) for the status badges of the project pages."""
        return {
            "bars": [
                {"key": s.code, "label": bar.label, "count": s.count, "colour": s.colour}
                for bar in self.bars
                for s in bar.segments
            ],
            "palette": status_palette(),
            "text_on": {code: text_on(colour) for code, colour in status_palette().items()},
        }

    def png(self) -> bytes:
        """The chart as PNG for Word (python-docx takes raster pictures only): one bar per row."""
        try:
            from PIL import Image, ImageDraw, ImageFont
        except ImportError:  # pragma: no cover - Pillow comes with python-docx's neighbours; the table carries the data
            return b""
        scale = 2
        width, bar_h, gap, label_w = 920, 44, 20, 300
        height = 20 + len(self.bars) * (bar_h + gap)
        image = Image.new("RGB", (width, height), "white")
        draw = ImageDraw.Draw(image)
        try:
            font = ImageFont.truetype("DejaVuSans.ttf", 13 * scale)
            bold = ImageFont.truetype("DejaVuSans-Bold.ttf", 14 * scale)
        except OSError:
            font = bold = ImageFont.load_default()
        for i, bar in enumerate(self.bars):
            y = 10 + i * (bar_h + gap)
            draw.text((label_w - 16, y + bar_h / 2), bar.label, fill="#1b1b1b", font=font, anchor="rm")
            x = label_w
            for segment in bar.segments:
                w = max(4, round((width - label_w - 90) * segment.count / self.biggest))
                draw.rectangle([x, y, x + w, y + bar_h], fill=segment.colour)
                x += w
            draw.text((x + 12, y + bar_h / 2), str(bar.total), fill="#1b1b1b", font=bold, anchor="lm")
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()
