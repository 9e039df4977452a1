"""Inline SVG maps of the 53 municipalities, drawn on the server from the registry's GeoJSON boundaries.

No tile server, no JavaScript: each municipality is a path (a link where it
leads somewhere), shaded by a class the stylesheet colours. Projection is Web
Mercator, so that background tiles line up when a tile URL is configured
(setting PORTAL_MAP_TILE_URL, off by default: the portal then loads nothing
from other servers). Simplified paths are cached (they change only when the
boundaries are reloaded).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Max

from places.models import Municipality

WIDTH = 600.0
TOLERANCE = 0.35  # Douglas–Peucker tolerance in viewBox units
CLASSES = 5


@dataclass(frozen=True)
class Shape:
    slug: str
    name: str
    d: str  # SVG path data


@dataclass(frozen=True)
class BaseMap:
    width: float
    height: float
    shapes: dict[str, Shape]  # by slug
    origin: tuple[float, float, float] | None = None  # Mercator x, y of the top-left corner and the scale


def _rings(geometry: dict) -> list[list[list[float]]]:
    if not geometry:
        return []
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        return list(coords)
    if kind == "MultiPolygon":
        return [ring for polygon in coords for ring in polygon]
    return []


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker, iterative. A closed ring is split at its point farthest from the start."""
    if len(points) < 4:
        return points
    if points[0] == points[-1]:
        x0, y0 = points[0]
        far = max(range(len(points)), key=lambda i: math.hypot(points[i][0] - x0, points[i][1] - y0))
        if 0 < far < len(points) - 1:
            return _simplify(points[: far + 1], tolerance) + _simplify(points[far:], tolerance)[1:]
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy) or 1e-12
        index, dmax = 0, 0.0
        for i in range(first + 1, last):
            x0, y0 = points[i]
            dist = abs(dy * x0 - dx * y0 + x2 * y1 - y2 * x1) / norm
            if dist > dmax:
                index, dmax = i, dist
        if dmax > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator in units of the world width (0..1), y growing southwards, as map tiles use it."""
    x = (lon + 180.0) / 360.0
    y = (1.0 - math.log(math.tan(math.radians(lat)) + 1.0 / math.cos(math.radians(lat))) / math.pi) / 2.0
    return x, y


def _build(rows: list[tuple[str, str, dict]]) -> BaseMap:
    projected = [
        (slug, name, [[_mercator(pt[0], pt[1]) for pt in ring] for ring in _rings(g)]) for slug, name, g in rows
    ]
    xs = [x for _s, _n, rings in projected for ring in rings for x, _y in ring]
    ys = [y for _s, _n, rings in projected for ring in rings for _x, y in ring]
    if not xs:
        return BaseMap(WIDTH, 0, {})
    min_x, min_y = min(xs), min(ys)
    scale = WIDTH / (max(xs) - min_x)
    height = (max(ys) - min_y) * scale
    shapes = {}
    for slug, name, rings in projected:
        parts = []
        for ring in rings:
            points = _simplify([((x - min_x) * scale, (y - min_y) * scale) for x, y in ring], TOLERANCE)
            if len(points) < 3:
                continue
            head, *tail = points
            parts.append(f"M{head[0]:.1f} {head[1]:.1f}" + "".join(f"L{x:.1f} {y:.1f}" for x, y in tail) + "Z")
        shapes[slug] = Shape(slug, name, "".join(parts))
    return BaseMap(round(WIDTH, 1), round(height, 1), shapes, (min_x, min_y, scale))


@dataclass(frozen=True)
class Tile:
    href: str
    x: float
    y: float
    size: float


def tiles(base: BaseMap, url_template: str, zoom: int = 10) -> list[Tile]:
    """Background tiles covering the map, positioned in its viewBox (only when a tile URL is configured)."""
    if not url_template or not base.origin:
        return []
    min_x, min_y, scale = base.origin
    n = 2**zoom
    size = scale / n
    first_x, first_y = math.floor(min_x * n), math.floor(min_y * n)
    last_x, last_y = math.floor((min_x + base.width / scale) * n), math.floor((min_y + base.height / scale) * n)
    return [
        Tile(
            url_template.format(z=zoom, x=tx, y=ty),
            round((tx / n - min_x) * scale, 1),
            round((ty / n - min_y) * scale, 1),
            round(size, 2),
        )
        for tx in range(first_x, last_x + 1)
        for ty in range(first_y, last_y + 1)
    ]


def base_map() -> BaseMap:
    """The simplified outlines of all municipalities in the registry (cached until the registry changes)."""
    stamp = Municipality.objects.aggregate(n=Count("pk"), last=Max("pk"))
    key = f"portal:basemap:v3:{stamp['n']}:{stamp['last']}"
    result = cache.get(key)
    if result is None:
        rows = list(Municipality.objects.exclude(geometry=None).values_list("slug", "name", "geometry"))
        result = _build(rows)
        cache.set(key, result, 60 * 60 * 24)
    return result


@dataclass
class Area:
    shape: Shape
    url: str | None
    label: str  # accessible name and tooltip
    shade: int  # 0 = no value, 1..CLASSES
    current: bool = False


def breaks(values: list[Decimal | int]) -> list[Decimal | int]:
    """Upper bounds of up to CLASSES classes over the positive values (quantiles of the distinct values)."""
    distinct = sorted({v for v in values if v})
    if not distinct:
        return []
    if len(distinct) <= CLASSES:
        return distinct
    return [distinct[math.ceil(len(distinct) * (i + 1) / CLASSES) - 1] for i in range(CLASSES)]


def legend_for(values: list, fmt) -> tuple[list, list[tuple[int, str]]]:
    """Class bounds and legend labels for a set of values; the first label starts at the smallest value."""
    bounds = breaks(values)
    positive = [v for v in values if v]
    labels = legend(bounds, fmt)
    if labels and positive and min(positive) < bounds[0]:
        labels[0] = (1, f"{fmt(min(positive))} – {fmt(bounds[0])}")
    return bounds, labels


def shade(value, bounds: list) -> int:
    if not value:
        return 0
    for i, bound in enumerate(bounds, start=1):
        if value <= bound:
            return i
    return len(bounds)


def legend(bounds: list, fmt) -> list[tuple[int, str]]:
    """(class, label) pairs such as '1', '2 – 3', '4 – 9', formatted with `fmt`.

    The first class starts at the smallest positive value (the first bound when there are at
    most CLASSES distinct values, so each class is then exactly one value).
    """
    items, lower = [], None
    for i, bound in enumerate(bounds, start=1):
        if lower is None or lower >= bound:
            items.append((i, fmt(bound)))
        else:
            items.append((i, f"{fmt(lower)} – {fmt(bound)}"))
        lower = _next(bound)
    return items


def _next(value):
    return value + 1 if isinstance(value, int) else value + Decimal("0.01")
