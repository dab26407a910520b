"""Emergency rules: the right number for real emergencies, none for look-alikes."""

from __future__ import annotations

import pytest

from bot.triage.emergency import detect_emergency


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("救命！厨房着火了", "119"),
        ("楼下煤气泄漏了味道特别大", "119"),
        ("有人拿刀在小区门口砍人", "110"),
        ("我家老人突然晕倒了叫不醒", "120"),
        ("路口撞车了，有人受伤流血", "122"),
        ("有个人站在楼顶要跳楼", "110"),
    ],
)
def test_emergencies_name_the_right_line(text: str, line: str) -> None:
    """Each kind of emergency maps to its own number."""
    match = detect_emergency(text)
    assert match is not None and match.line == line


@pytest.mark.parametrize(
    "text",
    [
        "120急救车怎么收费",
        "投诉110出警慢",
        "上个月着火的事没人管",
        "楼道里堆满杂物有火灾隐患",
        "交通事故责任认定书在哪里领",
        "公积金怎么提取",
    ],
)
def test_look_alikes_are_not_emergencies(text: str) -> None:
    """Questions and complaints that mention emergencies are 12345 business."""
    assert detect_emergency(text) is None
