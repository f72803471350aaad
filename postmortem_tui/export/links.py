"""Which link destinations an export may write as links: http, https, mailto and relative ones.

A draft's links (related incidents, action items, timeline events, links in its prose) reach a
reader's browser through the Markdown or HTML export. ``javascript:``, ``vbscript:``, ``data:``
and any other scheme could run code or show a forged page there, so such a link is written as
text instead. Browsers drop tabs, newlines and other controls inside a URL and ignore leading
spaces, so the scheme is read the way they read it.
"""

from __future__ import annotations

import re

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
"""The schemes a link may have; a link without a scheme (relative, ``#anchor``) is safe too."""

_IGNORED = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*+):")


def is_safe_url(url: object) -> bool:
    """Whether ``url`` may be written as a link: http(s), mailto, or no scheme at all."""
    text = _IGNORED.sub("", str(url or "")).strip("<>")
    # Entities would be decoded before the scheme is read: "&#106;avascript:".
    if "&" in text and ";" in text:
        return bool(re.match(r"(?i)(?:https?|mailto):", text))
    match = _SCHEME.match(text)
    # No scheme (a browser reads "0<https://x>" or "notes/a:b" as a path): a relative link.
    return match is None or match.group(1).lower() in SAFE_SCHEMES
