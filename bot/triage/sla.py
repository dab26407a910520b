"""When a work order is due: working days with Chinese holidays, or hours when urgent.

``N个工作日`` counts the working days after the day a request is received and
ends at midnight (local time) after the N-th one, so a consultation received
on a Friday afternoon before a holiday week is due when the office has had
two working days for it. Statutory holidays and make-up working days come
from chinese-calendar; for a year it does not know yet (the State Council
publishes each year's schedule late in the year before), only weekends are
skipped and the result says so, so the caller can warn.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar

from .taxonomy import SlaProfile

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Deadline:
    """A work order's due time and how it was computed."""

    due_at: datetime  # timezone-aware, UTC
    limit: str  # e.g. "2个工作日" or "24小时", for the citizen and the agent
    calendar_fallback: bool  # True when a year had no holiday data: weekends only


def is_working_day(day: date) -> tuple[bool, bool]:
    """``(working, known)``: whether ``day`` is a working day, and whether the calendar knew."""
    try:
        return bool(chinese_calendar.is_workday(day)), True
    except NotImplementedError:
        return day.weekday() < 5, False


def add_working_days(start: date, count: int) -> tuple[date, bool]:
    """The ``count``-th working day after ``start``, and whether every year was known."""
    day, known_all, left = start, True, count
    while left > 0:
        day += timedelta(days=1)
        working, known = is_working_day(day)
        known_all &= known
        left -= working
    return day, known_all


def deadline(
    received_at: datetime, request_type: str, urgency: str, profile: SlaProfile
) -> Deadline:
    """The due time of a request of ``request_type`` and ``urgency`` received at ``received_at``.

    An urgency with an hour limit (紧急, 特急) overrides the request type's
    working days. ``received_at`` must be timezone-aware.
    """
    if received_at.tzinfo is None:
        raise ValueError("received_at must be timezone-aware")
    hours = profile.hours.get(urgency)
    if hours is not None:
        due = received_at + timedelta(hours=hours)
        return Deadline(due.astimezone(UTC), f"{hours:g}小时", calendar_fallback=False)
    days = profile.working_days[request_type]
    zone = ZoneInfo(profile.timezone)
    local_day = received_at.astimezone(zone).date()
    last_day, known = add_working_days(local_day, days)
    if not known:
        log.warning(
            "no holiday data for a year up to %s: counting %d working days by weekends only",
            last_day.year,
            days,
        )
    due = datetime.combine(last_day + timedelta(days=1), time(0, 0), tzinfo=zone)
    return Deadline(due.astimezone(UTC), f"{days}个工作日", calendar_fallback=not known)
