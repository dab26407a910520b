"""Process-wide resources of the action server, built lazily on first use.

The action server is its own process, so it opens its own database engine and
loads its own knowledge base from the same configuration as the gateway.
"""

from __future__ import annotations

from functools import cache

from bot.config import Settings
from bot.db import Database
from knowledge_faq import LiveKnowledgeBase


@cache
def database() -> Database:
    """The database the gateway uses (``DATABASE_URL`` or the SQLite default)."""
    return Database(Settings.from_env().database_url)


@cache
def knowledge_base() -> LiveKnowledgeBase:
    """The live knowledge base (``HOTLINE_KB_DIR``); it follows edits by itself."""
    return LiveKnowledgeBase(Settings.from_env().kb_dir)


def latest_text(tracker: object) -> str:
    """The citizen's latest message text, or an empty string."""
    message = getattr(tracker, "latest_message", None) or {}
    return str(message.get("text") or "")
