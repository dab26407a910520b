"""Due times: working days around Chinese holidays, hours when urgent, fallback years."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest

from bot.triage.sla import add_working_days, deadline
from bot.triage.taxonomy import load_taxonomy

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _local(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def test_consultation_on_the_eve_of_national_day_waits_for_the_holiday() -> None:
    # 2025-09-30 (Tue) is the last working day before the 1-8 October holiday;
    # 2025-10-09 and 10-10 are the next working days; 09-28 and 10-11 were make-up days.
    due = deadline(_local(2025, 9, 30, 16, 0), "咨询", "一般", load_taxonomy().sla)
    assert due.due_at == _local(2025, 10, 11, 0, 0).astimezone(UTC)
    assert due.limit == "2个工作日"
    assert not due.calendar_fallback


def test_make_up_working_saturday_counts() -> None:
    # 2025-10-11 (Saturday) is a make-up working day after National Day.
    assert add_working_days(date(2025, 10, 10), 1) == (date(2025, 10, 11), True)


def test_complaint_gets_fifteen_working_days() -> None:
    due = deadline(_local(2026, 3, 2, 9, 0), "投诉", "一般", load_taxonomy().sla)
    # 15 working days after Monday 2 March 2026 (no holiday in between) is Monday 23 March.
    assert due.due_at == _local(2026, 3, 24, 0, 0).astimezone(UTC)


@pytest.mark.parametrize(("urgency", "hours"), [("紧急", 24), ("特急", 2)])
def test_urgency_overrides_the_request_type(urgency: str, hours: int) -> None:
    received = _local(2026, 5, 1, 10, 0)  # a holiday: hours run anyway
    due = deadline(received, "投诉", urgency, load_taxonomy().sla)
    assert (due.due_at - received).total_seconds() == hours * 3600
    assert due.limit == f"{hours}小时"


def test_unknown_year_falls_back_to_weekends_with_a_warning(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if the calendar knew nothing after 2026: a request on 31 December
    # 2026 (Thursday) counts 2 working days into 2027 by weekends only.
    known = chinese_calendar.is_workday

    def calendar(day: date) -> bool:
        if day.year > 2026:
            raise NotImplementedError(f"no data for {day.year}")
        return bool(known(day))

    monkeypatch.setattr(chinese_calendar, "is_workday", calendar)
    due = deadline(_local(2026, 12, 31, 15, 0), "咨询", "一般", load_taxonomy().sla)
    assert due.calendar_fallback
    assert due.due_at == _local(2027, 1, 5, 0, 0).astimezone(UTC)
    assert "weekends only" in caplog.text


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError):
        deadline(datetime(2026, 3, 2, 9, 0), "咨询", "一般", load_taxonomy().sla)
