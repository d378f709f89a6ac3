"""What routes depend on: the signed-in user, the case store, the templates. Routes depend
on this module, and it on ``assistant.cases``; nothing points back."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session, sessionmaker
from starlette.responses import Response

from assistant.cases.models import User
from assistant.cases.store import CaseStore
from assistant.dashboard import formatting
from assistant.dashboard.accounts import get_user
from assistant.dashboard.security import CSRF_FIELD, csrf_token

TEMPLATES = Path(__file__).with_name("templates")
SESSION_HOURS = 8  # a school day; then sign in again


class LoginRequired(Exception):
    """Raised by ``current_user``; the app turns it into a redirect to /login."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


def make_templates(timezone: str, recipients: dict[str, str]) -> Jinja2Templates:
    """Templates with autoescaping on everywhere, and the filters pages use; ``recipients``
    names each routing key ("dsl" -> "Designated Safeguarding Lead")."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every template, whatever its name: reports are untrusted text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["label"] = formatting.label
    env.filters["local"] = lambda value: formatting.local_time(value, timezone)
    env.filters["age"] = formatting.age
    env.globals["lado_overdue"] = formatting.lado_overdue
    env.globals["csrf_field"] = CSRF_FIELD
    env.globals["recipient"] = lambda key: recipients.get(key, formatting.label(key))
    return Jinja2Templates(env=env)


def case_sessions(request: Request) -> sessionmaker[Session]:
    return request.app.state.sessions


def case_store(request: Request) -> CaseStore:
    return request.app.state.store


def current_user(request: Request) -> User:
    """The signed-in user, re-read on every request so a deleted account is out at once."""
    user_id = request.session.get("user_id")
    signed_in_at = request.session.get("signed_in_at", 0)
    if user_id is not None and time.time() - signed_in_at < SESSION_HOURS * 3600:
        user = get_user(request.app.state.sessions, user_id)
        if user is not None:
            return user
    request.session.pop("user_id", None)
    path = request.url.path
    raise LoginRequired(path if request.method == "GET" else "/")


CurrentUser = Annotated[User, Depends(current_user)]
Store = Annotated[CaseStore, Depends(case_store)]
Sessions = Annotated[sessionmaker[Session], Depends(case_sessions)]


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
    user: User | None = None,
) -> Response:
    """A page, with what every page needs: the user, the CSRF token, one flash message."""
    base = {
        "user": user,
        "csrf_token": csrf_token(request),
        "flash": request.session.pop("flash", None),
    }
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, base | (context or {}), status_code)


def flash(request: Request, text: str, kind: str = "ok") -> None:
    """A one-line message shown on the next page (after a redirect)."""
    request.session["flash"] = {"kind": kind, "text": text}
