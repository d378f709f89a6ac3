"""Signing in and out. One form: username, password, and the authenticator code for
accounts that use one. Every failure gets the same answer, so the page never tells a
stranger which usernames exist or which are locked."""

from __future__ import annotations

import re
import secrets
import time
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from assistant.dashboard.accounts import LOCK_FOR, MAX_FAILURES, authenticate, record_logout
from assistant.dashboard.deps import CurrentUser, Sessions, flash, render

router = APIRouter()

FAILED = (
    "Those details were not accepted. Check your username, password and, if you use one, "
    f"the code from your authenticator app. After {MAX_FAILURES} failed attempts an account "
    f"is locked for {int(LOCK_FOR.total_seconds() // 60)} minutes."
)
# Where to go after signing in: a path on this site only, never another host.
_LOCAL_PATH = re.compile(r"/(?:[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*)?")


def safe_next(value: str | None) -> str:
    return value if value and _LOCAL_PATH.fullmatch(value) else "/"


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", {"next": safe_next(next), "error": None, "username": ""})


@router.post("/login")
def login(
    request: Request,
    sessions: Sessions,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    code: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    user = authenticate(sessions, username, password, code) if username and password else None
    if user is None:
        context = {"next": safe_next(next), "error": FAILED, "username": username[:80]}
        return render(request, "login.html", context, status_code=401)
    # A new session and a new CSRF token: nothing from before sign-in carries over.
    request.session.clear()
    request.session.update(
        user_id=user.id, signed_in_at=time.time(), csrf=secrets.token_urlsafe(32)
    )
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, user: CurrentUser, sessions: Sessions) -> Response:
    record_logout(sessions, user.username)
    request.session.clear()
    flash(request, "You have signed out.")
    return RedirectResponse("/login", status_code=303)
