"""What happens when the bot did not understand: try the FAQ, else say so.

Counting consecutive misunderstandings (and handing off at two) is the
gateway's job: this action only marks its reply ``{"unclear": true}``. It
reverts the citizen's utterance, as Rasa's own default fallback does, so that
the rule policy listens again instead of predicting the fallback in a loop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted

from actions._deps import knowledge_base, latest_text
from actions.faq import UNCLEAR, utter_answer

if TYPE_CHECKING:
    from rasa_sdk.executor import CollectingDispatcher


class ActionFallback(Action):
    """Answer from the knowledge base if it knows; otherwise ask to rephrase."""

    def name(self) -> str:
        return "action_fallback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        answer = knowledge_base().ask(latest_text(tracker))
        if answer.decision == "answer":
            utter_answer(dispatcher, answer)
        else:
            dispatcher.utter_message(response="utter_default", json_message=UNCLEAR)
        return [UserUtteranceReverted()]
