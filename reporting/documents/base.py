"""The base of every report generator: one small class per document that takes the content
(reporting.documents.content), names its templates and renders to bytes; the engines stay behind these
classes. Its cache key is the hash of everything that goes into a file (content, templates, engine version,
the generator's code, the chart's palette), so storage.cached() renders afresh after any change.
"""

from __future__ import annotations

import hashlib
import inspect
import json
from pathlib import Path

from django.template.loader import get_template

from .charts import status_palette
from .content import (
    ReportContent,
)


class ReportGenerator:
    """Base: a generator knows its format, its templates and how to turn content into bytes."""

    extension = ""
    content_type = ""
    templates: tuple[str, ...] = ()
    engine_version = ""

    def __init__(self, content: ReportContent):
        self.content = content

    def render(self) -> bytes:
        raise NotImplementedError

    def cache_key(self) -> str:
        digest = hashlib.sha256()
        digest.update(type(self).__name__.encode())
        digest.update(self.engine_version.encode())
        digest.update(self.content.to_json().encode())
        for name in self.templates:
            digest.update(Path(get_template(name).origin.name).read_bytes())
        digest.update(Path(__file__).read_bytes())  # the generator code itself: this base and the subclass
        digest.update(Path(inspect.getfile(type(self))).read_bytes())
        digest.update((Path(__file__).parent / "charts.py").read_bytes())  # how the status chart is drawn
        digest.update(json.dumps(status_palette(), sort_keys=True).encode())  # and in which colours
        return digest.hexdigest()

    def filename(self) -> str:
        suffix = "-entwurf" if self.content.draft else ""
        return f"{self.content.slug}{suffix}.{self.extension}"
