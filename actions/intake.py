"""The intake form: pre-filling from the report, validating, resetting."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet

from actions._deps import latest_text
from bot.triage.entities import address_in

if TYPE_CHECKING:
    from rasa_sdk.executor import CollectingDispatcher
    from rasa_sdk.types import DomainDict

INTAKE_SLOTS = ("description", "address", "phone")
MIN_DESCRIPTION_CHARS = 6
MIN_ADDRESS_CHARS = 3
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
# A bare trigger such as "我要投诉" says nothing about the problem itself.
_TRIGGER_ONLY = re.compile(
    r"^(你好|您好|我|我想|我要|想|要|请|帮我|麻烦|一下|个|问题|反映|反应|投诉|举报|报修|建议|"
    r"提个|提|登记|诉求|情况|事情|事|[，。！？,.!?\s])*$"
)


def normalise_phone(value: str) -> str | None:
    """The 11-digit mobile number inside ``value``, or ``None``."""
    digits = re.sub(r"[\s\-－—()（）+]", "", value)
    digits = digits.removeprefix("86") if len(digits) == 13 else digits
    found = _MOBILE.search(digits)
    return found.group(1) if found else None


def is_descriptive(text: str) -> bool:
    """Whether a message describes a problem rather than only announcing one."""
    stripped = text.strip()
    return len(stripped) >= MIN_DESCRIPTION_CHARS and not _TRIGGER_ONLY.match(stripped)


class ActionPrefillIntake(Action):
    """Keep what the citizen already said, so the form does not ask twice."""

    def name(self) -> str:
        return "action_prefill_intake"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = latest_text(tracker)
        events: list[dict[str, Any]] = [SlotSet(slot, None) for slot in INTAKE_SLOTS]
        if is_descriptive(text):
            events.append(SlotSet("description", text.strip()))
        phone = normalise_phone(text)
        if phone:
            events.append(SlotSet("phone", phone))
        address = address_in(text)
        if address and len(address.text) >= MIN_ADDRESS_CHARS:
            # Never ask for an address the citizen already gave.
            events.append(SlotSet("address", address.text))
        return events


class ValidateIntakeForm(FormValidationAction):
    """Validate each slot of ``intake_form``; a rejected value is asked again."""

    def name(self) -> str:
        return "validate_intake_form"

    def validate_description(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:  # cleared by the pre-fill, not answered yet
            return {"description": None}
        if isinstance(value, str) and is_descriptive(value):
            return {"description": value.strip()}
        dispatcher.utter_message(response="utter_invalid_description")
        return {"description": None}

    def validate_address(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:  # cleared by the pre-fill, not answered yet
            return {"address": None}
        if isinstance(value, str) and len(value.strip()) >= MIN_ADDRESS_CHARS:
            return {"address": value.strip()}
        dispatcher.utter_message(response="utter_invalid_address")
        return {"address": None}

    def validate_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {"phone": None}
        phone = normalise_phone(value) if isinstance(value, str) else None
        if phone:
            return {"phone": phone}
        dispatcher.utter_message(response="utter_invalid_phone")
        return {"phone": None}


class ActionResetIntake(Action):
    """Forget the form's answers (cancel, or start again after a wrong read-back)."""

    def name(self) -> str:
        return "action_reset_intake"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return [SlotSet(slot, None) for slot in INTAKE_SLOTS]
