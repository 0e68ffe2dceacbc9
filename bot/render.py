"""Rendering the core's neutral references (handlers/refs.py) for one platform."""
from __future__ import annotations

import re
from dataclasses import replace

from bot.adapter import Capabilities
from handlers.refs import CMD, INVITE
from handlers.types import Reply

_INVITE = re.compile(re.escape(INVITE) + r"([A-Za-z0-9_-]*)")


def render_text(text: str, caps: Capabilities) -> str:
    """Commands get the platform's prefix; an invite mark becomes "\\nor open LINK" or nothing."""
    if CMD not in text and INVITE not in text:
        return text
    text = text.replace(CMD, caps.command_prefix)
    if caps.invite_link:
        link = caps.invite_link
        return _INVITE.sub(lambda m: "\nor open " + link.format(code=m.group(1)), text)
    return _INVITE.sub("", text)


def render(reply: Reply, caps: Capabilities) -> Reply:
    """The reply with its text rendered (buttons carry data, not commands)."""
    text = render_text(reply.text, caps)
    return reply if text is reply.text else replace(reply, text=text)
