"""Creating work orders from the intake form, and answering status questions."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from sqlalchemy.exc import SQLAlchemyError

from actions._deps import database, latest_text
from actions.intake import INTAKE_SLOTS
from bot.services.messages import transcript
from bot.services.tickets import create_ticket, find_ticket, local_time, ticket_number_in
from bot.services.triage import classify_ticket

if TYPE_CHECKING:
    from rasa_sdk.executor import CollectingDispatcher

log = logging.getLogger(__name__)


# The intent that opened the form names the request type from this confidence on.
RASA_TYPE_MIN_CONFIDENCE = 0.7


def opening_intent(tracker: Tracker) -> str | None:
    """The latest confident request intent (request_complain, request_report…) of the citizen."""
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = (event.get("parse_data") or {}).get("intent") or {}
        name = intent.get("name")
        if isinstance(name, str) and name.startswith("request_"):
            confident = float(intent.get("confidence") or 0.0) >= RASA_TYPE_MIN_CONFIDENCE
            return name if confident else None
    return None


class ActionCreateTicket(Action):
    """Create the work order the citizen just confirmed."""

    def name(self) -> str:
        return "action_create_ticket"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        try:
            with database().session() as session:
                ticket = create_ticket(
                    session,
                    kind="intake",
                    conversation_id=tracker.sender_id,
                    description=str(tracker.get_slot("description") or ""),
                    address=tracker.get_slot("address"),
                    phone=tracker.get_slot("phone"),
                    transcript=transcript(session, tracker.sender_id),
                )
                classify_ticket(ticket, opening_intent(tracker))
                number = ticket.number
                time_limit = ticket.time_limit
                due = (
                    local_time(ticket.due_at).strftime("%Y-%m-%d %H:%M") if ticket.due_at else None
                )
        except SQLAlchemyError:
            log.exception("conversation %s: ticket not saved", tracker.sender_id)
            dispatcher.utter_message(response="utter_ticket_failed")
            return []
        if due and time_limit:
            dispatcher.utter_message(
                response="utter_ticket_created_due",
                ticket_number=number,
                time_limit=time_limit,
                due=due,
            )
        else:
            dispatcher.utter_message(response="utter_ticket_created", ticket_number=number)
        return [SlotSet(slot, None) for slot in INTAKE_SLOTS]


class ActionTicketStatus(Action):
    """Tell the citizen where a work order stands."""

    def name(self) -> str:
        return "action_ticket_status"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        number = next(tracker.get_latest_entity_values("ticket_number"), None)
        if not number:
            number = ticket_number_in(latest_text(tracker))
        if not number:
            dispatcher.utter_message(response="utter_ask_ticket_number")
            return []
        with database().session() as session:
            ticket = find_ticket(session, str(number))
            if ticket is None:
                dispatcher.utter_message(response="utter_ticket_not_found", ticket_number=number)
                return []
            created = local_time(ticket.created_at)
            dispatcher.utter_message(
                response="utter_ticket_status",
                ticket_number=ticket.number,
                status=ticket.status,
                created=created.strftime("%Y-%m-%d %H:%M"),
            )
        return []
