"""Facts a citizen already wrote: phone numbers, ID numbers, ticket numbers, address, times.

The intake form is pre-filled from them, so nobody is asked for an address
they gave two messages ago. Everything is validated before it is believed:
a phone number must be a mainland mobile or a landline with an area code, an
ID number must carry a valid region, birth date and ISO 7064 check digit.
ID numbers leave this module masked; nothing downstream needs the digits.

Addresses are found by their administrative suffixes (区/县, 街道/镇/乡,
路/街/小区/村…) rather than against a gazetteer, so a fictional or newly
built place is found as readily as a real one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from bot.pii import mask_id_number

# A work order number: the local date (yyyymmdd) and a six-digit sequence
# (bot/services/tickets.py makes them).
TICKET_NUMBER_DIGITS = 14
TICKET_NUMBER_PATTERN = re.compile(rf"(?<!\d)(\d{{{TICKET_NUMBER_DIGITS}}})(?!\d)")
_MOBILE = re.compile(r"(?<![\d])(?:\+?86[-\s]?)?(1[3-9]\d{9})(?!\d)")
_LANDLINE = re.compile(r"(?<![\d])(0\d{2,3})[-－\s]?(\d{7,8})(?!\d)")
_ID_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# First two digits of a resident ID: provinces, plus 81/82/83 for residence
# permits of Hong Kong, Macao and Taiwan residents.
_ID_REGIONS = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
)

# Characters that end a place name when reading backwards from its suffix.
_NAME_STOP = frozenset(
    "在住于的是到我家从向往去和与及跟把被给了着在、，。,.！!？?：:；;（）()【】[]“”\"' \n\t省市"
)
# Words ending in 区/县/镇 that are not districts, counties or towns.
_NOT_DISTRICT = re.compile(
    r"(小区|社区|园区|景区|城区|市区|郊区|地区|山区|片区|街区|辖区|校区|新区域|厂区|库区|禁区|"
    r"盲区|误区|服务区|停车区|生活区|办公区|商业区|开发区管委会|县城|乡下|乡村|城乡|老乡|家乡)$"
)
_DISTRICT = re.compile(r"[区县]")
# Words that open a sentence before an address ("反映A7县…", "位于东湖区…").
_LEAD_IN = re.compile(
    r"^(?:反映|投诉|举报|咨询|关于|位于|地处|坐落|座落|请问|本人|我们|他们|现在|目前)+"
)
_CODED_NAME = re.compile(r"[A-Z]\d{1,2}$")
_STREET = re.compile(r"(街道|镇|乡)")
_PLACE = re.compile(r"(路|街|大道|巷|胡同|小区|社区|村|花园|家园|苑|公寓|大厦|广场|新村)")
_PLACE_NUMBER = re.compile(
    r"(?:[\dA-Za-z一二三四五六七八九十百]+(?:号院|号楼|号|栋|幢|单元|楼|组|室|期))+"
)
_TIME = re.compile(
    r"(\d{4}[年./-]\d{1,2}[月./-](?:\d{1,2}[日号]?)?|\d{4}年|\d{1,2}月\d{1,2}[日号]|"
    r"(?:今天|昨天|前天|明天|后天|今早|昨晚|今晚|每天|每晚|上周|这周|本周|下周|上个月|这个月|"
    r"下个月|去年|今年|明年|最近|刚才|刚刚)"
    r"(?:(?:凌晨|早上|上午|中午|下午|傍晚|晚上|夜里|半夜)?[\d一二三四五六七八九十两]{1,3}[点时:：](?:\d{1,2}分?|半|多)?)?|"
    r"(?:凌晨|早上|上午|中午|下午|傍晚|晚上|夜里|半夜)[\d一二三四五六七八九十两]{1,3}[点时:：](?:\d{1,2}分?|半|多)?|"
    r"(?<!\d)\d{1,2}[:：]\d{2}(?!\d))"
)


@dataclass(frozen=True, slots=True)
class IdNumber:
    """A Chinese resident ID number, masked; ``valid`` says whether it passed every check."""

    masked: str
    valid: bool


@dataclass(frozen=True, slots=True)
class Address:
    """Where the matter is: district, street (街道/镇/乡) and the finer place, as written."""

    district: str | None = None
    street: str | None = None
    place: str | None = None

    @property
    def text(self) -> str:
        """The parts joined, as the form shows them."""
        return "".join(part for part in (self.district, self.street, self.place) if part)


@dataclass(frozen=True, slots=True)
class Entities:
    """Everything extracted from one text."""

    phones: list[str] = field(default_factory=list)
    id_numbers: list[IdNumber] = field(default_factory=list)
    ticket_numbers: list[str] = field(default_factory=list)
    address: Address | None = None
    times: list[str] = field(default_factory=list)


def id_number_is_valid(number: str, today: date | None = None) -> bool:
    """Region code, a real birth date not in the future, and the check digit."""
    if not re.fullmatch(r"\d{17}[\dXx]", number) or int(number[:2]) not in _ID_REGIONS:
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if not date(1900, 1, 1) <= born <= (today or date.today()):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def phone_numbers(text: str) -> list[str]:
    """Mobile numbers (11 digits) and landlines with an area code, digits only, in order.

    Both patterns refuse a digit on either side, so no number is taken from
    inside an ID or ticket number.
    """
    found = [(m.start(1), m.group(1)) for m in _MOBILE.finditer(text)]
    found += [(m.start(), m.group(1) + m.group(2)) for m in _LANDLINE.finditer(text)]
    numbers: list[str] = []
    for _, number in sorted(found):
        if number not in numbers:
            numbers.append(number)
    return numbers


def _name_before(text: str, end: int, longest: int) -> str:
    """The place name ending just before ``end``: back to a stop character, at most ``longest``."""
    start = end
    while start > 0 and end - start < longest and text[start - 1] not in _NAME_STOP:
        start -= 1
    return text[start:end]


def _suffixed(
    text: str,
    suffix: re.Pattern[str],
    start: int,
    longest: int,
    shortest: int = 1,
    generic: re.Pattern[str] | None = _NOT_DISTRICT,
) -> tuple[int, int, str] | None:
    """The first ``name + suffix`` at or after ``start`` that is not a generic word."""
    for match in suffix.finditer(text, start):
        name = _name_before(text, match.start(), longest)
        name = name[max(0, start - (match.start() - len(name))) :]
        name = _LEAD_IN.sub("", name)
        coded = _CODED_NAME.search(name)
        if coded:  # anonymised names such as A3区: the code is the whole name
            name = coded.group(0)
        candidate = name + match.group(0)
        if len(name) >= shortest and not (generic and generic.search(candidate)):
            return match.start() - len(name), match.end(), candidate
    return None


def address_in(text: str) -> Address | None:
    """The first address written in ``text``, or ``None`` when there is none.

    A street or place counts as part of the address only when it follows
    the district (or the street) within two characters, as addresses are
    written: 东湖区青石街道枫林小区3栋.
    """
    district = _suffixed(text, _DISTRICT, 0, 5)
    cursor = district[1] if district else 0
    street = _suffixed(text, _STREET, cursor, 6, shortest=2)
    if street and district and street[0] - cursor > 2:
        street = None
    cursor = street[1] if street else cursor
    place = _suffixed(text, _PLACE, cursor, 10, shortest=2, generic=None)
    if place and (district or street) and place[0] - cursor > 2:
        place = None
    place_text = None
    if place:
        number = _PLACE_NUMBER.match(text, place[1])
        place_text = place[2] + (number.group(0) if number else "")
    if not (district or street or place_text):
        return None
    return Address(
        district=district[2] if district else None,
        street=street[2] if street else None,
        place=place_text,
    )


def extract_entities(text: str, today: date | None = None) -> Entities:
    """Phones, masked ID numbers, ticket numbers, the address and times mentioned in ``text``."""
    ids = [m.group(1) for m in _ID_CANDIDATE.finditer(text)]
    return Entities(
        phones=phone_numbers(text),
        id_numbers=[IdNumber(mask_id_number(n), id_number_is_valid(n, today)) for n in ids],
        ticket_numbers=[m.group(1) for m in TICKET_NUMBER_PATTERN.finditer(text)],
        address=address_in(text),
        times=[m.group(0) for m in _TIME.finditer(text)],
    )
