"""The Teams app package a school's IT admin uploads: manifest.json and two icons, zipped.

    python -m assistant.channels.teams_manifest --out var/teams-app.zip \\
        --app-id "$TEAMS_APP_ID" --domain policy-bot.example-school.org.uk

Standard library only, no network: runs in either environment. The icons are drawn here
(a plain shield shape) so no image tools are needed; replace them with the school's own
192x192 colour and 32x32 white-on-transparent outline PNGs if you like.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import struct
import sys
import uuid
import zipfile
import zlib
from pathlib import Path

MANIFEST_VERSION = "1.17"
SCHEMA = "https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json"
GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
BRAND = (0x1F, 0x4E, 0x79)  # a dark blue


def png(width: int, height: int, pixel) -> bytes:
    """An RGBA PNG; ``pixel(x, y)`` gives (r, g, b, a)."""
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def _in_shield(u: float, v: float) -> bool:
    """A shield on the unit square: straight sides, then tapering to a point."""
    if not 0.2 <= v <= 0.85:
        return False
    half = 0.3 if v < 0.55 else 0.3 * (0.85 - v) / 0.3
    return abs(u - 0.5) <= half


def color_icon(size: int = 192) -> bytes:
    def pixel(x: int, y: int) -> tuple[int, int, int, int]:
        if _in_shield((x + 0.5) / size, (y + 0.5) / size):
            return (255, 255, 255, 255)
        return (*BRAND, 255)

    return png(size, size, pixel)


def outline_icon(size: int = 32) -> bytes:
    """White on transparent, as Teams requires for the outline icon."""

    def pixel(x: int, y: int) -> tuple[int, int, int, int]:
        inside = _in_shield((x + 0.5) / size, (y + 0.5) / size)
        return (255, 255, 255, 255) if inside else (0, 0, 0, 0)

    return png(size, size, pixel)


def manifest(
    app_id: str,
    domains: list[str],
    *,
    name: str = "Policy Assistant",
    school: str = "Our school",
    website: str = "https://example.org",
    version: str = "1.0.0",
    package_id: str | None = None,
) -> dict:
    if not GUID.match(app_id):
        raise ValueError("the bot's app id must be the Entra ID application (client) id, a GUID")
    for domain in domains:
        if "/" in domain or ":" in domain.replace("*.", "", 1) or not domain:
            raise ValueError(f"a valid domain is a host name, not a URL: {domain!r}")
    return {
        "$schema": SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": version,
        # The Teams app's own id; stable per bot so re-uploads update the same app.
        "id": package_id or str(uuid.uuid5(uuid.NAMESPACE_URL, f"teams-app:{app_id}")),
        "developer": {
            "name": school,
            "websiteUrl": website,
            "privacyUrl": website,
            "termsOfUseUrl": website,
        },
        "name": {"short": name[:30], "full": f"{name} ({school})"[:100]},
        "description": {
            "short": "Answers staff questions from the school's social media policy."[:80],
            "full": (
                "Ask what the school's social media policy says: answers quote the clauses "
                "they rely on. You can also report a concern to the designated "
                "safeguarding lead."
            ),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#{:02X}{:02X}{:02X}".format(*BRAND),
        "bots": [
            {
                "botId": app_id,
                "scopes": ["personal", "team"],
                "supportsFiles": False,
                "isNotificationOnly": False,
                "commandLists": [
                    {
                        "scopes": ["personal", "team"],
                        "commands": [
                            {"title": "help", "description": "What I can answer"},
                            {
                                "title": "I want to report something",
                                "description": "Report a concern to the safeguarding lead",
                            },
                        ],
                    }
                ],
            }
        ],
        "permissions": ["identity"],
        "validDomains": domains,
    }


def build(out: Path, app_id: str, domains: list[str], **details: str) -> Path:
    data = manifest(app_id, domains, **details)
    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        # Files at the root of the zip, as Teams expects.
        package.writestr("manifest.json", json.dumps(data, indent=2) + "\n")
        package.writestr("color.png", color_icon())
        package.writestr("outline.png", outline_icon())
    out.write_bytes(buffer.getvalue())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("var/teams-app.zip"))
    parser.add_argument("--app-id", default=os.environ.get("TEAMS_APP_ID", ""),
                        help="Entra ID application id (default: $TEAMS_APP_ID)")  # fmt: skip
    parser.add_argument("--domain", action="append", default=[], dest="domains",
                        help="host name the bot is served from; repeatable")  # fmt: skip
    parser.add_argument("--name", default="Policy Assistant")
    parser.add_argument("--school", default="Our school")
    parser.add_argument("--website", default="https://example.org",
                        help="the school's website (privacy and terms links)")  # fmt: skip
    parser.add_argument("--version", default="1.0.0", help="raise it for every re-upload")
    args = parser.parse_args(argv)
    try:
        path = build(
            args.out, args.app_id, args.domains, name=args.name, school=args.school,
            website=args.website, version=args.version,
        )  # fmt: skip
    except ValueError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    print(f"wrote {path}: upload it in Teams admin centre > Teams apps > Manage apps > Upload")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
