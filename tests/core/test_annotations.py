"""The reviewed annotations cover every clause and keep the meanings we rely on."""

from __future__ import annotations

from assistant.policy.annotations import BINDS, CONDITION_KEYS, FORCES, load_annotations
from assistant.policy.corpus import Policy


def test_every_clause_has_exactly_one_annotation(policy: Policy) -> None:
    assert list(load_annotations()) == [c.id for c in policy.clauses]


def test_annotations_use_only_the_known_vocabulary() -> None:
    for cid, note in load_annotations().items():
        assert note.force in FORCES, cid
        assert note.binds and set(note.binds) <= set(BINDS), cid
        assert set(note.conditions) <= set(CONDITION_KEYS), cid
        assert note.summary.endswith(".") and note.summary.count(". ") == 0, cid


def test_reviewed_meanings_are_pinned() -> None:
    notes = load_annotations()
    assert notes["terms-1g"].force == "prohibition"
    assert notes["terms-1g"].conditions == {"age_under": 18}
    assert notes["worktime-1"].force == "permission_with_approval"
    assert notes["staff-devices-4a"].force == "prohibition"
    assert notes["staff-expectations-2h"].force == "prohibition"
    assert notes["pupil-guidance-1"].conditions.get("age_under") == 13
    assert notes["school-service-2"].force == "permission"
