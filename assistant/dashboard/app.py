"""The dashboard as an ASGI app: ``create_app()`` wires the settings, the case store, the
routes and the protections together, and refuses to start without a session secret."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import Response

from assistant.cases.db import sessions as open_sessions
from assistant.cases.store import CaseStore
from assistant.dashboard import login, pages
from assistant.dashboard.deps import SESSION_HOURS, LoginRequired, make_templates, render
from assistant.dashboard.security import SecurityHeaders, require_csrf
from assistant.dashboard.settings import load_settings

STATIC = Path(__file__).with_name("static")
SESSION_COOKIE = "sg_dashboard"


def create_app(sessions: sessionmaker[Session] | None = None, secret: str | None = None) -> FastAPI:
    """The app on ``sessions`` (default: DATABASE_URL, migrated), signing sessions with
    ``secret`` (default: DASHBOARD_SECRET). The factory must not expire objects on commit:
    pages read the cases the store returns after its transaction ends."""
    settings = load_settings(secret)
    factory = sessions or open_sessions()
    store = CaseStore(factory)
    app = FastAPI(
        title="Safeguarding dashboard",
        docs_url=None,  # no API explorer on a safeguarding system
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(require_csrf)],
    )
    app.state.settings = settings
    app.state.sessions = factory
    app.state.store = store
    names = {key: recipient.name for key, recipient in store.config.recipients.items()}
    app.state.templates = make_templates(settings.timezone, names)
    app.include_router(login.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(LoginRequired, _to_login)
    app.add_exception_handler(StarletteHTTPException, _error_page)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret,
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_HOURS * 3600,
        same_site="strict",
        https_only=settings.cookie_secure,
    )
    app.add_middleware(SecurityHeaders)  # outermost, so every response carries the headers
    return app


def _to_login(request: Request, exc: Exception) -> Response:
    next_path = exc.next_path if isinstance(exc, LoginRequired) else "/"
    target = "/login" if next_path == "/" else f"/login?next={quote(next_path, safe='/')}"
    return RedirectResponse(target, status_code=303)


def _error_page(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, StarletteHTTPException) else 500
    detail = exc.detail if isinstance(exc, StarletteHTTPException) else "Something went wrong."
    if status == 404 and detail == "Not Found":
        detail = "There is no page at this address."
    return render(request, "error.html", {"status": status, "detail": detail}, status)
