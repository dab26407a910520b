"""Bring caller text into one canonical form before matching.

Callers type on phones, paste from chats, use Traditional characters or
full-width digits, and wrap the real question in politeness ("你好，我想问一下…
呢"). None of that carries intent, so it is removed here, identically for the
corpus and for queries, so that both sides are compared like with like.
"""

import re
import unicodedata
from functools import lru_cache

from opencc import OpenCC

from ._lexicon import load_lexicon


@lru_cache(maxsize=1)
def _t2s() -> OpenCC:
    """Return the shared Traditional→Simplified converter (OpenCC's C++ library, built once)."""
    return OpenCC("t2s")


_SURROGATES = re.compile("[\ud800-\udfff]")


def _to_simplified(text: str) -> str:
    # A lone surrogate is valid JSON but cannot cross into OpenCC's C++ code.
    converted: str = _t2s().convert(_SURROGATES.sub("", text))
    return converted


@lru_cache(maxsize=4)
def _dropped_chars(filler_chars: frozenset[str]) -> re.Pattern[str]:
    """Everything but letters and digits, plus the lexicon's filler characters.

    ``[\\W_]`` is exactly "not in Unicode categories L* or N*" (a test checks
    every code point), so punctuation, symbols, emoji and whitespace go in
    one ``re.sub`` instead of a Python call per character.
    """
    fillers = "".join(re.escape(char) for char in sorted(filler_chars))
    return re.compile(f"[\\W_{fillers}]+")


def simplified(text: str) -> str:
    """``text`` in Simplified characters and half-width forms, punctuation kept.

    For rules that read sentences (emergency detection) rather than match
    keywords: they need the punctuation that :func:`normalize` removes.
    """
    return _to_simplified(unicodedata.normalize("NFKC", text)) if text else ""


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
    text = _to_simplified(text).lower()
    lexicon = load_lexicon()
    for phrase in lexicon.filler_phrases:
        if phrase in text:
            text = text.replace(phrase, "")
    return _dropped_chars(lexicon.filler_chars).sub("", text)


# Corpus questions are normalised on every (re)load, almost all of them
# unchanged since the last one; callers' messages are not cached.
CORPUS_CACHE_SIZE = 1 << 18
normalize_corpus_text = lru_cache(maxsize=CORPUS_CACHE_SIZE)(normalize)
