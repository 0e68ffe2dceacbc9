"""Reading what a plain message is: a commitment, an insight, or something to ask about.

People write the way they talk, so these are classes of phrasing, not fixed strings:
an intent opener ("I'll", "I'm gonna", "Plan:", "Todo:"), an insight marker ("Insight:",
"Big aha today:", "I just realised", "Lesson learned:"), or simply a future deadline in
an action-like sentence ("sending the quote before lunch on the 12th").
"""
from __future__ import annotations

import re

_APOS = "['’]"

# Openers that announce a commitment; the matched part is cut from the action text.
COMMIT_OPENER = re.compile(
    rf"""^\s*(?:
        (?:ok(?:ay)?|so|and|also|then|right|alright)[,\s]+ )?
        (?:
          i{_APOS}?ll | i\s+will | i\s+shall | i{_APOS}?m\s+(?:going\s+to|gonna) | i\s+am\s+(?:going\s+to|gonna)
          | im\s+(?:going\s+to|gonna) | i\s+commit\s+to | i{_APOS}?m\s+committing\s+to | i\s+promise\s+to
          | i\s+plan\s+to | i\s+intend\s+to | i\s+need\s+to | i\s+have\s+to | i\s+must | i\s+want\s+to
          | i\s+aim\s+to | i{_APOS}?d\s+like\s+to | my\s+plan\s+is\s+to | going\s+to | gonna | will
          | (?:to\s*do|todo|task|action|commitment|commit|plan|next\s+step)\s*[:\-–]
        )\s+(?:(?:definitely|really|try\s+(?:to|and)|finally|also|first)\s+)*
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Markers of an insight. A marker at the start is cut ("Insight: x" keeps "x").
INSIGHT_PREFIX = re.compile(
    r"""^\s*(?:(?:big|huge|small|little|major|today['’]?s|my)\s+)*
        (?:insight|aha(?:\s+moment)?|realisation|realization|lesson(?:\s+learned|\s+learnt)?|learning|takeaway|
           key\s+takeaway|note\s+to\s+self|reflection|epiphany|observation|til)
        (?:\s+(?:of\s+the\s+day|today|for\s+today))?\s*[:\-–!]+\s*""",
    re.IGNORECASE | re.VERBOSE,
)
INSIGHT_PHRASE = re.compile(
    r"""^\s*(?:(?:just|finally|suddenly|today|so|and|also)\s+)*
            (?:realised|realized|noticed|learned|learnt|discovered|figured\s+out|found\s+out)\b
        |\b(?:i\s+(?:just\s+|finally\s+|suddenly\s+|have\s+|'ve\s+|’ve\s+)?
            (?:realised|realized|realise|realize|learned|learnt|noticed|discovered|understood|figured\s+out|
               see\s+now|get\s+it\s+now|found\s+out|became\s+aware|recogni[sz]ed)
        |it\s+(?:struck|hit|occurred\s+to|dawned\s+on)\s+me
        |(?:turns|turned)\s+out
        |lesson\s+(?:learned|learnt)
        |my\s+(?:big\s+)?(?:insight|takeaway|aha)\b
        |\baha\b|\bepiphany\b
        )""",
    re.IGNORECASE | re.VERBOSE,
)
_QUESTION = re.compile(r"\?\s*$|^\s*(?:what|why|how|when|where|who|which|can|could|should|do|does|is|are)\b",
                       re.IGNORECASE)


def commitment_body(text: str) -> str | None:
    """The action part of a message that opens with a commitment, else None."""
    m = COMMIT_OPENER.match(text)
    if not m:
        return None
    body = text[m.end():].strip()
    return body or None


def insight_body(text: str) -> str | None:
    """The insight part of a message marked as one, else None."""
    m = INSIGHT_PREFIX.match(text)
    if m:
        body = text[m.end():].strip()
        return body or None
    if INSIGHT_PHRASE.search(text):
        return text.strip()
    return None


def is_question(text: str) -> bool:
    return bool(_QUESTION.search(text))


def tidy_action_text(text: str) -> str:
    """Clean what is left after the deadline and opener are cut out: stray connectors,
    punctuation and spaces, and a capital first letter ("send it by friday" -> "Send it")."""
    t = " ".join(text.split())
    for _ in range(3):
        t = re.sub(r"[\s,;:\-–—]+$", "", t)
        t = re.sub(r"\s+(?:by|before|until|till|due|on|at|in|for|no\s+later\s+than|latest|and|then)$", "", t,
                   flags=re.IGNORECASE)
    t = re.sub(r"^[\s,;:\-–—]+", "", t)
    t = t.rstrip(".!")
    return t[:1].upper() + t[1:] if t else t


_RECURS_BEFORE = re.compile(r"\b(?:every(?:\s+other)?|each)\s*$", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|never|no|don['’]?t|do\s+not|won['’]?t|avoid|stop|without|zero)\b", re.IGNORECASE)
_LIMIT_PHRASE = re.compile(r"^\s*(?:before|after|until|till|past)\b", re.IGNORECASE)


def action_title(text: str, start: int, end: int) -> tuple[str, bool]:
    """The title to store for `text` whose deadline phrase spans [start, end), and whether the
    phrase was a recurrence. The phrase is cut ("Send it by Friday" -> "Send it") unless it is
    part of what the person will do: a recurrence ("Do a weekly review every Friday") or a
    limit on a habit ("Not open email before 10"), which stay whole."""
    before = text[:start]
    recurs = bool(_RECURS_BEFORE.search(before))
    if recurs or (_NEGATION.search(before) and _LIMIT_PHRASE.match(text[start:end])):
        return tidy_action_text(text), recurs
    return tidy_action_text(before + " " + text[end:]), False


_PAST_IRREGULAR = {"sent", "met", "spoke", "ran", "went", "did", "had", "was", "were", "got", "made", "took", "gave",
                   "told", "said", "saw", "wrote", "left", "paid", "bought", "brought", "thought", "found", "held",
                   "kept", "lost", "won", "sold", "spent", "tried", "closed", "finished"}
_NOT_PAST = {"need", "feed", "seed", "speed", "proceed", "succeed", "exceed", "bleed", "breed", "heed", "embed",
             "shed", "bed", "wed"}
_FIRST_VERB = re.compile(r"^\s*(?:(?:i|we|just|already|finally|also|then)\s+)*([a-z]+)\b", re.IGNORECASE)


def is_past_report(text: str) -> bool:
    """"Sent the quote on Friday", "I called Bob Monday": a report of something done, not a
    commitment, even when a weekday follows."""
    m = _FIRST_VERB.match(text)
    if not m:
        return False
    word = m.group(1).lower()
    return word in _PAST_IRREGULAR or (len(word) > 3 and word.endswith("ed") and word not in _NOT_PAST)
