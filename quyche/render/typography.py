"""The last touch on text quyche writes into a document: quotes and punctuation as printed.

Text from people (comments, reasons, the round's title) and from templates meets in one
sentence: `"5 rõ"` typed with straight quotes, a reason ending in "." placed before the
template's own "." These give “5 rõ” and one full stop, so generated documents pass the text
rules (QC405 straight quotes, QC408 doubled punctuation) the tool holds regulations to.
"""

from __future__ import annotations

import re
from typing import Final

_OPENS_AFTER: Final = " \t\n([{“‘–—/"
_DOUBLED: Final = re.compile(r"(?<![.…])\.\.(?![.…])|([,;:!?])\1+")
_COMMA_THEN_STOP: Final = re.compile(r"[,;:]+(?=[.])|(?<=[.])[,;:]+")


def curly_quotes(text: str) -> str:
    """Straight double quotes → “ ” by position (opening after a space or bracket)."""
    if '"' not in text:
        return text
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch == '"':
            out.append("“" if i == 0 or text[i - 1] in _OPENS_AFTER else "”")
        else:
            out.append(ch)
    return "".join(out)


def single_punctuation(text: str) -> str:
    """"rõ”.." → "rõ”."; ",." and ".;" → "."; an ellipsis ("...", "…") is left alone."""
    text = _DOUBLED.sub(lambda m: m.group(1) or ".", text)
    return _COMMA_THEN_STOP.sub("", text)


def without_end_stop(text: str) -> str:
    """A phrase to be placed inside a sentence: its own closing stop or semicolon dropped."""
    return text.rstrip().rstrip(".;,").rstrip()


def tidy(text: str) -> str:
    """Both: what every generated paragraph and cell goes through."""
    return single_punctuation(curly_quotes(text))
