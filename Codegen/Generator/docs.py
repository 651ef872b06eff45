"""Documentation comments from the SDK's English documentation."""

from __future__ import annotations

import re
from typing import List

MAX_WIDTH = 116


def _plain_double_backticks(match: "re.Match[str]") -> str:
    """A ``span`` DocC would read as a symbol link: kept when it names a symbol, otherwise plain text with
    its backticks escaped (the SDK quotes the characters a password may hold that way)."""
    inner = match.group(1)
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_./():]*", inner):
        return match.group(0)
    return inner.replace("`", "\\`")


def clean(text: str) -> List[str]:
    """The documentation as Markdown lines: the SDK's markup tags dropped, blank runs collapsed."""
    text = re.sub(r"``(.+?)``", _plain_double_backticks, text)
    text = re.sub(r"</?props[^>]*>", "", text)
    text = re.sub(r"<(/?)(notice|warning|note)>", "", text, flags=re.IGNORECASE)
    text = text.replace("\u00a0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    result: List[str] = []
    for line in lines:
        if not line.strip():
            if result and result[-1] != "":
                result.append("")
            continue
        result.append(line)
    while result and result[-1] == "":
        result.pop()
    return result


def comment(text: str, indent: str) -> List[str]:
    """`///` lines for `text` (empty when there is nothing to say)."""
    lines = clean(text)
    return [f"{indent}///" + (f" {line}" if line else "") for line in lines]


def first_sentence(text: str) -> str:
    """The first sentence of the documentation, on one line (for parameter lists)."""
    lines = clean(text)
    if not lines:
        return ""
    paragraph = []
    for line in lines:
        if not line:
            break
        paragraph.append(line.strip())
    joined = " ".join(paragraph)
    match = re.match(r"(.+?[.!?])(\s|$)", joined)
    return (match.group(1) if match else joined).strip()
