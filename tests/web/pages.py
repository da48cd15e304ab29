"""Helpers for reading rendered pages in tests."""

import html


def text(response) -> str:
    """The response body with HTML entities decoded, so messages compare as written."""
    return html.unescape(response.content.decode())
