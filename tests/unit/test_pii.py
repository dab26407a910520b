"""Masking of phone and ID numbers."""

from bot.pii import mask_phone, mask_text


def test_mask_phone() -> None:
    """Phones keep the first 3 and last 4 digits."""
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone(None) is None


def test_mask_text_masks_ids_and_mobiles_in_free_text() -> None:
    """IDs keep the first 6 and last 4; ticket numbers are untouched."""
    text = "我叫张三，身份证11010519491231002X，电话13812345678，工单20261122000012"
    assert mask_text(text) == (
        "我叫张三，身份证110105********002X，电话138****5678，工单20261122000012"
    )
