"""Bring caller text into one canonical form before matching.

Callers type on phones, paste from chats, use Traditional characters or
full-width digits, and wrap the real question in politeness ("你好，我想问一下…
呢"). None of that carries intent, so it is removed here, identically for the
corpus and for queries, so that both sides are compared like with like.
"""

import unicodedata
from functools import lru_cache
from pathlib import Path

import opencc
from opencc import OpenCC

from ._lexicon import load_lexicon


@lru_cache(maxsize=1)
def _t2s() -> OpenCC:
    """Return the shared Traditional→Simplified converter (built once)."""
    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    """Every character a t2s conversion can change.

    Text without any of them comes out of OpenCC unchanged, and most text
    is Simplified already, so checking first saves the converter's costly
    pure-Python phrase matching on nearly every call.
    """
    dictionary = Path(opencc.__file__).resolve().parent / "dictionary"
    chars: set[str] = set()
    for name in ("TSPhrases.txt", "TSCharacters.txt"):
        for line in (dictionary / name).read_text(encoding="utf-8").splitlines():
            source, _, targets = line.partition("\t")
            for target in targets.split():
                if len(source) != len(target):
                    chars.update(source)
                else:
                    chars.update(s for s, t in zip(source, target, strict=True) if s != t)
    return frozenset(chars)


def _to_simplified(text: str) -> str:
    if _traditional_chars().isdisjoint(text):
        return text
    converted: str = _t2s().convert(text)
    return converted


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
    text = _to_simplified(text).lower()
    lexicon = load_lexicon()
    for phrase in lexicon.filler_phrases:
        if phrase in text:
            text = text.replace(phrase, "")
    return "".join(char for char in text if _is_kept(char, lexicon.filler_chars))


# Corpus questions are normalised on every (re)load, almost all of them
# unchanged since the last one; callers' messages are not cached.
CORPUS_CACHE_SIZE = 1 << 18
normalize_corpus_text = lru_cache(maxsize=CORPUS_CACHE_SIZE)(normalize)
