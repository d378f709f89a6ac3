"""The verdict model's second look: learned from the development labels, it may change the
rules' verdict, but only to one that a clause the answer quotes first says."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import numpy as np
import pytest

from assistant.config import INDEX_DIR
from assistant.policy.answers import PolicyEngine
from assistant.policy.question import Asks, Facts
from assistant.policy.verdicts import (
    FORCE_VERDICT,
    NEIGHBOURS,
    VERDICTS,
    Draft,
    VerdictModel,
    corrections,
    features,
    fingerprint,
    neighbour_votes,
)

QUESTIONS = [
    ("staff", "can i add a yr 4 kid on facebook"),
    ("staff", "ex pupil turned 19 wants to follow me on insta"),
    ("parent", "can i post pics of the school play on my fb"),
    ("staff", "a dad keeps sending me abusive texts what do i do"),
    ("parent", "why cant teachers be friends with parents on facebook"),
]

DRAFT = Draft("staff", "required", ("staff-guidance-3",), Facts(), Asks(), None, "a question")


def test_the_served_model_was_fitted_on_the_current_labels_code_and_index(engine):
    saved = (INDEX_DIR / "verdicts.json").read_text()
    assert fingerprint(INDEX_DIR) in saved


def test_a_saved_model_gives_the_same_probabilities(engine: PolicyEngine, tmp_path):
    engine.verdicts.save(tmp_path, "test")
    again = VerdictModel.load(tmp_path)
    draft = engine.draft(*reversed(QUESTIONS[0]))
    row, vector = features(draft, engine.annotations), engine.index.query_vector(draft.query)
    assert engine.verdicts.probabilities(row, vector) == pytest.approx(
        again.probabilities(row, vector)
    )


def test_the_nearest_labelled_questions_say_how_the_rules_fared_but_never_a_writers_own():
    # One labelled question just like the one asked, where the rules said no and "yes" was
    # due, and NEIGHBOURS far from it, where the rules were right.
    examples = np.array([[1.0, 0.0]] + [[0.0, 1.0]] * NEIGHBOURS, dtype=np.float32)
    drafts = [replace(DRAFT, verdict="not_permitted")] + [DRAFT] * NEIGHBOURS
    labels = corrections(drafts, ["permitted"] + [DRAFT.verdict] * NEIGHBOURS)
    asked = np.array([[1.0, 0.0]], dtype=np.float32)
    votes = neighbour_votes(asked, examples, labels)[0]
    assert votes[VERDICTS.index("permitted")] > 0.99
    own = np.array([[True] + [False] * NEIGHBOURS])
    votes = neighbour_votes(asked, examples, labels, apart=own)[0]
    assert votes[VERDICTS.index("permitted")] == 0
    assert votes[len(VERDICTS)] == pytest.approx(1)  # the rules were right on all the rest


@pytest.fixture
def leaning(engine: PolicyEngine) -> Iterator[Callable[[str], None]]:
    """Make the engine's model (its real reduction, new weights) favour one verdict for every
    question, to see what the engine lets such a model do."""
    served = engine.verdicts

    def lean(verdict: str) -> None:
        classes = np.array(served.classes)
        engine.verdicts = VerdictModel({
            "mean": served.mean,
            "components": served.components,
            "examples": served.examples,
            "labels": served.labels,
            "coef": np.zeros_like(served.coef),
            "intercept": np.where(classes == verdict, 10.0, 0.0).astype(np.float32),
            "classes": classes,
        })  # fmt: skip

    yield lean
    engine.verdicts = served


@pytest.mark.parametrize("verdict", ["permitted", "not_permitted", "required"])
def test_another_verdict_stands_only_on_a_quoted_clause_that_says_it(engine, leaning, verdict):
    for role, question in QUESTIONS:
        rules = engine.draft(question, role)
        leaning(verdict)
        answer = engine.answer(question, role)
        assert answer.verdict in (rules.verdict, verdict), question
        if answer.verdict != rules.verdict:
            note = engine.annotations[answer.citations[0].id]
            force = FORCE_VERDICT[note.force_on(role, rules.facts.stated())]
            assert force == verdict or (verdict == "required" and note.obliges_someone), question


def test_a_verdict_the_model_prefers_reads_as_that_verdict(engine, leaning):
    rules = engine.draft("can i add a yr 4 kid on facebook", "staff")
    assert rules.verdict == "not_permitted"
    leaning("guidance")
    answer = engine.answer("can i add a yr 4 kid on facebook", "staff")
    assert answer.verdict == "guidance"
    assert answer.summary.startswith("Guidance: ")


def test_scope_is_not_the_models_to_change(engine, leaning):
    leaning("not_covered")
    for role, question in QUESTIONS:
        assert engine.answer(question, role).verdict != "not_covered", question
    leaning("permitted")
    assert engine.answer("what time does school finish on friday", "parent").verdict == (
        "not_covered"
    )
