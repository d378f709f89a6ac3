"""The case pages. Each one goes through ``CaseStore``, which records every list, view
and action in the audit log (and views and actions in the case's chronology), and which
decides who may see what: a case a user may not see answers 404, as if it did not exist."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse
from sqlalchemy import text
from starlette.responses import Response

from assistant.cases.models import Case, User, utcnow
from assistant.cases.store import OUTCOMES, CaseStore, NotAllowed, ReportRejected
from assistant.dashboard.deps import CurrentUser, Sessions, Store, flash, render
from assistant.dashboard.formatting import local_today

router = APIRouter()

MAX_NOTE_CHARS = 20_000
MAX_LADO_REFERENCE_CHARS = 100
NOT_FOUND = "No such case, or not one you can see."


def _view(store: CaseStore, case_id: int, user: User) -> Case:
    try:
        return store.view(case_id, user)
    except NotAllowed:
        raise HTTPException(404, NOT_FOUND) from None


def _act(request: Request, case_id: int, action: Callable[[], None], done: str) -> Response:
    """Run one store action, then show the case again (post/redirect/get)."""
    try:
        action()
        flash(request, done)
    except NotAllowed:
        raise HTTPException(404, NOT_FOUND) from None
    except ReportRejected as refused:
        flash(request, str(refused), "error")
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.get("/health")
def health(sessions: Sessions) -> Response:
    try:
        with sessions() as session:
            session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JSONResponse({"status": "database unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})


@router.get("/")
def case_list(request: Request, user: CurrentUser, store: Store) -> Response:
    return render(request, "cases.html", {"cases": store.open_cases(user)}, user=user)


@router.get("/cases/{case_id:int}")
def case_page(request: Request, case_id: int, user: CurrentUser, store: Store) -> Response:
    context = {
        "case": _view(store, case_id, user),
        "outcomes": OUTCOMES,
        "today": local_today(request.app.state.settings.timezone).isoformat(),
        "max_note": MAX_NOTE_CHARS,
        "max_lado_reference": MAX_LADO_REFERENCE_CHARS,
    }
    return render(request, "case.html", context, user=user)


@router.get("/cases/{case_id:int}/print")
def case_print(request: Request, case_id: int, user: CurrentUser, store: Store) -> Response:
    context = {"case": _view(store, case_id, user), "now": utcnow()}
    return render(request, "print.html", context, user=user)


@router.post("/cases/{case_id:int}/acknowledge")
def acknowledge(request: Request, case_id: int, user: CurrentUser, store: Store) -> Response:
    return _act(request, case_id, lambda: store.acknowledge(case_id, user), "Case acknowledged.")


@router.post("/cases/{case_id:int}/lado")
def refer_to_lado(
    request: Request,
    case_id: int,
    user: CurrentUser,
    store: Store,
    referred_on: Annotated[str, Form()] = "",
    lado_reference: Annotated[str, Form()] = "",
) -> Response:
    def refer() -> None:
        try:
            day = dt.date.fromisoformat(referred_on)
        except ValueError:
            raise ReportRejected("Give the date of the referral (day, month and year).") from None
        if day > local_today(request.app.state.settings.timezone):
            raise ReportRejected("The referral date cannot be in the future.")
        reference = lado_reference.strip()
        if not reference or len(reference) > MAX_LADO_REFERENCE_CHARS:
            raise ReportRejected(
                f"Give the LADO's reference (up to {MAX_LADO_REFERENCE_CHARS} characters)."
            )
        store.record_lado_referral(case_id, user, day, reference)

    return _act(request, case_id, refer, "LADO referral recorded.")


@router.post("/cases/{case_id:int}/notes")
def add_note(
    request: Request,
    case_id: int,
    user: CurrentUser,
    store: Store,
    note: Annotated[str, Form()] = "",
) -> Response:
    def add() -> None:
        if len(note) > MAX_NOTE_CHARS:
            raise ReportRejected(f"A note can have at most {MAX_NOTE_CHARS:,} characters.")
        store.add_note(case_id, user, note)

    return _act(request, case_id, add, "Note added to the chronology.")


@router.post("/cases/{case_id:int}/close")
def close(
    request: Request,
    case_id: int,
    user: CurrentUser,
    store: Store,
    outcome: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> Response:
    return _act(
        request, case_id, lambda: store.close(case_id, user, outcome, reason), "Case closed."
    )
