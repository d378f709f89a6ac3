"""The clause index: saved with what produced it, rebuilt when that changes."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.config import INDEX_DIR
from assistant.policy.answers import PolicyEngine
from assistant.policy.corpus import Policy
from assistant.policy.index import documents_for, fingerprint, load_or_build


def test_index_is_saved_reused_and_rebuilt_when_the_corpus_changes(
    tmp_path: Path, engine: PolicyEngine, policy: Policy
) -> None:
    embedder = engine.index.embedder
    served = json.loads((INDEX_DIR / "config.json").read_text())
    assert served == fingerprint(policy, embedder, documents_for(policy))
    assert served["model"] == embedder.name  # the tuned model, named by its training data
    assert served["documents"] == len(engine.index.documents) > len(policy.clauses)

    # The clauses alone: saved, reused and rebuilt as the whole index is, in seconds.
    documents = documents_for(policy, curated=False)
    built = load_or_build(tmp_path, policy, embedder, documents=documents)
    config = json.loads((tmp_path / "config.json").read_text())
    assert config == fingerprint(policy, embedder, documents)
    assert config["corpus_hash"] == policy.content_hash

    stamp = (tmp_path / "clauses.faiss").stat().st_mtime_ns
    reloaded = load_or_build(tmp_path, policy, embedder, documents=documents)
    assert (tmp_path / "clauses.faiss").stat().st_mtime_ns == stamp  # reused, not rebuilt
    question = "personal phones during teaching periods"
    assert [h.clause_id for h in reloaded.search(question)[0]] == [
        h.clause_id for h in built.search(question)[0]
    ]

    (tmp_path / "config.json").write_text(json.dumps(config | {"corpus_hash": "changed"}))
    load_or_build(tmp_path, policy, embedder, documents=documents)
    assert json.loads((tmp_path / "config.json").read_text())["corpus_hash"] == policy.content_hash
    assert (tmp_path / "clauses.faiss").stat().st_mtime_ns != stamp


def test_hybrid_search_finds_a_clause_by_its_own_words(engine: PolicyEngine) -> None:
    hits, _ = engine.index.search("pupil mobile phones handed into the office", k=3)
    assert hits[0].clause_id == "pupil-guidance-3"
    assert hits[0].dense > 0.5 and hits[0].lexical > 0


def test_curated_phrasings_and_examples_are_indexed_beside_the_clauses(
    engine: PolicyEngine,
) -> None:
    labels = {d.clause_id for d in engine.index.documents if d.clause_id.startswith("~")}
    assert labels == {"~out_of_scope", "~incident", "~rule"}
    hits, near = engine.index.search("what time does school start in the morning")
    assert near.best["~out_of_scope"] > hits[0].dense
    hits, near = engine.index.search("a colleague keeps messaging pupils on snapchat")
    assert near.incident_share >= 0.5


def test_the_baselines_rank_by_one_side_only(engine: PolicyEngine) -> None:
    question = "can staff use personal phones during teaching periods"
    dense, _ = engine.index.search(question, mode="dense")
    assert [h.dense for h in dense] == sorted((h.dense for h in dense), reverse=True)
    lexical, _ = engine.index.search(question, mode="bm25")
    assert [h.lexical for h in lexical] == sorted((h.lexical for h in lexical), reverse=True)
