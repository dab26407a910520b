"""Is a message a plain question the knowledge base may answer on its own?

The gateway answers confident FAQ hits itself, skipping Rasa's dialogue, to
keep common questions fast. That shortcut is only safe for messages whose
*dialogue* meaning cannot be anything but "I have a question": a report
("我要反映个问题"), a complaint, a problem description ("路灯坏了半个月了")
or a request for a person must reach Rasa, which starts the intake form or
the handoff, even when some FAQ entry happens to share their words.

So the rule is deliberately narrow: the message must read as a question and
must not carry a cue that it is a report or a request. Anything else still
gets the knowledge base, through Rasa's ``faq`` intent; it is just not
short-circuited.
"""

from __future__ import annotations

import re

# Interrogative forms that make a message a question in colloquial Chinese.
_QUESTION = re.compile(
    r"[?？]|吗|么|嘛|呢|怎|如何|什么|啥|谁|哪|几|多少|多久|多长|是否|能否|可否|"
    r"能不能|可不可以|可以不|行不行|有没有|是不是|会不会|要不要|用不用|算不算|"
    r"需不需要|该不该|咨询|请问|问一下|问问"
)

# Cues that the citizen is reporting, complaining or asking for a person:
# those start a form or a handoff, which only Rasa's dialogue can do.
_DIALOGUE_CUE = re.compile(
    r"反映|投诉|举报|报修|报案|求助|建议|表扬|感谢|工单|转人工|人工|真人|客服|"
    r"坏了|坏掉|损坏|扰民|噪音|拖欠|欠薪|没人管|不管|不处理|"
    r"我要(反映|投诉|举报|报|说|提)"
)


def is_plain_question(text: str) -> bool:
    """True when ``text`` reads as a question and carries no report cue."""
    return bool(_QUESTION.search(text)) and not _DIALOGUE_CUE.search(text)
