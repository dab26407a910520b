"""Mend sound-alike typos in a caller's question before it is matched.

Citizens type with pinyin input methods, so their typos are the right sound
with the wrong character: 残急证 for 残疾证, 劳动种裁 for 劳动仲裁, 公基金 for
公积金. Character n-grams keep part of such a word, but the scope checks
see a word no entry uses and may decline a question the knowledge base
answers.

The mend is deliberately narrow, because a wrong "correction" changes what
a citizen said. A piece of the question is replaced by a knowledge-base term
only when all of these hold:

* the term has three to five characters (two-character windows mostly
  straddle a word boundary: 外第 → 外地 in 国外第一次 would be wrong);
* the piece is a run of two or more whole words as jieba segments the
  question: one word is a word in its own right, and a piece that ends
  inside a word is no misspelling (公正处 in 公正处理);
* the two differ in exactly one character, not the first or the last, and
  the typed character's usual reading is one of the term character's
  (pinyin, tones ignored);
* exactly one term fits.

Over the 4,326 real citizen messages in ``../shared/data`` these rules
change 5, all of them real typos (公积金代款 → 公积金贷款, 公职金 → 公积金,
弄虚做假 → 弄虚作假 three times); over the 2,816 reply-pair messages 7, one
of them doubtful (安监员, a safety inspector, → 安检员).
``bench/faq_spelling.py`` prints every change.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

from pypinyin.pinyin_dict import pinyin_dict

MIN_TERM_CHARS = 3
MAX_TERM_CHARS = 5
_HOLE = "\0"  # stands for the differing character in a term's lookup keys


@lru_cache(maxsize=1 << 15)
def readings(char: str) -> tuple[str, ...]:
    """The pinyin readings of ``char`` without tones, most common first (none for non-Han)."""
    marked = pinyin_dict.get(ord(char))
    if marked is None:
        return ()
    plain = "".join(c for c in unicodedata.normalize("NFD", marked) if not unicodedata.combining(c))
    return tuple(dict.fromkeys(plain.split(",")))


def sound_alike(typed: str, meant: str) -> bool:
    """Whether ``typed`` is what a pinyin keyboard offers for ``meant``.

    The typed character's most common reading must be one of the meant
    character's readings, tones ignored: 种 (zhong) for 仲, 代 (dai) for 贷.
    A rare reading of the typed character does not count (示 also reads
    zhi, but nobody typing 公职 gets 公示).
    """
    typed_readings = readings(typed)
    return bool(typed_readings) and typed_readings[0] in readings(meant)


def _holed(word: str, position: int) -> str:
    return f"{word[:position]}{_HOLE}{word[position + 1 :]}"


class HomophoneSpeller:
    """Replaces sound-alike misspellings of known terms in normalised text."""

    def __init__(self, terms: Iterable[str], segment: Callable[[str], Iterable[str]]) -> None:
        """Index ``terms`` (the knowledge base's words) by each interior position.

        ``segment`` splits a text into words (jieba). Only a run of two or
        more whole words is replaced: one word is a word in its own right,
        and a piece that ends inside a word is no misspelling (公正处 in
        公正处理, 报道证 in 报道证实). Building needs no pinyin: a term is
        filed under itself with one interior character blanked out, so a
        question's piece finds the terms it differs from in that one place.
        """
        self._segment = segment
        self._terms: set[str] = set()
        self._by_hole: dict[str, list[str]] = {}
        # (first character, last character, length) of every term: nearly
        # every piece of a question fails this test, which costs one lookup.
        self._ends: set[tuple[str, str, int]] = set()
        for term in terms:
            if not MIN_TERM_CHARS <= len(term) <= MAX_TERM_CHARS or term in self._terms:
                continue
            self._terms.add(term)
            self._ends.add((term[0], term[-1], len(term)))
            for position in range(1, len(term) - 1):
                self._by_hole.setdefault(_holed(term, position), []).append(term)
        self._firsts = frozenset(first for first, _, _ in self._ends)

    def correct(self, text: str) -> str:
        """``text`` with each sound-alike misspelling of a term replaced by the term.

        Reads left to right and tries the longest piece first, so a mended
        term is never mended again from its middle.
        """
        if not self._by_hole or len(text) < MIN_TERM_CHARS:
            return text
        bounds = self._word_bounds(text)
        mended: list[str] = []
        start = 0
        while start < len(text):
            term = self._term_at(text, start, bounds) if text[start] in self._firsts else None
            mended.append(term or text[start])
            start += len(term) if term else 1
        return "".join(mended)

    def _word_bounds(self, text: str) -> dict[int, int]:
        """Each word's start offset mapped to its end offset."""
        bounds: dict[int, int] = {}
        offset = 0
        for word in self._segment(text):
            bounds[offset] = offset + len(word)
            offset += len(word)
        return bounds

    def _term_at(self, text: str, start: int, bounds: dict[int, int]) -> str | None:
        """The one term that a run of whole words starting at ``start`` misspells, if any."""
        if start not in bounds:
            return None
        ends = set()  # where a run of two or more words starting here ends
        end = bounds[start]
        while end in bounds and end - start < MAX_TERM_CHARS:
            end = bounds[end]
            ends.add(end)
        for length in range(MAX_TERM_CHARS, MIN_TERM_CHARS - 1, -1):
            end = start + length
            if end not in ends or (text[start], text[end - 1], length) not in self._ends:
                continue
            piece = text[start:end]
            if piece in self._terms:
                continue
            fits = {
                term
                for position in range(1, length - 1)
                for term in self._by_hole.get(_holed(piece, position), ())
                if term[position] != piece[position]
                and sound_alike(piece[position], term[position])
            }
            if len(fits) == 1:
                return fits.pop()
        return None
