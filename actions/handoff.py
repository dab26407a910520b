"""Handing off to humans and redirecting emergencies.

The handoff itself (state switch, ticket, agent notice) is done by the
gateway when it sees the ``handoff`` payload, so it has one implementation
whether Rasa, an agent or the Rasa-down path asks for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rasa_sdk import Action, Tracker

from actions._deps import latest_text
from bot.copy import say
from bot.triage.emergency import detect_emergency

if TYPE_CHECKING:
    from rasa_sdk.executor import CollectingDispatcher


class ActionHandoff(Action):
    """Ask the gateway to hand the conversation to the agents."""

    def name(self) -> str:
        return "action_handoff"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            response="utter_handoff", json_message={"handoff": {"reason": "requested"}}
        )
        return []


class ActionEmergency(Action):
    """The model saw an emergency the gateway's rules missed: name the number."""

    def name(self) -> str:
        return "action_emergency"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        match = detect_emergency(latest_text(tracker))
        dispatcher.utter_message(
            text=say(f"emergency_{match.line}" if match else "emergency_generic")
        )
        return []
