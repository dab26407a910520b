"""The widget in a real browser: Debian's Chromium driven by Playwright.

Types into the widget, sees the bot's replies, asks for a person, and sees the
agent's reply arrive live without a reload, on the real stack.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.e2e.conftest import AGENT_TOKEN, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium; Playwright never downloads a browser of its own."""
    if not CHROMIUM.exists():
        pytest.fail("install Debian's chromium (see .ci/run)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def phone(browser: Browser) -> Iterator[Page]:
    """A phone-sized page."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def _send(page: Page, text: str) -> None:
    page.get_by_test_id("h12345-input").fill(text)
    page.get_by_test_id("h12345-send").click()


def test_widget_chat_handoff_and_live_agent_reply(stack: Stack, phone: Page) -> None:
    """A citizen chats in the widget and receives an agent's reply live."""
    if stack.mode != "embedded":
        pytest.skip("the browser path is the same in both storage modes")
    phone.goto(stack.base_url + "/")
    panel = phone.get_by_test_id("h12345-panel")
    expect(panel).to_be_visible()
    panel_box = panel.bounding_box()
    assert panel_box and panel_box["width"] >= 380, "the panel fills a phone screen"

    _send(phone, "你好")
    bot = phone.locator('[data-testid="h12345-msg"][data-sender="bot"]')
    expect(bot.last).to_contain_text("12345政务服务便民热线智能客服", timeout=30_000)

    _send(phone, "租房子可以提公积金吗")
    expect(bot.last).to_contain_text("公积金", timeout=30_000)

    _send(phone, "转人工")
    system = phone.locator('[data-testid="h12345-msg"][data-sender="system"]')
    expect(system.last).to_contain_text("工单号", timeout=30_000)

    session_id = phone.evaluate("JSON.parse(localStorage.getItem('h12345.session')).session_id")
    reply = httpx.post(
        f"{stack.base_url}/agent/api/conversations/{session_id}/messages",
        json={"text": "您好，我是人工客服小李，马上为您处理。<b>不是粗体</b>"},
        headers={"Authorization": f"Bearer {AGENT_TOKEN}"},
        timeout=10,
    )
    assert reply.status_code == 201
    agent = phone.locator('[data-testid="h12345-msg"][data-sender="agent"]')
    expect(agent.last).to_contain_text("人工客服小李", timeout=30_000)
    expect(agent.last).to_contain_text("<b>不是粗体</b>")  # shown as text, never as HTML
    phone.screenshot(path=str(stack.var_dir / "widget-phone.png"), full_page=True)
