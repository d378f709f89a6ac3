"""``python -m assistant.dashboard``: serve the dashboard with uvicorn on DASHBOARD_HOST
(127.0.0.1) and DASHBOARD_PORT (8000). Put TLS in front of it before it leaves the
machine."""

from __future__ import annotations

import uvicorn

from assistant.dashboard.app import create_app
from assistant.dashboard.settings import SettingsError, load_settings


def main() -> int:
    try:
        settings = load_settings()
        app = create_app(secret=settings.secret)
    except SettingsError as problem:
        print(f"dashboard: {problem}")
        return 2
    uvicorn.run(app, host=settings.host, port=settings.port, server_header=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
