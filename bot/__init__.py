"""The bot: settings, wiring, the CLI and the platform adapters (Telegram, terminal)."""
