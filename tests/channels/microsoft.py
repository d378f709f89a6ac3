"""A local stand-in for Microsoft's side of a Teams bot: the OpenID configuration and signing
keys, the tenant's token URL and the Bot Connector that replies are posted to. Every token
request and reply is recorded."""

from __future__ import annotations

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from tests.channels.rs256 import RsaKey

APP_ID = "6f1c1e7a-3b0e-4a8e-9c55-1d2b3c4d5e6f"
TENANT = "0a1b2c3d-1111-2222-3333-444455556666"
ISSUER = "https://api.botframework.com"
KEY = RsaKey.generate("bf-key-1")
OTHER_KEY = RsaKey.generate("bf-key-1")  # same kid, different key: a forgery


class Microsoft(ThreadingHTTPServer):
    """OpenID configuration + keys, the tenant's token URL and the Bot Connector."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.lock = threading.Lock()
        self.key_fetches = 0
        self.token_requests: list[dict[str, Any]] = []
        self.replies: list[dict[str, Any]] = []

    def replies_in(self, conversation: str) -> list[dict[str, Any]]:
        with self.lock:
            return [r for r in self.replies if r["body"]["conversation"]["id"] == conversation]

    def start(self) -> Microsoft:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def env(self) -> dict[str, str]:
        """The Teams channel's settings that point it at this stand-in."""
        return {
            "TEAMS_APP_ID": APP_ID,
            "TEAMS_APP_PASSWORD": "not-a-real-secret",
            "TEAMS_TENANT_ID": TENANT,
            "TEAMS_OPENID_URL": f"{self.base}/openid",
            "TEAMS_TOKEN_URL": f"{self.base}/{{tenant}}/oauth2/v2.0/token",
            "TEAMS_ISSUER": ISSUER,
            "TEAMS_ALLOWED_SERVICE_URLS": f"{self.base}/",
        }


class _Handler(BaseHTTPRequestHandler):
    server: Microsoft

    def log_message(self, *args: Any) -> None:
        pass

    def _json(self, data: Any, status: int = 200) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/openid":
            self._json({"issuer": ISSUER, "jwks_uri": f"{self.server.base}/keys",
                        "id_token_signing_alg_values_supported": ["RS256"]})  # fmt: skip
        elif self.path == "/keys":
            with self.server.lock:
                self.server.key_fetches += 1
            self._json({"keys": [KEY.jwk(endorsements=["msteams"])]})
        else:
            self._json({}, 404)

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with self.server.lock:
            if self.path.endswith("/oauth2/v2.0/token"):
                self.server.token_requests.append(
                    {
                        "path": self.path,
                        "form": {k: v[0] for k, v in parse_qs(body.decode()).items()},
                    }
                )
                token = f"reply-token-{len(self.server.token_requests)}"
                self._json({"token_type": "Bearer", "expires_in": 3600, "access_token": token})
            elif self.path.startswith("/v3/conversations/"):
                self.server.replies.append({"path": self.path, "body": json.loads(body),
                                            "auth": self.headers.get("Authorization")})  # fmt: skip
                self._json({"id": uuid.uuid4().hex})
            else:
                self._json({}, 404)
