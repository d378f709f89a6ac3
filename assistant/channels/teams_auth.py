"""Bot Framework authentication for a single-tenant bot, without blocking the event loop.

Incoming: every request from the Bot Framework carries a JWT signed with one of the keys
published at the OpenID configuration's ``jwks_uri``. ``RequestVerifier`` checks it the way
Microsoft's "Connector to bot" rules ask: RS256 only, issuer, audience (our app id),
lifetime, the signing key endorsed for the activity's channel, and the token's
``serviceurl`` claim equal to the activity's ``serviceUrl``.

Outgoing: replies need a token from the *tenant's* token URL (client credentials, scope
``https://api.botframework.com/.default``). Rasa 3.6's ``botframework`` channel asks the
multi-tenant ``botframework.com`` tenant instead, which single-tenant registrations (all
new ones since 31 July 2025) cannot use.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
from jwt.algorithms import RSAAlgorithm

logger = logging.getLogger(__name__)

ALGORITHMS = ["RS256"]
LEEWAY_SECONDS = 300  # Microsoft's SDKs allow five minutes of clock skew
KEY_REFRESH_MIN_SECONDS = 60  # an unknown kid refetches the keys at most this often
KEY_MAX_AGE_SECONDS = 24 * 3600
BOT_FRAMEWORK_SCOPE = "https://api.botframework.com/.default"
TOKEN_MARGIN_SECONDS = 300  # fetch a new reply token this long before the old one expires


class Unauthorized(Exception):
    """The request is refused. The message says why, for the log; it never holds content."""


class SigningKeys:
    """The Bot Framework's signing keys, by kid, fetched from the OpenID configuration."""

    def __init__(self, openid_url: str, client: httpx.AsyncClient) -> None:
        self.openid_url = openid_url
        self.client = client
        self.keys: dict[str, dict[str, Any]] = {}
        self.fetched_at = float("-inf")
        self._lock = asyncio.Lock()

    async def get(self, kid: str) -> dict[str, Any]:
        now = time.monotonic()
        stale = now - self.fetched_at > KEY_MAX_AGE_SECONDS
        if stale or (kid not in self.keys and now - self.fetched_at > KEY_REFRESH_MIN_SECONDS):
            async with self._lock:
                if self.fetched_at < now:  # nobody refreshed while we waited
                    await self._refresh()
        if kid not in self.keys:
            raise Unauthorized("unknown signing key")
        return self.keys[kid]

    async def _refresh(self) -> None:
        self.fetched_at = time.monotonic()  # failures count too: no hammering
        try:
            config = (await self.client.get(self.openid_url)).raise_for_status().json()
            jwks = (await self.client.get(config["jwks_uri"])).raise_for_status().json()
            keys = {k["kid"]: k for k in jwks["keys"] if isinstance(k, dict) and "kid" in k}
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            logger.warning("teams: could not fetch signing keys: %s", type(exc).__name__)
            return
        self.keys = keys
        logger.info("teams: loaded %d signing keys", len(keys))


class RequestVerifier:
    def __init__(self, app_id: str, issuer: str, keys: SigningKeys) -> None:
        self.app_id = app_id
        self.issuer = issuer
        self.keys = keys

    async def verify(self, authorization: str | None) -> dict[str, Any]:
        """The token's claims, if ``authorization`` is a valid ``Bearer`` token."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("no bearer token")
        token = token.strip()
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise Unauthorized("malformed token") from exc
        if header.get("alg") not in ALGORITHMS:
            raise Unauthorized("algorithm not allowed")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise Unauthorized("no key id")
        jwk = await self.keys.get(kid)
        try:
            public_key = RSAAlgorithm.from_jwk(json.dumps(jwk))
            claims = jwt.decode(
                token,
                key=public_key,  # type: ignore[arg-type]
                algorithms=ALGORITHMS,
                audience=self.app_id,
                issuer=self.issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iss", "aud"]},
            )
        except (jwt.PyJWTError, ValueError, TypeError) as exc:
            raise Unauthorized(f"invalid token ({type(exc).__name__})") from exc
        claims["_endorsements"] = jwk.get("endorsements")
        return claims


def check_activity(claims: dict[str, Any], activity: dict[str, Any]) -> None:
    """The parts of the check that need the activity: the key must be endorsed for its
    channel, and the token must have been issued for its service URL."""
    endorsements = claims.get("_endorsements")
    if isinstance(endorsements, list) and activity.get("channelId") not in endorsements:
        raise Unauthorized("signing key not endorsed for this channel")
    if claims.get("serviceurl") != activity.get("serviceUrl"):
        raise Unauthorized("service URL does not match the token")


@dataclass
class _Token:
    value: str
    refresh_at: float


class ReplyToken:
    """Client-credentials tokens for the Bot Connector, from the tenant's token URL,
    cached until shortly before they expire."""

    def __init__(
        self, token_url: str, app_id: str, app_password: str, client: httpx.AsyncClient
    ) -> None:
        self.token_url = token_url
        self.app_id = app_id
        self.app_password = app_password
        self.client = client
        self._token: _Token | None = None
        self._lock = asyncio.Lock()

    def forget(self) -> None:
        self._token = None

    async def get(self) -> str:
        async with self._lock:
            if self._token is None or time.monotonic() >= self._token.refresh_at:
                self._token = await self._fetch()
            return self._token.value

    async def _fetch(self) -> _Token:
        reply = await self.client.post(
            self.token_url,
            data={
                "grant_type": "client_credentials",
                "client_id": self.app_id,
                "client_secret": self.app_password,
                "scope": BOT_FRAMEWORK_SCOPE,
            },
        )
        if reply.status_code != 200:
            # The body may echo the request; log the status and Azure's error code only.
            code = _error_code(reply)
            raise RuntimeError(f"token request refused: HTTP {reply.status_code} {code}")
        data = reply.json()
        lifetime = float(data.get("expires_in", 0))
        margin = min(TOKEN_MARGIN_SECONDS, lifetime / 2)
        return _Token(str(data["access_token"]), time.monotonic() + lifetime - margin)


def _error_code(reply: httpx.Response) -> str:
    try:
        return str(reply.json().get("error", ""))
    except ValueError:
        return ""
