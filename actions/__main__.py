"""Start the action server with the policy engine loaded before the first request.

Usage:
    python -m actions [--port 5055]

rasa_sdk's own ``python -m rasa_sdk`` would load the model lazily on the first question;
here it loads once at start-up, in the serving process, and /health answers only after.
"""

from __future__ import annotations

import argparse
import logging
import os

from rasa_sdk.endpoint import create_app
from rasa_sdk.executor import ActionExecutor

from assistant.policy.answers import get_engine


def main() -> None:
    parser = argparse.ArgumentParser(description="Hartest policy assistant action server")
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTION_PORT", 5055)))
    parser.add_argument("--host", default=os.environ.get("ACTION_HOST", "127.0.0.1"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    get_engine()
    executor = ActionExecutor()
    executor.register_package("actions")
    app = create_app(executor)
    app.run(host=args.host, port=args.port, single_process=True, access_log=False, motd=False)


if __name__ == "__main__":
    main()
