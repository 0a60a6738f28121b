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


# What str.splitlines() splits on, and what strip_html() reads.
LINE_BREAK_OR_MARKUP_RE = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029<&]")
PADDING = " \t\u3000\xa0"


def clean_paragraphs(text: str) -> str:
    """Trim every line, drop empty ones: "  已完成。\\n\\n（1）…" → "已完成。\\n（1）…"."""
    if not LINE_BREAK_OR_MARKUP_RE.search(text or ""):
        return (text or "").strip(PADDING)  # one line (most cells): the same, cheaper
    lines = (line.strip(" \t\u3000\xa0") for line in strip_html(text).splitlines())
    return "\n".join(line for line in lines if line)


def clean_inline(text: str) -> str:
    """One-line text: paragraphs joined without the layout breaks Word adds."""
    if not LINE_BREAK_OR_MARKUP_RE.search(text or ""):
        return (text or "").strip(PADDING)
    return "".join(clean_paragraphs(text).splitlines())


def highlight(text: str, words: list[str], width: int = 40) -> str:
    """HTML: the part of `text` around the first of `words`, each word in <mark>.

    Every piece is escaped before the marks go in, so a text holding "<script>" stays text.
    Returns "" when no word occurs.
    """
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not text or not words:
        return ""
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    first = pattern.search(text)
    if first is None:
        return ""
    start = max(0, first.start() - width)
    end = min(len(text), first.end() + 2 * width)
    part = text[start:end]
    pieces, last = [], 0
    for match in pattern.finditer(part):
        pieces.append(html.escape(part[last : match.start()]))
        pieces.append(f"<mark>{html.escape(match.group())}</mark>")
        last = match.end()
    pieces.append(html.escape(part[last:]))
    return ("…" if start else "") + "".join(pieces) + ("…" if end < len(text) else "")
