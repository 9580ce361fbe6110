"""Web addresses: which text an article gives is an address a reader can open.

Pages, exports and header lines state an article's address in many shapes: a relative link, a
browser's "about:blank", a file path, a link's text ("Find a copy"). Only an absolute http or
https address is kept; a relative one counts only where the page's own address is known to
resolve it against.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

_SCHEMES = frozenset(("http", "https"))
# A line break inside an address, with the indentation around it, is a wrapped attribute's or
# a folded header's (RFC 2557 has a Content-Location unfolded without it); browsers drop tabs
# too. Any other space means the text is no address.
_BREAKS = re.compile(r"[ \t]*[\r\n]+[ \t]*|\t")
_SPACE = re.compile(r"[\s\x00-\x1f\x7f]")


def web_address(text: str | None, base: str | None = None) -> str:
    """`text` as an absolute http(s) address on one line; a relative one resolved against
    `base`, the page's own address, when that is one; "" for anything else."""
    address = _cleaned(text or "")
    if not address:
        return ""
    if not _is_absolute(address):
        known = _cleaned(base or "")
        if not _is_absolute(known):
            return ""
        try:
            address = urljoin(known, address)
        except ValueError:  # "http://[bad/": a typo in the page
            return ""
    return address if _is_absolute(address) else ""


def _cleaned(text: str) -> str:
    """The text without the white space around it, its line breaks, or the angle brackets that
    set an address apart in plain text ("<https://...>")."""
    address = _BREAKS.sub("", text.strip())
    if address.startswith("<") and address.endswith(">"):
        address = address[1:-1].strip()
    return address


def _is_absolute(address: str) -> bool:
    if not address or _SPACE.search(address):
        return False
    try:
        parts = urlsplit(address)
        return parts.scheme.lower() in _SCHEMES and bool(parts.hostname)
    except ValueError:
        return False
