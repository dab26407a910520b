"""Bring caller text into one canonical form before matching.

Callers type on phones, paste from chats, use Traditional characters or
full-width digits, and wrap the real question in politeness ("你好，我想问一下…
呢"). None of that carries intent, so it is removed here, identically for the
corpus and for queries, so that both sides are compared like with like.
"""

import unicodedata
from functools import lru_cache

from opencc import OpenCC

from ._lexicon import load_lexicon


@lru_cache(maxsize=1)
def _t2s() -> OpenCC:
    """Return the shared Traditional→Simplified converter (built once)."""
    return OpenCC("t2s")


def _is_kept(char: str, filler_chars: frozenset[str]) -> bool:
    """Keep letters and digits; drop punctuation, symbols, spaces and fillers."""
    if char in filler_chars:
        return False
    return unicodedata.category(char)[0] in ("L", "N")


def normalize(text: str) -> str:
    """Return ``text`` in canonical matching form.

    Steps: NFKC (full-width → half-width), Traditional → Simplified,
    lower-case, drop filler phrases, then drop punctuation, symbols,
    whitespace and modal particles. Punctuation is stripped last so that a
    filler phrase split by a comma is still only removed where it was typed
    as one piece.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _t2s().convert(text).lower()
    lexicon = load_lexicon()
    for phrase in lexicon.filler_phrases:
        if phrase in text:
            text = text.replace(phrase, "")
    return "".join(char for char in text if _is_kept(char, lexicon.filler_chars))
