"""Turning table cells into clean plain text."""

import html
import re

TAG_RE = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)[^>]*>")
BLOCK_TAGS = {"p", "br", "div", "li", "tr"}


def strip_html(text: str) -> str:
    """Plain text from a cell that may carry HTML fragments: block tags become line breaks."""
    if "<" not in (text or "") and "&" not in (text or ""):
        return text or ""

    def replace(match):
        return "\n" if match.group(2).lower() in BLOCK_TAGS else ""

    return html.unescape(TAG_RE.sub(replace, text))


def clean_paragraphs(text: str) -> str:
    """Trim every line, drop empty ones: "  已完成。\\n\\n（1）…" → "已完成。\\n（1）…"."""
    lines = (line.strip(" \t\u3000\xa0") for line in strip_html(text).splitlines())
    return "\n".join(line for line in lines if line)


def clean_inline(text: str) -> str:
    """One-line text: paragraphs joined without the layout breaks Word adds."""
    return "".join(clean_paragraphs(text).splitlines())
