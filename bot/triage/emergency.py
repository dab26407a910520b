"""Rule-based emergency detection: which of 110/119/120/122, if any.

Emergencies are never 12345 business, so this runs in the gateway before
anything else, and the Rasa ``emergency`` intent backs it up for phrasings the
rules miss. The rules favour recall, but look-alikes that merely mention an
emergency number or a past event ("120急救车怎么收费", "投诉110出警慢",
"上个月着火的事没人管") are excluded explicitly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Order matters: a fire with injuries is still a 119 call first.
_LINES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "119",
        re.compile(
            r"(着火|起火|失火|火灾|冒烟|烧起来|火很大|火势|爆炸|炸了|煤气泄漏|燃气泄漏|"
            r"天然气泄漏|煤气味|燃气味|天然气味|漏气|液化气)"
        ),
    ),
    (
        "122",
        re.compile(
            r"(车祸|撞车|被车撞|撞人|追尾|翻车|交通事故|连环撞).{0,12}"
            r"(受伤|流血|伤者|昏迷|人倒|有人|卡在|动不了|不省人事)|"
            r"(受伤|流血).{0,8}(车祸|撞车|被车撞)"
        ),
    ),
    (
        "120",
        re.compile(
            r"(晕倒|昏倒|昏迷|不省人事|休克|心脏病发|心梗|中风|抽搐|呼吸困难|喘不上气|"
            r"呼吸不上来|没有呼吸|没呼吸|没心跳|大出血|血流不止|中毒|吞了药|割腕|"
            r"快不行了|要生了|羊水破了|溺水|触电|急救)"
        ),
    ),
    (
        "110",
        re.compile(
            r"(持刀|拿刀|砍人|杀人|抢劫|正在偷|入室|绑架|劫持|打人|殴打|群殴|"
            r"要跳楼|想跳楼|跳河|轻生|自杀|威胁要杀|跟踪我|非礼|强奸|家暴|"
            r"有人闯进|救命)"
        ),
    ),
)

# Phrases that mean the citizen is asking about, or complaining of, a service
# rather than reporting an emergency happening now.
_NOT_NOW = re.compile(
    r"(怎么收费|收费标准|多少钱|费用|怎么办理|如何办理|流程|投诉|出警慢|态度|"
    r"上个月|上周|去年|前几天|昨天|以前|之前|那次|隐患|演练|宣传|培训|知识|"
    r"怎么预防|如何预防|灭火器|消防通道|消防栓|责任认定|认定书|理赔|保险|"
    r"没人管|没有处理|处理结果|赔偿|电影|小说|游戏)"
)
_PRESENT = re.compile(r"(正在|现在|刚刚|刚才|快|救命|紧急|马上|赶紧|了！|了!)")


@dataclass(frozen=True, slots=True)
class EmergencyMatch:
    """An emergency detected in a message."""

    line: str  # "110" | "119" | "120" | "122"
    trigger: str  # the matched words, for logs and audit


def detect_emergency(text: str) -> EmergencyMatch | None:
    """Return the line to call, or ``None`` when the message is not an emergency.

    Args:
        text: the citizen's message, as written.

    Returns:
        The first matching line in priority order, unless the message reads as
        a question or complaint about the past and shows no sign of urgency now.
    """
    compact = re.sub(r"\s+", "", text)
    for line, pattern in _LINES:
        found = pattern.search(compact)
        if not found:
            continue
        if _NOT_NOW.search(compact) and not _PRESENT.search(compact):
            return None
        return EmergencyMatch(line=line, trigger=found.group(0))
    return None
