"""The embedder is fine-tuned on the curated phrasings, saved, and reused while they hold."""

from __future__ import annotations

import json

import numpy as np

from assistant.config import MODEL_DIR
from assistant.policy.answers import PolicyEngine
from assistant.policy.corpus import Policy
from assistant.policy.embedder import MODEL_NAME, Embedder
from assistant.policy.evaluation import load_split
from assistant.policy.tuning import (
    CONFIG_FILE,
    _embed_by_length,
    fingerprint,
    load_or_tune,
    training_pairs,
)


def test_the_tuned_model_is_reused_while_the_phrasings_are_unchanged(
    engine: PolicyEngine, policy: Policy
) -> None:
    weights = MODEL_DIR / "model.safetensors"
    stamp = weights.stat().st_mtime_ns
    again = load_or_tune(MODEL_DIR, policy)
    assert weights.stat().st_mtime_ns == stamp  # not trained again
    assert again.name == engine.index.embedder.name
    assert again.name.startswith(f"{MODEL_NAME}+tuned-")
    saved = json.loads((MODEL_DIR / CONFIG_FILE).read_text())
    assert saved == fingerprint(training_pairs(policy))


def test_a_changed_phrasing_asks_for_a_new_model(policy: Policy) -> None:
    pairs = training_pairs(policy)
    assert len(pairs) > 1000 and {text for _, text in pairs} <= {
        c.context_text for c in policy.clauses
    }
    changed = [("can I add an ex pupil on fb", pairs[0][1]), *pairs[1:]]
    assert fingerprint(changed)["pairs_hash"] != fingerprint(pairs)["pairs_hash"]


def test_tuning_brings_how_people_ask_closer_to_the_clause_that_answers(
    engine: PolicyEngine, policy: Policy
) -> None:
    """On the development questions (none of them training pairs), against the clause texts
    alone, the tuned model ranks an answering clause in the top 3 more often."""
    items = [i for i in load_split("dev") if i.in_scope]
    ids = [c.id for c in policy.clauses]

    def top3_share(embedder: Embedder) -> float:
        clauses = embedder.encode([c.context_text for c in policy.clauses])
        similarity = embedder.encode([i.q for i in items]) @ clauses.T
        top3 = [{ids[j] for j in np.argsort(-row)[:3]} for row in similarity]
        return float(np.mean([bool(t & set(i.clauses)) for t, i in zip(top3, items, strict=True)]))

    tuned, packaged = top3_share(engine.index.embedder), top3_share(Embedder())
    print(f"dev, clause texts only, top-3 share: tuned {tuned:.3f}, packaged {packaged:.3f}")
    assert tuned > packaged + 0.1


def test_a_batch_embedded_by_length_gives_each_text_the_vectors_of_the_whole_batch(
    policy: Policy,
) -> None:
    """Tuning embeds a batch a few rows at a time, each cut to its own longest text: each
    row must come back where it was, with the vector the padded batch gives it."""
    import torch

    model = Embedder().model.eval()
    texts = [c.context_text for c in policy.clauses[:12]] + ["add me on fb?", "ok"]
    features = model.preprocess(texts)
    assert len(set(features["attention_mask"].sum(dim=1).tolist())) > 5  # lengths differ
    with torch.no_grad():
        whole = model(dict(features))["sentence_embedding"]
        chunked = _embed_by_length(model, dict(features), chunk=4)
    assert torch.allclose(whole, chunked, atol=1e-5)
