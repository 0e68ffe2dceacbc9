"""Neutral references in reply text: commands and invite links, rendered by each adapter.

Handlers never write platform syntax. `cmd("done 3")` (or `CMD` inside an f-string:
f"{CMD}done 3") marks a command; the adapter renders the mark as its platform's prefix:
"/done 3" on Telegram, "/ft done 3" in Slack, "done 3" in the terminal. `invite_line(code)`
marks "a line with the invite link, where the platform has one" (a t.me deep link on
Telegram; nothing elsewhere). The marks are Unicode private-use characters that
`Core` removes from what people send, so a person's own words ("Update the /start docs")
are never rewritten.
"""
from __future__ import annotations

CMD = "\ue000"      # "a command starts here"
INVITE = "\ue001"   # "an invite link line for the code that follows"
MARKS = (CMD, INVITE)


def cmd(command: str) -> str:
    """A command as the person should type it on their platform: cmd("done 3")."""
    return CMD + command


def invite_line(code: str) -> str:
    """A newline and a link that joins with `code`, on platforms with invite links; else nothing."""
    return INVITE + code


def unmarked(text: str) -> str:
    """`text` without marks (what a person sends cannot contain them)."""
    if CMD in text or INVITE in text:
        return text.replace(CMD, "").replace(INVITE, "")
    return text
