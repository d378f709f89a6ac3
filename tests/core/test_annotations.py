"""The reviewed annotations cover every clause and keep the meanings we rely on."""

from __future__ import annotations

from assistant.policy.annotations import BINDS, CONDITION_KEYS, FORCES, load_annotations
from assistant.policy.corpus import Policy
from assistant.policy.drafting import draft_force
from assistant.policy.question import STATED_FACTS


def test_every_clause_has_exactly_one_annotation(policy: Policy) -> None:
    assert list(load_annotations()) == [c.id for c in policy.clauses]


def test_annotations_use_only_the_known_vocabulary() -> None:
    for cid, note in load_annotations().items():
        assert note.force in FORCES, cid
        assert note.binds and set(note.binds) <= set(BINDS), cid
        assert set(note.conditions) <= set(CONDITION_KEYS), cid
        assert set(note.force_for) <= set(BINDS), cid
        assert set(note.force_for.values()) <= set(FORCES), cid
        assert set(note.force_when) <= set(STATED_FACTS), cid
        assert set(note.force_when.values()) <= set(FORCES), cid
        assert note.summary.endswith(".") and note.summary.count(". ") == 0, cid


def test_reviewed_meanings_are_pinned() -> None:
    notes = load_annotations()
    assert notes["terms-1g"].force == "prohibition"
    assert notes["terms-1g"].conditions == {"age_under": 18, "former_pupil": True}
    assert notes["worktime-1"].force == "permission_with_approval"
    assert notes["staff-devices-4a"].force == "prohibition"
    assert notes["staff-expectations-2h"].force == "prohibition"
    # Lead-ins whose own words carry the force of the list after them.
    assert notes["child-protection-1"].force == "obligation"  # "... they should:"
    assert notes["staff-devices-4"].force == "prohibition"  # "Staff will not use ...:"
    assert notes["terms-1"].force == "information"  # "Social Networking applications:"
    assert notes["pupil-guidance-1"].conditions.get("age_under") == 13
    assert notes["school-service-2"].force == "permission"
    # An example that states a duty: "The school has a duty of care to investigate ..."
    assert notes["cyber-bullying-4b"].force == "obligation"
    assert notes["pupil-guidance-4"].force_on("parent") == "prohibition"
    assert notes["pupil-guidance-4"].force_on("staff") == "obligation"
    school_computers = notes["pupil-guidance-5"]
    assert school_computers.force_on("staff") == "prohibition"
    assert school_computers.force_on("staff", frozenset({"official_account"})) == "permission"
    assert notes["staff-devices-3a"].conditions == {"family_link": True}  # "pre-existing"
    assert notes["terms-1b"].conditions == {"promotion": True}  # "personal financial interests"
    family = notes["staff-guidance-4"]
    assert family.force_on("staff") == "obligation"
    assert family.force_on("staff", frozenset({"school_equipment"})) == "prohibition"


def test_the_modal_verb_draft_reads_the_clear_cases(policy: Policy) -> None:
    expected = {
        "terms-1g": "prohibition",
        "worktime-1": "permission_with_approval",
        "school-service-2": "permission",
        "staff-devices-4a": "prohibition",  # from its lead-in "Staff will not use ...:"
        "staff-devices-2d": "permission_with_approval",
        "staff-devices-2a": "guidance",  # "Staff will be advised to: ..."
        "terms-1": "information",  # a lead-in
        "pupil-guidance-1": "prohibition",
    }
    assert {cid: draft_force(policy.clause(cid)) for cid in expected} == expected


def test_the_review_departs_from_the_draft_only_where_reading_needs_judgement(
    policy: Policy,
) -> None:
    reviewed = load_annotations()
    agreed = sum(draft_force(c) == reviewed[c.id].force for c in policy.clauses)
    assert agreed / len(policy.clauses) >= 0.75
