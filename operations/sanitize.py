"""The one gate where text written by people becomes HTML: an allowlist sanitiser (nh3, i.e. Rust's ammonia).

The renderers (portal/content.py, reporting/comparison.py) escape every piece they copy from the input, so this
is the second line: whatever a future change to a renderer lets through, only these tags, attributes and URL
schemes reach a page, a PDF or a mail. No `style`, no `on*` handlers, no `<script>`/`<svg>`/`<iframe>`,
no `javascript:` or `data:` links.
"""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = frozenset({"p", "br", "h2", "h3", "ul", "ol", "li", "strong", "em", "a", "del", "ins"})
ATTRIBUTES = {"a": {"href", "rel"}}  # rel: urlize's "nofollow" on web links stays as the renderer set it
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def sanitize(html: str) -> SafeString:
    """HTML restricted to the allowlist above."""
    cleaned = nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3's output holds only the allowlist above
