"""The parsed policy is faithful to the source: verbatim, complete, numbered as written."""

from __future__ import annotations

import datetime as dt
import re

import yaml

from assistant.policy.corpus import BODY_MARKER, SECTIONS_FILE, Policy


def _body_lines(policy: Policy) -> list[str]:
    lines = policy.source.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == BODY_MARKER)
    return [line.strip() for line in lines[start + 1 :] if line.strip()]


def test_every_clause_is_verbatim_in_the_source_at_its_line(policy: Policy) -> None:
    lines = policy.source.splitlines()
    for clause in policy.clauses:
        assert clause.text in policy.source, clause.id
        assert clause.text.splitlines()[0] in lines[clause.line - 1], clause.id


def test_no_line_of_the_source_is_dropped(policy: Policy) -> None:
    headings = {s["heading"] for s in yaml.safe_load(SECTIONS_FILE.read_text())}
    texts = [c.text for c in policy.clauses]
    for line in _body_lines(policy):
        bare = re.sub(r"^- ", "", line)
        assert line in headings or any(bare in t for t in texts), f"dropped: {line!r}"


def test_no_sentence_of_the_source_is_dropped(policy: Policy) -> None:
    headings = {s["heading"] for s in yaml.safe_load(SECTIONS_FILE.read_text())}
    joined = "\n".join(c.text for c in policy.clauses)
    for line in _body_lines(policy):
        if line in headings:
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", re.sub(r"^- ", "", line)):
            assert sentence in joined, f"dropped sentence: {sentence!r}"


def test_sections_are_found_once_each_in_order(policy: Policy) -> None:
    declared = [s["heading"] for s in yaml.safe_load(SECTIONS_FILE.read_text())]
    seen = list(dict.fromkeys(c.section for c in policy.clauses))
    assert seen == declared
    assert all(_body_lines(policy).count(h) == 1 for h in declared)


def test_ids_are_unique_and_numbering_follows_the_document(policy: Policy) -> None:
    ids = [c.id for c in policy.clauses]
    assert len(ids) == len(set(ids))
    photos = policy.clause("staff-devices-4a")
    assert photos.number == "4(a)"
    assert photos.lead_in == "Staff will not use personal devices:"
    assert photos.text.startswith("To take photos or videos of learners")
    friends = policy.clause("terms-1g")
    assert friends.section == "Terms of Use"
    assert "former pupil under the age of 18" in friends.text
    assert friends.lead_in == "Social Networking applications:"
    # A bullet under a plain statement (no colon) is still its sub-clause.
    assert policy.clause("staff-devices-3a").text.startswith("Any pre-existing relationships")


def test_a_wrapped_line_stays_with_its_clause(policy: Policy) -> None:
    under_13 = policy.clause("pupil-guidance-1")
    assert under_13.text.endswith("show_form=underage")


def test_metadata_comes_from_the_cover_page(policy: Policy) -> None:
    meta = policy.meta
    assert meta.title == "Social Media Policy"
    assert meta.school == "Hartest CE Primary School"
    assert meta.trust == "St Edmundsbury and Ipswich Diocesan Multi Academy Trust"
    assert (meta.approved, meta.review_date) == ("January 2020", "Spring 2022")


def test_the_policy_is_overdue_after_its_review_season(policy: Policy) -> None:
    assert not policy.meta.overdue(dt.date(2022, 5, 31))
    assert policy.meta.overdue(dt.date(2022, 6, 1))
