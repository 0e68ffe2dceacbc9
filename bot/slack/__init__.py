"""The Slack door: `inbound` (payloads → Incoming), `outbound` (Reply → Web API), `modal` (the
"New commitment" form) and `app` (Bolt over Socket Mode or signed HTTP, lifecycle).

Public surface: `SlackAdapter`, `SlackSender`, `blocks_for`, `posts_for`, `escape`, `split_text`,
`from_event`, `from_command`, `from_action`, `command_text`.
"""
from bot.slack.app import SlackAdapter
from bot.slack.inbound import command_text, from_action, from_command, from_event
from bot.slack.outbound import SlackSender, blocks_for, escape, posts_for, split_text

__all__ = ["SlackAdapter", "SlackSender", "blocks_for", "posts_for", "escape", "split_text", "from_event",
           "from_command", "from_action", "command_text"]
