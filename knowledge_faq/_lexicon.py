"""Load the matching vocabulary from ``lexicon.yaml``.

Filler words, stopwords and synonyms are language data that maintainers tune
by hand, so they are kept out of the code and validated once on first use.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ._config import LEXICON_PATH
from ._errors import CorpusError


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Vocabulary used to normalise and tokenise text."""

    filler_phrases: tuple[str, ...]
    filler_chars: frozenset[str]
    stopwords: frozenset[str]
    synonyms: dict[str, str]


def _strings(raw: object, key: str, path: Path) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(v, str) and v for v in raw):
        raise CorpusError(f"{path}: {key} must be a list of non-empty texts")
    return list(raw)


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Read and validate the lexicon (cached: it never changes at run time)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CorpusError(f"cannot load lexicon {path}: {exc}") from exc
    if not isinstance(raw, dict):
        raise CorpusError(f"{path}: must be a mapping")
    chars = raw.get("filler_chars", "")
    synonyms = raw.get("synonyms") or {}
    if not isinstance(chars, str):
        raise CorpusError(f"{path}: filler_chars must be one string of characters")
    if not isinstance(synonyms, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and k and v for k, v in synonyms.items()
    ):
        raise CorpusError(f"{path}: synonyms must map text to text")
    phrases = _strings(raw.get("filler_phrases", []), "filler_phrases", path)
    return Lexicon(
        # Longest first so that a long phrase is not half-eaten by a shorter one.
        filler_phrases=tuple(sorted(phrases, key=len, reverse=True)),
        filler_chars=frozenset(chars),
        stopwords=frozenset(_strings(raw.get("stopwords", []), "stopwords", path)),
        synonyms=dict(synonyms),
    )
