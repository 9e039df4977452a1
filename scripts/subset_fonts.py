"""Subset the portal's two Fira Sans weights (KERN's npm package) to the characters German pages use.

Usage: .venv/bin/python scripts/subset_fonts.py [OUT_DIR]   (default var/build/fonts; run by `make install`)

KERN ships each weight whole (about 130 KB as woff2, Greek and Cyrillic included); a phone on a slow
line waited for both before the text settled. This writes FiraSans-Regular.woff2 and
FiraSans-SemiBold.woff2 with Latin-1, general punctuation (German quotes, dashes), the euro sign and
arrows, and a fonts.css declaring them with `font-display: swap` and their `unicode-range` (a character
outside it falls back to the next font). With DEBUG=False the pages link this fonts.css
(portal/templatetags/portal_assets.py). Plain Python with fontTools (pinned in requirements.in).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "@kern-ux" / "native" / "dist" / "fonts" / "fira-sans"
WEIGHTS = {"Regular": 400, "SemiBold": 600}
UNICODE_RANGE = (
    "U+0000-00FF, U+0131, U+0152-0153, U+02C6, U+02DA, U+02DC, U+2000-206F, U+20AC, U+2122, U+2190-2193, U+2212"
)


def _codepoints(ranges: str) -> list[int]:
    points: list[int] = []
    for part in ranges.split(","):
        first, _, last = part.strip().removeprefix("U+").partition("-")
        points.extend(range(int(first, 16), int(last or first, 16) + 1))
    return points


def build(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    faces = []
    for name, weight in WEIGHTS.items():
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["kern", "liga", "calt", "tnum", "lnum", "pnum"]
        font = subset.load_font(str(SOURCE / f"FiraSans-{name}.woff2"), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=_codepoints(UNICODE_RANGE))
        subsetter.subset(font)
        target = out / f"FiraSans-{name}.woff2"
        subset.save_font(font, str(target), options)
        written.append(target)
        faces.append(
            "@font-face {\n"
            '  font-family: "Fira Sans";\n'
            f'  src: url("FiraSans-{name}.woff2") format("woff2");\n'
            f"  font-weight: {weight};\n"
            "  font-style: normal;\n"
            "  font-display: swap;\n"
            f"  unicode-range: {UNICODE_RANGE};\n"
            "}\n"
        )
    css = out / "fonts.css"
    css.write_text("/* Built by scripts/subset_fonts.py from KERN's Fira Sans; do not edit. */\n" + "\n".join(faces))
    return [*written, css]


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "var" / "build" / "fonts"
    if not SOURCE.is_dir():
        sys.exit(f"Fira Sans fehlt unter {SOURCE}: erst `npm ci` (make install).")
    for path in build(out):
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {path.stat().st_size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
