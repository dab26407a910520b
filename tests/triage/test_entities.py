"""Entity extraction: validated phones and IDs, tickets, addresses and times."""

from datetime import date

import pytest

from bot.triage.entities import (
    Address,
    address_in,
    extract_entities,
    id_number_is_valid,
    phone_numbers,
)


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("11010519491231002X", True),
        ("11010519491231002x", True),
        ("110105194912310021", False),  # wrong check digit
        ("990105194912310023", False),  # no such region (check digit right)
        ("110105194902300020", False),  # 30 February (check digit right)
        ("110105203001010028", False),  # born in the future (check digit right)
    ],
)
def test_id_numbers_are_checked(number: str, valid: bool) -> None:
    assert id_number_is_valid(number, today=date(2026, 11, 30)) is valid


def test_id_numbers_leave_masked_with_their_verdict() -> None:
    found = extract_entities("我的身份证是11010519491231002X，另一个110105194912310021")
    assert [(i.masked, i.valid) for i in found.id_numbers] == [
        ("110105********002X", True),
        ("110105********0021", False),
    ]
    assert "19491231" not in repr(found)


@pytest.mark.parametrize(
    ("text", "phones"),
    [
        ("电话13812345678", ["13812345678"]),
        ("打+86 13912345678找我", ["13912345678"]),
        ("座机0731-88888888或者010 12345678", ["073188888888", "01012345678"]),
        ("12345678901不是手机号", []),
        ("身份证11010519491231002X", []),
        ("工单20261122000012", []),
    ],
)
def test_phone_numbers_are_validated(text: str, phones: list[str]) -> None:
    assert phone_numbers(text) == phones


def test_ticket_numbers_are_not_taken_from_id_numbers() -> None:
    found = extract_entities("工单20261122000012进度怎样，身份证11010520261122002X")
    assert found.ticket_numbers == ["20261122000012"]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "我住在示例市东湖区青石街道枫林小区3栋2单元，楼下烧烤店天天吵到半夜",
            Address("东湖区", "青石街道", "枫林小区3栋2单元"),
        ),
        ("反映C5县青山镇石桥村道路硬化的问题", Address("C5县", "青山镇", "石桥村")),
        ("位于B市B2区星光路华府花园C3栋", Address("B2区", None, "星光路")),
        ("东湖区人民路12号门口垃圾没人清", Address("东湖区", None, "人民路12号")),
        ("枫林小区门口天天有人摆摊", Address(None, None, "枫林小区")),
    ],
)
def test_addresses_are_split_into_district_street_and_place(text: str, address: Address) -> None:
    assert address_in(text) == address


@pytest.mark.parametrize("text", ["我家小区门口的路灯坏了", "小区物业不作为", "公积金怎么取"])
def test_generic_words_are_not_addresses(text: str) -> None:
    assert address_in(text) is None


def test_times_are_found_in_reading_order() -> None:
    found = extract_entities("2019年4月以来一直这样，昨天晚上10点又开始吵，今早6:30才停")
    assert found.times == ["2019年4月", "昨天晚上10点", "今早6:30"]
