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
            r"(着火(?!车)|起火|失火|火灾|冒烟|烧起来|火很大|火势|爆炸|炸了|煤气泄漏|燃气泄漏|"
            r"天然气泄漏|煤气味|燃气味|天然气味|漏气|困在火)"
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
            r"有人闯进|非法拘禁|关起来|被困|困在|出不来|救命(?![钱的保消通路稻恩]))"
        ),
    ),
)

# Around the trigger (its clause and the clauses either side), these say the
# citizen is asking about, or complaining of, a service or a past event, or
# fears a hazard that has not happened: 12345 business unless something also
# says it is happening now.
_NOT_NOW = re.compile(
    r"(怎么收费|收费|多少钱|费用|怎么办理|如何办理|办理|流程|投诉|出警|态度|不作为|没人管|"
    r"没有处理|处理结果|赔偿|理赔|保险|工伤|认定|冷静期|离婚|报销|补贴|电影|小说|游戏|新闻|"
    r"12345|应该打|该打哪个|打什么电话|"
    r"上个月|上周|去年|前年|前几天|以前|之前|那次|曾经|当时|\d{4}年|\d{1,2}月\d{1,2}[日号]|"
    r"多次|几次|两次|三次|每年|一年|经常|屡次|发生过|"
    r"隐患|一旦|如果|万一|可能|担心|害怕|风险|导致|造成|引起|引发|灰尘|粉尘|噪音|油烟|防范|预防|宣传|演练|培训|知识|会不会|容易|"
    r"灭火器|消防通道|消防栓|消防设施|责任认定|认定书)"
)
# Figures of speech built on emergency words.
_FIGURATIVE = re.compile(
    r"(救命钱|救命的钱|救命稻草|救命恩人|头都要炸|要炸了(?!.{0,2}(楼|房|罐|锅炉))|气炸|炸锅|"
    r"抢劫国库|也是抢劫|就是抢劫|简直是抢劫|是在抢劫|明抢|无理绑架|道德绑架|被.{0,4}绑架了?(?=.{0,6}(合同|协议|条款))|"
    r"火很大(?=.{0,3}(脾气|意见))|急救知识|急救培训|急救员|信息.{0,2}爆炸|大爆炸的时代|"
    r"要打人的样子|打人了！打人了|救命路)"
)
# A long, written complaint (most board-style messages) mentions fires and
# fights of the past in passing; in one, a trigger counts only next to words
# that say it is happening now.
LONG_MESSAGE = 120
_HAPPENING_NOW = re.compile(
    r"(正在|刚刚|刚才|此刻|快来|快救|赶紧(?:来|救|报警|叫)|救命(?!钱|的钱|稻草|路)|求救|马上来|"
    r"(?:目前|至今|一直|还)被?困在)"
)
# In a long message the sign of "now" must be this close to the trigger.
NOW_DISTANCE = 12
_PRESENT = re.compile(
    r"(正在|现在|刚刚|刚才|马上|快来|快救|快叫|赶紧|救命(?!钱|的钱|稻草)|紧急|求救|此刻|就在)"
)
_CLAUSE_MARKS = "，,。！？!?；;\n"
_CLAUSE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;\n]*")


@dataclass(frozen=True, slots=True)
class EmergencyMatch:
    """An emergency detected in a message."""

    line: str  # "110" | "119" | "120" | "122"
    trigger: str  # the matched words, for logs and audit


def _windows(text: str) -> list[str]:
    """Each sentence with its neighbours: the context a trigger is judged in."""
    sentences = [m.group(0) for m in _CLAUSE.finditer(text)] or [text]
    return ["".join(sentences[max(0, i - 1) : i + 2]) for i in range(len(sentences))]


def _sentence_at(window: str, position: int) -> tuple[int, int]:
    """Start and end of the sentence of ``window`` that holds ``position``."""
    for sentence in _CLAUSE.finditer(window):
        if sentence.start() <= position < sentence.end():
            return sentence.span()
    return 0, len(window)


def _clause_at(window: str, position: int) -> tuple[int, int]:
    """Start and end of the comma-delimited clause of ``window`` that holds ``position``."""
    start = max(window.rfind(mark, 0, position) for mark in _CLAUSE_MARKS) + 1
    ends = [e for e in (window.find(mark, position) for mark in _CLAUSE_MARKS) if e >= 0]
    return start, min(ends, default=len(window))


def _cue_near(
    cues: re.Pattern[str], window: str, trigger: re.Match[str], start: int, end: int
) -> bool:
    """Whether a cue other than the trigger itself occurs in ``window[start:end]``."""
    return any(
        cue.start() < trigger.start() or cue.end() > trigger.end()
        for cue in cues.finditer(window, max(0, start), min(len(window), end))
    )


def _is_current(window: str, trigger: re.Match[str], long_message: bool) -> bool:
    for figurative in _FIGURATIVE.finditer(window):
        if figurative.start() <= trigger.end() and trigger.start() <= figurative.end():
            return False
    if long_message:
        sentence = _sentence_at(window, trigger.start())
        start = max(sentence[0], trigger.start() - NOW_DISTANCE)
        end = min(sentence[1], trigger.end() + NOW_DISTANCE)
        return _cue_near(_HAPPENING_NOW, window, trigger, start, end)
    clause = _clause_at(window, trigger.start())
    if _NOT_NOW.search(window, *clause):
        # "去年就起火过一次", "上班晕倒算工伤吗": only a strong sign of now overrides.
        return _cue_near(_HAPPENING_NOW, window, trigger, *clause)
    near = _cue_near(
        _PRESENT, window, trigger, trigger.start() - NOW_DISTANCE, trigger.end() + NOW_DISTANCE
    )
    return near or not _NOT_NOW.search(window)


def detect_emergency(text: str) -> EmergencyMatch | None:
    """Return the line to call, or ``None`` when the message is not an emergency.

    Args:
        text: the citizen's message, as written.

    Returns:
        The first matching line in priority order, judged sentence by
        sentence: a trigger counts unless its sentence and the ones beside
        it read as a question or complaint about a service, a past event or
        a hazard (and show no sign of urgency now), or use it as a figure of
        speech ("救命钱", "头都要炸了").
    """
    compact = re.sub(r"[ \t\r\f\v]+", "", text)
    long_message = len(compact) > LONG_MESSAGE
    windows = _windows(compact)
    for line, pattern in _LINES:
        for window in windows:
            for found in pattern.finditer(window):
                if _is_current(window, found, long_message):
                    return EmergencyMatch(line=line, trigger=found.group(0))
    return None
