"""Is a message a plain question the knowledge base may answer on its own?

The gateway answers confident FAQ hits itself, skipping Rasa's dialogue, to
keep common questions fast. That shortcut is only safe for messages whose
*dialogue* meaning cannot be anything but "I want to know something": a
report ("我要反映个问题"), a problem that asks for help ("路灯坏了半个月了",
"老板拖欠工资怎么办"), a complaint ("扰民怎么没人管") or a request for a
person must reach Rasa, which starts the intake form or the handoff, even
when some FAQ entry happens to share their words.

The rule, in order:

1. an act of reporting or asking for a person ("我要投诉", "帮我反映",
   "转人工", a ticket number) or a complaint that nobody acts ("没人管")
   always goes to Rasa;
2. a problem together with a call for help ("坏了…怎么办", "拖欠…怎么办",
   "漏水…来修一下") goes to Rasa;
3. words that name a report or a problem (投诉, 举报, 坏了, 扰民…) are
   fine inside a question *about* them ("投诉要提供什么材料", "坏掉的微波炉
   能扔普通垃圾桶吗"), but without a question form they are a report;
4. a question form makes it a plain question; so does a short keyword
   query ("公积金贷款流程", "社保卡激活"), the way people type into a
   search box. A longer statement without a question form is left to Rasa.

Anything not short-circuited still gets the knowledge base, through Rasa's
``faq`` intent; it is just not answered here.
"""

from __future__ import annotations

import re

# Interrogative forms, and the nouns of information-seeking ("…的流程").
_QUESTION = re.compile(
    r"[?？]|吗|么|嘛|呢|怎|咋|如何|什么|啥|谁|哪|几|多少|多久|多长|是否|能否|可否|"
    r"能不能|可不可以|可以不|行不行|有没有|是不是|会不会|要不要|用不用|算不算|"
    r"需不需要|该不该|咨询|请问|问一下|问问|想知道|流程|手续|材料|条件|资格|标准|"
    r"费用|收费|时间|地点|地址|电话|政策|规定|要求|期限|截止|还是|好不好"
)

# Acts of reporting, asking for a person, or complaining that nobody acts.
_ACT = re.compile(
    r"(我|我们|俺)(要|想|来|得)?(反映|投诉|举报|报修|报案|求助|提(个)?建议|表扬|感谢)|"
    r"帮(我|忙|帮)(反映|投诉|举报|报修|找|转|催|查一下)|转人工|人工|真人|客服|工单号|没人管|不管|不处理|不作为|"
    r"(反映|投诉|举报|报修)(一下|个|一个)"
)

# A problem, and a call for someone to act on it.
_PROBLEM = re.compile(
    r"坏了|坏掉|损坏|不亮|漏水|渗水|堵了|堵塞|扰民|噪音|拖欠|欠薪|停水|停电|没水|没电|臭"
)
_CALL_FOR_HELP = re.compile(
    r"怎么办|咋办|有没有人管|管管|管一下|来修|修一下|修修|处理一下|解决一下|快点|赶紧"
)

# Words that name a report or a problem.
_REPORT_WORD = re.compile(r"反映|投诉|举报|报修|报案|求助|建议|表扬|感谢|工单|" + _PROBLEM.pattern)

# Up to this many characters, a statement without a question form is read
# as a keyword query; real reports are longer (a median of ~200 characters).
KEYWORD_QUERY_MAX_CHARS = 12


def is_plain_question(text: str) -> bool:
    """True when ``text`` only asks for information (see the module rules)."""
    if _ACT.search(text):
        return False
    if _PROBLEM.search(text) and _CALL_FOR_HELP.search(text):
        return False
    if _QUESTION.search(text):
        return True
    if _REPORT_WORD.search(text):
        return False
    return len(text.strip()) <= KEYWORD_QUERY_MAX_CHARS
