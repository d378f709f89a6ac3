"""Print the assistant's URLs once both servers answer, then wait (honcho stops all
processes when one exits, so this one stays until Ctrl-C)."""

import signal
import time

import httpx

CHECKS = ("http://127.0.0.1:5055/health", "http://127.0.0.1:5005/", "http://127.0.0.1:8000/health")

for url in CHECKS:
    while True:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(1)

print(
    "\nThe policy assistant is ready:\n"
    "  REST:      POST http://localhost:5005/webhooks/rest/webhook  "
    '{"sender": "me", "message": "can I friend a former pupil aged 17?"}\n'
    "  Socket.IO: http://localhost:5005/socket.io\n"
    "  Website:   http://localhost:5005/webhooks/website/demo  (the parents' widget)\n"
    "  Actions:   http://localhost:5055/health\n"
    "  Dashboard: http://localhost:8000  (accounts: make add-user LOGIN=... ROLE=headteacher)\n"
    "  Reports are kept in var/cases.db; `make cases` lists the open ones.\n"
    "Press Ctrl-C to stop them all.\n",
    flush=True,
)
signal.pause()
