"""RS256 JWTs in pure Python, for tests: the test environment has neither PyJWT nor
cryptography, and the channel under test verifies with PyJWT in the Rasa environment, so
an independent signer is a fair check.

RSA key generation (Miller-Rabin primes) and RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017).
Test use only: not constant time.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import secrets
from dataclasses import dataclass

SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")
SMALL_PRIMES = [p for p in range(3, 2000, 2) if all(p % d for d in range(3, int(p**0.5) + 1, 2))]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _int_bytes(n: int) -> bytes:
    return n.to_bytes((n.bit_length() + 7) // 8, "big")


def _probably_prime(n: int, rounds: int = 40) -> bool:
    if any(n % p == 0 for p in SMALL_PRIMES):
        return n in SMALL_PRIMES
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for _ in range(rounds):
        x = pow(secrets.randbelow(n - 3) + 2, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _prime(bits: int, e: int) -> int:
    while True:
        candidate = secrets.randbits(bits) | (0b11 << (bits - 2)) | 1
        if math.gcd(e, candidate - 1) == 1 and _probably_prime(candidate):
            return candidate


@dataclass(frozen=True)
class RsaKey:
    kid: str
    n: int
    e: int
    d: int

    @classmethod
    def generate(cls, kid: str, bits: int = 2048) -> RsaKey:
        e = 65537
        while True:
            p, q = _prime(bits // 2, e), _prime(bits // 2, e)
            n = p * q
            if p != q and n.bit_length() == bits:
                return cls(kid, n, e, pow(e, -1, math.lcm(p - 1, q - 1)))

    def jwk(self, **extra) -> dict:
        return {
            "kty": "RSA",
            "use": "sig",
            "alg": "RS256",
            "kid": self.kid,
            "n": b64url(_int_bytes(self.n)),
            "e": b64url(_int_bytes(self.e)),
            **extra,
        }

    def sign(self, message: bytes) -> bytes:
        k = (self.n.bit_length() + 7) // 8
        t = SHA256_DIGEST_INFO + hashlib.sha256(message).digest()
        encoded = b"\x00\x01" + b"\xff" * (k - len(t) - 3) + b"\x00" + t
        return pow(int.from_bytes(encoded, "big"), self.d, self.n).to_bytes(k, "big")


def jwt(claims: dict, key: RsaKey, kid: str | None = None, alg: str = "RS256") -> str:
    header = {"alg": alg, "typ": "JWT", "kid": kid or key.kid}
    signing_input = ".".join(
        b64url(json.dumps(part, separators=(",", ":")).encode()) for part in (header, claims)
    )
    return f"{signing_input}.{b64url(key.sign(signing_input.encode()))}"
