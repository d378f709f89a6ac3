"""The case pages over HTTP on SQLite and PostgreSQL: who sees what, that the reporter's
words stay inert, and that every view and action lands in the chronology and the audit."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from assistant.cases import audit
from assistant.cases.store import CaseStore
from assistant.dashboard.formatting import local_today
from tests.dashboard.conftest import (
    XSS,
    audit_actions,
    case_id,
    chronology,
    login,
    post,
    report,
)


def test_the_list_shows_open_cases_most_urgent_first(
    client: TestClient, head: str, case_store: CaseStore, case_sessions: sessionmaker[Session]
) -> None:
    normal = case_store.submit(report("A parent threatened me online", involved="parent"))
    immediate = case_store.submit(report("A pupil is at risk now", involved="other",
                                         immediate_danger=True))  # fmt: skip
    high = case_store.submit(report())
    login(client, head)
    page = client.get("/").text
    positions = [page.index(r.reference) for r in (immediate, high, normal)]
    assert positions == sorted(positions)
    for heading in ("Reference", "Category", "Urgency", "Status", "Age", "Routed to", "LADO due"):
        assert f'<th scope="col">{heading}</th>' in page
    assert "Staff conduct" in page and "Headteacher" in page
    assert ("head", "list_cases", None) in audit_actions(case_sessions)


def test_the_chair_cannot_open_a_staff_case_and_the_head_cannot_open_one_about_the_head(
    app, head: str, chair: str, staff_case: int, head_case: int
) -> None:
    with TestClient(app, base_url="https://testserver") as as_chair:
        login(as_chair, chair)
        assert as_chair.get(f"/cases/{staff_case}").status_code == 404
        assert as_chair.get(f"/cases/{staff_case}/print").status_code == 404
        assert as_chair.get(f"/cases/{head_case}").status_code == 200
        assert f'href="/cases/{staff_case}"' not in as_chair.get("/").text
    with TestClient(app, base_url="https://testserver") as as_head:
        login(as_head, head)
        missing = as_head.get(f"/cases/{head_case}")
        assert missing.status_code == 404 and "The head DMs pupils" not in missing.text
        ack = post(as_head, f"/cases/{head_case}/acknowledge", "/login")
        assert ack.status_code == 404
        assert as_head.get("/cases/99999").status_code == 404
        assert f'href="/cases/{head_case}"' not in as_head.get("/").text


def test_the_account_is_shown_exactly_as_given_and_never_runs(
    client: TestClient, head: str, staff_case: int
) -> None:
    login(client, head)
    page = client.get(f"/cases/{staff_case}").text
    assert "He sent this: &lt;script&gt;alert(1)&lt;/script&gt; &amp; more</pre>" in page
    assert XSS not in page
    assert "<script" not in page  # the dashboard itself runs no scripts at all


def test_every_view_adds_an_audit_row_and_a_viewed_entry(
    client: TestClient, head: str, staff_case: int, case_sessions: sessionmaker[Session]
) -> None:
    login(client, head)
    for expected in (1, 2):
        assert client.get(f"/cases/{staff_case}").status_code == 200
        views = [a for a in audit_actions(case_sessions) if a[1] == "view"]
        assert views == [("head", "view", staff_case)] * expected
        assert chronology(case_sessions, staff_case).count(("viewed", "head")) == expected
    client.get(f"/cases/{staff_case}/print")
    assert chronology(case_sessions, staff_case).count(("viewed", "head")) == 3


def test_case_pages_are_not_cached_framed_or_allowed_foreign_content(
    client: TestClient, head: str, staff_case: int
) -> None:
    login(client, head)
    for path in (f"/cases/{staff_case}", f"/cases/{staff_case}/print", "/", "/login"):
        headers = client.get(path).headers
        assert headers["cache-control"].startswith("no-store")
        assert headers["content-security-policy"].startswith("default-src 'self'")
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"


def test_the_case_page_marks_a_staff_reporter_confidential_and_print_leaves_them_out(
    client: TestClient, head: str, staff_case: int
) -> None:
    login(client, head)
    page = client.get(f"/cases/{staff_case}").text
    assert "<strong>Confidential.</strong>" in page and "Sam Reporter" in page
    printed = client.get(f"/cases/{staff_case}/print").text
    assert "Sam Reporter" not in printed and "sam@example.invalid" not in printed
    assert "confidential" in printed and "<h2>Chronology</h2>" in printed
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in printed


def test_a_session_of_actions_is_chronicled_and_the_audit_chain_verifies(
    client: TestClient, head: str, staff_case: int, case_sessions: sessionmaker[Session]
) -> None:
    login(client, head)
    page = f"/cases/{staff_case}"
    client.get("/")
    assert post(client, f"{page}/acknowledge", page).headers["location"] == page
    today = local_today().isoformat()  # the school's date, which the form validates
    post(client, f"{page}/lado", page, referred_on=today, lado_reference="LADO-42")
    post(client, f"{page}/notes", page, note="Spoke to the LADO <b>today</b>.")
    post(client, f"{page}/close", page, outcome="unsubstantiated", reason="LADO advised NFA")
    final = client.get(page).text
    assert "Spoke to the LADO &lt;b&gt;today&lt;/b&gt;." in final
    assert "LADO-42" in final and "Unsubstantiated" in final and "This case is closed" in final
    kinds = [kind for kind, _ in chronology(case_sessions, staff_case) if kind != "viewed"]
    assert kinds == ["created", "acknowledged", "referred_to_lado", "note", "closed"]
    actions = [action for _, action, _ in audit_actions(case_sessions)]
    for action in ("login", "list_cases", "view", "acknowledge", "refer_to_lado", "add_note",
                   "close"):  # fmt: skip
        assert action in actions
    post(client, "/logout", "/login")
    with case_sessions() as session:
        assert audit.verify(session) == []


def test_bad_forms_are_refused_with_a_message_and_change_nothing(
    client: TestClient, head: str, staff_case: int, case_sessions: sessionmaker[Session]
) -> None:
    login(client, head)
    page = f"/cases/{staff_case}"
    tomorrow = (local_today() + dt.timedelta(days=1)).isoformat()
    post(client, f"{page}/lado", page, referred_on=tomorrow, lado_reference="L-1")
    assert "cannot be in the future" in client.get(page).text
    post(client, f"{page}/lado", page, referred_on="soon", lado_reference="L-1")
    post(client, f"{page}/notes", page, note="   ")
    post(client, f"{page}/close", page, outcome="forgotten", reason="no")
    kinds = {kind for kind, _ in chronology(case_sessions, staff_case)}
    assert kinds == {"created", "viewed"}


def test_a_chair_acts_on_a_case_about_the_head(
    client: TestClient, chair: str, head_case: int, case_sessions: sessionmaker[Session]
) -> None:
    login(client, chair)
    post(client, f"/cases/{head_case}/acknowledge", "/login")
    assert ("acknowledged", "chair") in chronology(case_sessions, head_case)


def test_health_answers_without_signing_in(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_unknown_case_paths_are_404_not_errors(client: TestClient, head: str) -> None:
    login(client, head)
    assert client.get("/cases/not-a-number").status_code == 404
    assert client.get("/docs").status_code == 404  # no API explorer


def test_a_case_reference_links_from_the_list_to_the_case(
    client: TestClient, head: str, case_store: CaseStore, case_sessions: sessionmaker[Session]
) -> None:
    reference = case_store.submit(report()).reference
    link = f'<a href="/cases/{case_id(case_sessions, reference)}">{reference}</a>'
    login(client, head)
    assert link in client.get("/").text
