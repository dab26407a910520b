"""Masking of personal data (PIPL) for every view and log line.

Phones are shown as ``138****1234`` and ID numbers as the first 6 and last 4
characters, the convention Chinese hotlines already use.
"""

from __future__ import annotations

import re

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def mask_phone(phone: str | None) -> str | None:
    """Mask one phone number; short or odd values are masked whole."""
    if not phone:
        return phone
    digits = phone.strip()
    if len(digits) >= 7:
        return f"{digits[:3]}****{digits[-4:]}"
    return "*" * len(digits)


def mask_id_number(number: str) -> str:
    """An ID number's first 6 and last 4 characters, the rest starred."""
    return f"{number[:6]}{'*' * (len(number) - 10)}{number[-4:]}"


def mask_text(text: str) -> str:
    """Mask every ID number and mobile number inside free text."""
    text = _ID_NUMBER.sub(lambda m: mask_id_number(m.group(0)), text)
    return _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
