"""Answering common questions from the knowledge base."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rasa_sdk import Action, Tracker

from actions._deps import database, knowledge_base, latest_text
from bot.services.faq import answer_reply
from bot.services.kb_feedback import NONE, record_kb_event

if TYPE_CHECKING:
    from rasa_sdk.executor import CollectingDispatcher

    from knowledge_faq import Answer

MAX_SUGGESTIONS = 3
# Marks a reply that did not understand the citizen; the gateway counts these.
UNCLEAR: dict[str, Any] = {"unclear": True}


def utter_answer(dispatcher: CollectingDispatcher, answer: Answer) -> bool:
    """Say a knowledge-base result; returns ``False`` when there was nothing to say."""
    if answer.decision == "answer":
        text, buttons = answer_reply(answer)
        dispatcher.utter_message(text=text, buttons=buttons)
        return True
    if answer.decision == "suggest" and answer.suggestions:
        buttons = [
            {"title": s.question, "payload": f'/ask_faq{{"faq_id":"{s.faq_id}"}}'}
            for s in answer.suggestions[:MAX_SUGGESTIONS]
        ]
        dispatcher.utter_message(response="utter_faq_suggest", buttons=buttons)
        return True
    return False


class ActionAnswerFaq(Action):
    """Retrieve the best entry for the question, or offer choices, or a human."""

    def name(self) -> str:
        return "action_answer_faq"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kb = knowledge_base()
        chosen = next(tracker.get_latest_entity_values("faq_id"), None)
        answer = kb.answer_for(str(chosen)) if chosen else kb.ask(latest_text(tracker))
        if not utter_answer(dispatcher, answer):
            record_gap(tracker)
            dispatcher.utter_message(response="utter_faq_none", json_message=UNCLEAR)
        return []


def record_gap(tracker: Tracker) -> None:
    """Note a question the knowledge base could not answer, for ``hotline kb gaps``."""
    question = latest_text(tracker)
    if not question or question.startswith("/"):
        return
    with database().session() as session:
        record_kb_event(session, kind=NONE, question=question, conversation_id=tracker.sender_id)
