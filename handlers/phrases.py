"""Everyday words that are not insights or commitments: pure readers, no database.

Classes, not fixed strings: a completion told in words ("done with the Paul one", "I finished #1",
"#2 done", "mark 3 as done"), a question about the list ("what's still open?", "what do I have
this week"), an absence ("on vacation until the 20th", "I'm off sick today", "back from vacation",
"sorry I went MIA, was sick for a week"), a snooze or move request ("snooze #1 until tomorrow",
"remind me about #2 later", "push #3 to Monday"), and small talk (greetings, thanks, "my coach
said I should write here").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_A = "['’]"
_I_AM = rf"(?:i{_A}?m|i\s+am|im)"

_DONE_LEAD = re.compile(
    rf"""^\s*(?:(?:ok(?:ay)?|so|yay|woo+|yes+|finally|and)[,!\s]+)*
        (?:i(?:{_A}ve|\s+have)?\s+|we(?:{_A}ve|\s+have)?\s+)?(?:just\s+|finally\s+|already\s+|now\s+)?
        (?:done|finished|completed|did(?=\s+\#?\d+\s*$)|ticked\s+off|knocked\s+out|crossed\s+off|wrapped\s+up|got\s+through)\b
        (?:\s+(?:with|on))?\s*(?P<ref>.*?)[\s!.🎉✅]*$""",
    re.IGNORECASE | re.VERBOSE)
_DONE_TAIL = re.compile(
    r"""^\s*(?P<ref>.+?)\s+(?:is\s+|are\s+|'s\s+|’s\s+)?(?:now\s+|finally\s+|all\s+)?
        (?:done|finished|completed|sorted|taken\s+care\s+of|ticked\s+off)[\s!.🎉✅]*$""",
    re.IGNORECASE | re.VERBOSE)
_DONE_MARK = re.compile(
    r"""^\s*(?:please\s+)?(?:mark|tick|check|cross)\s+(?:off\s+)?(?P<ref>.+?)
        (?:\s+(?:as\s+)?(?:done|complete|completed|finished|off))?[\s!.]*$""",
    re.IGNORECASE | re.VERBOSE)

_NOT_YET = re.compile(r"n['’]t\b|\b(?:not|never|almost|nearly|half|yet|tomorrow|by|before|until)\b", re.IGNORECASE)

_LIST_QUESTION = re.compile(
    rf"""\b(?:what(?:{_A}s|\s+is|\s+are|s)?\s+(?:still\s+|left\s+|else\s+)?(?:open|left|pending|due|outstanding|next|
            on\s+(?:my|the)\s+(?:list|plate|agenda))
        |what\s+(?:do|did|have)\s+i\s+(?:still\s+)?(?:have|got|need\s+to\s+do|owe|promise|promised|commit(?:ted)?\s+to)
        |anything\s+(?:still\s+)?(?:due|open|left|pending)
        |(?:show|give|list|send)\s+(?:me\s+)?(?:my|the)\s+(?:list|actions|todos?|tasks|open\s+\w+)
        |(?:where|how)\s+am\s+i\s+(?:at|doing)\b
        )""",
    re.IGNORECASE | re.VERBOSE)

_SICK_WORDS = r"(?:sick|ill|unwell)(?!\s+(?:of|and\s+tired))"
_AWAY = r"""(?:on\s+(?:(?:a|my)\s+)?(?:vacation|vacay|holidays?|leave|pto|sick\s+leave|parental\s+leave|a\s+break|
                  a\s+trip|(?:a\s+)?business\s+trip)
             |away|off(?!\s+(?:to|the)\b)|ooo|out\s+of\s+(?:the\s+)?(?:office|town|country)|offline|travell?ing
             |""" + _SICK_WORDS + r"""|mia|in\s+(?:the\s+)?hospital|down\s+with\s+\w+)"""
_AWAY_BEFORE = _AWAY.replace("|off(?!", "|(?!off)off(?!")  # "I got off the phone" tells of no absence
_ABSENCE_BACK = re.compile(
    rf"""(?:^|[.!,;:]\s*)(?:(?:hi|hey|hello|ok|so|sorry)[,!\s]+)?(?:(?:{_I_AM}|we{_A}?re|we\s+are)\s+)?
            (?:just\s+|finally\s+|now\s+)?back\b(?!\s+to\s+(?:you|him|her|them|\w+\s+(?:by|on|before)))
        |\breturned\s+from\b|\bi(?:{_A}ve|\s+have)\s+returned\b""",
    re.IGNORECASE | re.VERBOSE)
_ABSENCE_PAST = re.compile(
    rf"""(?:\b(?:i|we)\s+(?:was|were|have\s+been|{_A}ve\s+been|had\s+been|went|got|fell)|^\s*(?:was|been|went))
        \s+(?:\w+\s+){{0,2}}?{_AWAY_BEFORE}\b""", re.IGNORECASE | re.VERBOSE)
_ABSENCE_AHEAD = re.compile(
    rf"""(?:\b(?:{_I_AM}|i{_A}?ll\s+be|i\s+will\s+be|will\s+be|gonna\s+be|going\s+to\s+be|we{_A}?re|heading)\s+
            (?:\w+\s+){{0,2}}?{_AWAY}\b
        |^\s*(?:(?:off|away|ooo|out)\s+(?:until|till|til|through|thru|from|for|next|this|tomorrow|today|all)
            |on\s+(?:vacation|holiday|leave|pto)\b)
        |\btaking\s+(?:a\s+|the\s+|some\s+)?(?:\w+\s+){{0,2}}?(?:off|vacation|holiday|leave)\b
        |\boff\s+sick\b)""",
    re.IGNORECASE | re.VERBOSE)
_SICK = re.compile(r"\b(?:sick|ill|unwell|flu|covid|hospital|fever)\b", re.IGNORECASE)

_SNOOZE = re.compile(
    r"""^\s*(?:please\s+|can\s+you\s+|could\s+you\s+)?
        (?:(?:snooze|remind\s+me\s+(?:again\s+)?(?:later|about|of|tomorrow|in|on|next|tonight)
              |nudge\s+me\s+later)\b
           |(?:later|not\s+now)(?:\s+please)?[\s.!]*$)""",
    re.IGNORECASE | re.VERBOSE)
_MOVE = re.compile(
    r"""^\s*(?:please\s+|can\s+you\s+|could\s+you\s+)?
        (?:postpone|delay|defer|push(?:\s+back)?|move|reschedule|put\s+off|bump)\s+(?:the\s+)?(?:action\s+)?
        \#?(?P<number>\d+)\b""",
    re.IGNORECASE | re.VERBOSE)

_GREETING = re.compile(
    r"""^\s*(?:hi+|hello+|hey+|hiya|howdy|heya|yo|hallo|hola|moin|servus|greetings|
            good\s+(?:morning|afternoon|evening|day))
        (?:\s+(?:there|all|bot|you|again|everyone))?\b[\s!,.:;)\-–—👋🙂😊]*""",
    re.IGNORECASE | re.VERBOSE)
_THANKS = re.compile(
    r"""^\s*(?:thanks?(?:\s+(?:a\s+lot|so\s+much|again|you))?|thank\s+you(?:\s+(?:so\s+much|again))?|thx|ty|cheers|
            ok(?:ay)?|k|cool|great|nice|perfect|awesome|got\s+it|sounds\s+good|will\s+do|noted|👍|🙏)
        [\s!.,:)🙂😊👍🙏]*$""",
    re.IGNORECASE | re.VERBOSE)
_ABOUT_BOT = re.compile(
    r"""\b(?:my\s+coach\s+(?:said|says|told|asked|wants|recommended|suggested)|how\s+does\s+(?:this|it)\s+work|
            what\s+(?:can|do)\s+you\s+do|what\s+is\s+this|who\s+are\s+you|how\s+do\s+i\s+(?:use|start))""",
    re.IGNORECASE | re.VERBOSE)


@dataclass(frozen=True)
class Completion:
    ref: str  # what names the action: "#1", "the Paul one", "" when nothing does


def completion(text: str) -> Completion | None:
    """"done with the Paul one" -> Completion("the Paul one"); None when it is no completion."""
    t = text.strip()
    if t.endswith("?") or _NOT_YET.search(t):
        return None
    for pattern in (_DONE_LEAD, _DONE_MARK, _DONE_TAIL):
        m = pattern.match(t)
        if m:
            ref = m.group("ref").strip(" ,.!:;")
            if pattern is _DONE_MARK and not re.search(r"\d|\bas\s+done\b|\bdone\b|\boff\b", t, re.IGNORECASE):
                continue  # "check the numbers" is a plan, not "check off #2"
            if len(ref.split()) > 12:
                return None
            return Completion(ref)
    return None


def is_list_question(text: str) -> bool:
    return bool(_LIST_QUESTION.search(text))


def absence(text: str) -> str | None:
    """"back" (returned, or tells of a past absence), "ahead" (away now or soon), or None."""
    if _ABSENCE_BACK.search(text) or _ABSENCE_PAST.search(text):
        return "back"
    if _ABSENCE_AHEAD.search(text):
        return "ahead"
    return None


def is_sick(text: str) -> bool:
    return bool(_SICK.search(text))


def is_snooze(text: str) -> bool:
    return bool(_SNOOZE.match(text))


def move_request(text: str) -> int | None:
    """The action number in "push #3 to Monday", "postpone 2 until next week"; else None."""
    m = _MOVE.match(text)
    return int(m.group("number")) if m else None


def greeting_rest(text: str) -> str | None:
    """What follows a greeting ("hi! my coach said..." -> "my coach said..."), None when the
    message does not open with one."""
    m = _GREETING.match(text)
    if not m or (m.end() < len(text) and text[m.end() - 1].isalnum() and text[m.end()].isalnum()):
        return None
    return text[m.end():].strip()


def is_thanks(text: str) -> bool:
    """Thanks, OK, got it: acknowledged, never saved."""
    return bool(_THANKS.match(text))


def is_about_bot(text: str) -> bool:
    """"my coach said I should write here", "how does this work?": answered with how to use it."""
    return bool(_ABOUT_BOT.search(text))


_STOP = frozenset("""the a an one ones with my that this it its task action thing item to for of on and about re
                     which what was is are i we me our your all""".split())


def words(text: str) -> set[str]:
    """Content words for matching an action by its title: lowercased, simple plural cut."""
    out = set()
    for w in re.findall(r"[\w']+", text.lower()):
        w = w.strip("'")
        if w.endswith("'s"):
            w = w[:-2]
        if w in _STOP or not w:
            continue
        out.add(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w)
    return out
