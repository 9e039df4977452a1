"""Print copies of project photos for the PDF report. Plain Python and Pillow, no Django, so that a
pool of processes can make many at once: a thousand uploads took minutes one after another in the
web or task worker, and each decoding left its memory there.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import BinaryIO

MAX_PX = 800
# Fewer than this are made in the calling process; a pool's start costs more than a few copies.
POOL_FROM = 8


def make(source: str | BinaryIO, target: str) -> None:
    """Write the print copy of `source` (a path or an open file) to `target`: at most MAX_PX on its
    longer side, upright as the camera meant it, transparency on white, JPEG. Written completely or
    not at all. Raises OSError (or Pillow's UnidentifiedImageError/DecompressionBombError) when
    the source is no readable image."""
    from PIL import Image, ImageOps

    with Image.open(source) as original:
        # JPEG decodes straight at a fraction of its size: a fraction of the memory and time.
        original.draft("RGB", (MAX_PX, MAX_PX))
        image = ImageOps.exif_transpose(original)
        if image.mode in ("RGBA", "LA", "P"):
            image = image.convert("RGBA")
            background = Image.new("RGB", image.size, "white")
            background.paste(image, mask=image.getchannel("A"))
            image = background
        image = image.convert("RGB")
        image.thumbnail((MAX_PX, MAX_PX), Image.Resampling.LANCZOS)
        part = f"{os.path.dirname(target)}/.{os.path.basename(target)}.{os.getpid()}.part"
        try:
            image.save(part, "JPEG", quality=82, optimize=True)
            os.replace(part, target)
        finally:
            if os.path.exists(part):
                os.unlink(part)


def _make_or_say(pair: tuple[str, str]) -> str | None:
    from PIL import Image, UnidentifiedImageError

    try:
        make(*pair)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as exc:
        return str(exc)
    return None


def make_many(pairs: list[tuple[str, str]], workers: int = 2) -> dict[str, str]:
    """Print copies of (source path, target path) pairs, in a pool of `workers` processes when there
    are many; the problems by target path (an upload gone or unreadable)."""
    if len(pairs) < POOL_FROM or workers < 2:
        results = map(_make_or_say, pairs)
    else:
        # "spawn": a fresh interpreter that imports this module only, not a copy of the worker.
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            results = list(pool.map(_make_or_say, pairs, chunksize=16))
    return {target: problem for (_source, target), problem in zip(pairs, results, strict=True) if problem}
