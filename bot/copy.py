"""Every line of Chinese the gateway itself says to a citizen, keyed by a stable id.

Dialogue lines belong to Rasa's ``domain.yml``; this module holds what the
gateway says when Rasa is not the speaker (errors, fallbacks, handoff notices,
emergencies). Code, logs and exceptions stay in English.
"""

from __future__ import annotations

COPY: dict[str, str] = {
    # Request validation (shown by the widget as a system notice).
    "error_empty": "消息不能为空，请输入您要咨询或反映的内容。",
    "error_too_long": "消息太长了（最多{limit}字），请分几次发送。",
    "error_not_json": "请求格式不正确，请以 JSON 发送消息。",
    "error_text_type": "消息内容必须是文字。",
    "error_unauthorized": "会话凭证无效或已过期，请刷新页面重新开始。",
    "error_unknown_session": "会话不存在或已结束，请刷新页面重新开始。",
    "error_internal": "系统繁忙，请稍后再试。",
    "error_unavailable": "系统正在维护，您的消息暂未发送成功，请稍后重试。",
    # Rasa unreachable.
    "rasa_unavailable": (
        "抱歉，智能客服暂时无法回复。您的留言已保存，不会丢失。"
        "您可以稍后再试，或点击“转人工”由工作人员为您处理。"
    ),
    # Knowledge-base answers name where they come from.
    "faq_source_dated": "（依据：{source}，{date}起施行）",
    "faq_source": "（依据：{source}）",
    "faq_feedback_prompt": "这个回答对您有帮助吗？",
    "faq_feedback_thanks": "感谢您的反馈！还有其他问题可以继续问我。",
    "faq_feedback_sorry": "抱歉没能帮到您。您可以换个说法再问一次，或点击“转人工”由工作人员为您解答。",
    # Handoff.
    "handoff_started": "已为您转接人工客服，请稍候，工作人员会在这里回复您。工单号：{number}",
    "handoff_waiting": "您的消息已转给人工客服，请稍候。",
    "not_understood_handoff": "抱歉，我还是没能理解您的问题，正在为您转接人工客服。",
    "handback": "人工客服已结束本次服务，如还有问题，可以继续向我咨询。",
    # Emergencies: the gateway answers before anything else runs.
    "emergency_110": "情况紧急！请立即拨打 110 报警。12345 不受理紧急警情，请不要在这里等待回复。",
    "emergency_119": "情况紧急！请立即拨打 119 火警电话，并尽快撤离到安全地带。12345 不受理紧急警情。",
    "emergency_120": "情况紧急！请立即拨打 120 急救电话。12345 不受理急救求助，请不要在这里等待回复。",
    "emergency_122": "请立即拨打 122 交通事故报警电话；如有人受伤，请同时拨打 120。12345 不受理紧急警情。",
    "emergency_generic": (
        "如遇紧急情况，请立即拨打：治安 110、火警 119、急救 120、交通事故 122。"
        "12345 不受理紧急警情。"
    ),
}

BUTTON_HUMAN = {"title": "转人工", "payload": "/request_human"}


def say(key: str, **values: object) -> str:
    """Render the copy ``key`` with ``values``; a missing key is a bug, so it raises."""
    return COPY[key].format(**values) if values else COPY[key]
