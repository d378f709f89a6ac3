"""Write the Rasa credentials for this machine: the always-on channels in credentials.yml,
plus Telegram and Teams when their settings are in the environment (a channel whose
secrets are missing would stop Rasa from starting).

Usage:
    python scripts/credentials.py > var/credentials.yml
"""

import os
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
OPTIONAL = {
    "assistant.channels.telegram.TelegramInput": ("TELEGRAM_TOKEN", "TELEGRAM_WEBHOOK_SECRET"),
    "assistant.channels.teams.TeamsInput": (
        "TEAMS_APP_ID",
        "TEAMS_APP_PASSWORD",
        "TEAMS_TENANT_ID",
    ),
}

credentials = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8"))
for channel, needs in OPTIONAL.items():
    if all(os.environ.get(name) for name in needs):
        credentials[channel] = {}
        print(f"credentials: {channel.rsplit('.', 1)[1]} enabled", file=sys.stderr)
yaml.safe_dump(credentials, sys.stdout, sort_keys=False)
