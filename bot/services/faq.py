"""Turning a knowledge-base answer into the words the citizen reads.

Shared by the gateway's FAQ fast path and the ``action_answer_faq`` custom
action, so an answer reads the same whichever of them found it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.copy import say
from bot.services.kb_feedback import feedback_buttons

if TYPE_CHECKING:
    from knowledge_faq import Answer


def answer_text(answer: Answer) -> str:
    """The answer with its source and date, so citizens can check it."""
    text = answer.answer or ""
    source = answer.source or answer.department
    if source and answer.valid_from:
        dated = f"{answer.valid_from.year}年{answer.valid_from.month}月{answer.valid_from.day}日"
        return f"{text}\n{say('faq_source_dated', source=source, date=dated)}"
    if source:
        return f"{text}\n{say('faq_source', source=source)}"
    return text


def answer_reply(answer: Answer) -> tuple[str, list[dict[str, str]]]:
    """Text and 有帮助/没帮助 buttons of an answer, for any channel."""
    assert answer.faq_id is not None
    text = f"{answer_text(answer)}\n{say('faq_feedback_prompt')}"
    return text, feedback_buttons(answer.faq_id)
