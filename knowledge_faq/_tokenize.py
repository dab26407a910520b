"""Chinese word segmentation tuned for government-service vocabulary.

jieba's general dictionary splits terms such as 异地就医 or 港澳通行证 in
ways that hurt matching, so a small domain dictionary is loaded into a
private tokenizer.

Segmentation runs on jieba-rs (``rjieba``): the same dictionary and the same
precise-mode algorithm as Python jieba, with identical output on every corpus
question and validation line, about seven times faster. Segmenting is the
largest part of building a 20,000-entry index.
"""

from functools import lru_cache
from pathlib import Path

import rjieba

from ._config import DOMAIN_DICT_PATH
from ._lexicon import load_lexicon


@lru_cache(maxsize=4)
def _tokenizer(dict_path: Path) -> rjieba.Jieba:
    """Build (once per dictionary) a jieba tokenizer with the domain words.

    Each line of the dictionary is ``word [frequency [tag]]``, as in jieba's
    ``load_userdict``.
    """
    tokenizer = rjieba.Jieba()
    for line in dict_path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            continue
        frequency = int(parts[1]) if len(parts) > 1 else None
        tokenizer.add_word(parts[0], frequency, parts[2] if len(parts) > 2 else None)
    return tokenizer


@lru_cache(maxsize=4)
def _domain_terms(dict_path: Path) -> frozenset[str]:
    """Return the domain dictionary's words (first column of each line)."""
    lines = dict_path.read_text(encoding="utf-8").splitlines()
    return frozenset(parts[0] for parts in map(str.split, lines) if parts)


def warm_up(dict_path: Path = DOMAIN_DICT_PATH) -> None:
    """Load jieba's dictionaries now rather than on the first question."""
    _tokenizer(dict_path)


def segment(text: str, dict_path: Path = DOMAIN_DICT_PATH) -> list[str]:
    """``text`` split into words: jieba's precise mode, HMM off (see :func:`analyze`)."""
    words: list[str] = _tokenizer(dict_path).cut(text, False)
    return words


def _word_forms(word: str, domain_terms: frozenset[str], tokenizer: rjieba.Jieba) -> list[str]:
    """Return ``word`` plus the shorter forms it should also match as.

    A compound containing domain terms yields exactly those terms
    (住房公积金 → 公积金), so a caller who says only 公积金 still matches.
    A domain term is kept whole: its dictionary fragments (公积, 积金) are
    noise that would make one concept count as three tokens. Any other long
    word yields every two- and three-character piece that is itself a word
    in the domain dictionary or jieba's dictionary (自由职业者 → 自由, 职业),
    as jieba's search mode does.
    """
    if len(word) <= 2:
        return [word]
    inner = _inner_terms(word, domain_terms)
    if inner or word in domain_terms:
        return [word, *inner]
    pieces = [word[i : i + n] for n in (2, 3) for i in range(len(word) - n + 1)]
    return [word, *(p for p in pieces if p != word and tokenizer.has_word(p))]


def _inner_terms(word: str, domain_terms: frozenset[str]) -> list[str]:
    """Domain terms strictly inside ``word``, each once, in reading order."""
    found: dict[str, None] = {}
    for start in range(len(word)):
        for end in range(start + 2, len(word) + 1):
            piece = word[start:end]
            if piece != word and piece in domain_terms:
                found[piece] = None
    return list(found)


def analyze(normalized: str, dict_path: Path = DOMAIN_DICT_PATH) -> tuple[list[str], str]:
    """Split normalised text into search tokens and its content text.

    Words come from jieba's precise mode with HMM off: on typos HMM invents
    odd "words" that match nothing, while single characters still overlap.
    Each word also contributes its shorter forms (see ``_word_forms``), and
    synonyms from the lexicon add their canonical form next to the original
    word, so 驾照 and 驾驶证 meet whichever one either side used.

    The content text is the input without stopwords; character similarity
    is computed on it so that a shared question frame ("过期了怎么换") does
    not make two questions about different things look alike.
    """
    if not normalized:
        return [], ""
    stopwords = load_lexicon().stopwords
    tokens: list[str] = []
    content: list[str] = []
    for word in segment(normalized, dict_path):
        if not word.strip():
            continue
        if word not in stopwords:
            content.append(word)
        tokens.extend(_word_tokens(word, dict_path))
    return tokens, "".join(content)


@lru_cache(maxsize=1 << 18)
def _word_tokens(word: str, dict_path: Path) -> tuple[str, ...]:
    """One word's search tokens: its forms without stopwords, each with its synonym.

    Cached for the process (corpus and callers' words alike): a
    20,000-entry corpus repeats its ~80,000 distinct words about a million
    times, and expanding each occurrence again was a tenth of a build. The
    lexicon and dictionaries are loaded once per process too; whatever
    reloads them must clear this cache as well.
    """
    lexicon = load_lexicon()
    tokens: list[str] = []
    for form in _word_forms(word, _domain_terms(dict_path), _tokenizer(dict_path)):
        if form in lexicon.stopwords:
            continue
        tokens.append(form)
        canonical = lexicon.synonyms.get(form)
        if canonical is not None:
            tokens.append(canonical)
    return tuple(tokens)


def tokenize(normalized: str, dict_path: Path = DOMAIN_DICT_PATH) -> list[str]:
    """Return only the search tokens of :func:`analyze`."""
    return analyze(normalized, dict_path)[0]
