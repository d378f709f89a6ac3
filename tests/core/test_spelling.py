"""Misspellings are put right before retrieval; slang, names and real words are not."""

from __future__ import annotations

import pytest

from assistant.policy.answers import PolicyEngine


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("can i leave a review on facebok", "can i leave a review on facebook"),
        ("can i accept a freind request", "can i accept a friend request"),
        ("is it alowed", "is it allowed"),
        ("do we need permision", "do we need permission"),
    ],
)
def test_misspellings_become_the_policys_words(engine: PolicyEngine, text: str, fixed: str) -> None:
    assert engine.speller.correct(text) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "can i DM a mum on insta or snap",  # slang the vocabulary knows
        "mr davies has been texting a yr 6 boy",  # how people write, said often
        "theyre only 9 and the rules arent clear",  # contractions without apostrophes
        "can i use my fone",  # short text-speak is left to the vocabulary and the model
        "where do i park at drop off",  # real words that are not the policy's
        "Alfie Thornbury in yr 3",  # names
    ],
)
def test_words_spelt_as_people_mean_them_are_left_alone(engine: PolicyEngine, text: str) -> None:
    assert engine.speller.correct(text) == text


def test_a_misspelt_platform_still_finds_its_rule(engine: PolicyEngine) -> None:
    right = engine.answer("can i leave a review slating one of the teachers on facebook", "parent")
    typo = engine.answer("can i leave a review slating one of the teachers on facebok", "parent")
    assert typo.verdict != "not_covered"
    assert [c.id for c in typo.citations] == [c.id for c in right.citations]


def test_the_engine_reads_the_first_question_put_right(engine: PolicyEngine) -> None:
    # What the scope calibration in `make eval` searches, as answer() does.
    message = "  can i frend an ex pupil on facebok?   and what about twitter?"
    assert engine.read(message) == "can i friend an ex pupil on facebook?"
