"""Answers as plain text, for the terminal and for channels without rich cards."""

from __future__ import annotations

from assistant.policy.answers import Answer, Citation, PolicyInfo


def citation_label(citation: Citation, policy: PolicyInfo) -> str:
    where = f"{citation.section}, clause {citation.number}"
    return f"{policy.title}, {where} ({policy.school}, approved {policy.approved})"


def overdue_notice(policy: PolicyInfo) -> str:
    return (
        f"Please note: this policy was due for review in {policy.review_date}. "
        "Check with the headteacher that it is still current."
    )


def render_text(answer: Answer) -> str:
    parts = [answer.note, answer.summary] if answer.note else [answer.summary]
    for citation in answer.citations:
        context = f"(under \u201c{citation.lead_in}\u201d) " if citation.lead_in else ""
        label = citation_label(citation, answer.policy)
        parts.append(f"{context}\u201c{citation.text}\u201d\n\u2014 {label}")
    return "\n\n".join(parts)
