"""FAQ knowledge base for the 12345 government-service hotline intake bot.

Answers common citizen questions (housing fund, social and medical insurance,
household registration, traffic, the hotline itself, ...) from a curated YAML
corpus, so that the bot can resolve simple enquiries itself and only open a
work order when needed. City-specific facts come from one city profile file.

Typical use::

    kb = KnowledgeBase.load()
    answer = kb.ask("租房子能取公积金吗")
    if answer.decision == "answer":
        reply(answer.answer)
"""

from ._ask import written_question_count
from ._config import DEFAULT_CITY_PROFILE, DEFAULT_CORPUS_DIR, TOPICS
from ._errors import CorpusError, PlaceholderError
from ._kb import KnowledgeBase
from ._live import LiveKnowledgeBase, ensure_kb_dir, kb_paths
from ._models import Answer, FaqEntry, Suggestion
from ._normalize import normalize, simplified
from ._store import IMPORT_FIELDS, LIST_SEPARATOR, KbStore, read_import_file
from ._tokenize import tokenize

__all__ = [
    "DEFAULT_CITY_PROFILE",
    "DEFAULT_CORPUS_DIR",
    "IMPORT_FIELDS",
    "LIST_SEPARATOR",
    "TOPICS",
    "Answer",
    "CorpusError",
    "FaqEntry",
    "KbStore",
    "KnowledgeBase",
    "LiveKnowledgeBase",
    "PlaceholderError",
    "Suggestion",
    "ensure_kb_dir",
    "kb_paths",
    "normalize",
    "read_import_file",
    "simplified",
    "tokenize",
    "written_question_count",
]
