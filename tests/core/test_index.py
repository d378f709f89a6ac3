"""The clause index: saved with what produced it, rebuilt when that changes."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.policy.answers import PolicyEngine
from assistant.policy.corpus import Policy
from assistant.policy.index import load_or_build


def test_index_is_saved_reused_and_rebuilt_when_the_corpus_changes(
    tmp_path: Path, engine: PolicyEngine, policy: Policy
) -> None:
    embedder = engine.index.embedder
    built = load_or_build(tmp_path, policy, embedder)
    config = json.loads((tmp_path / "config.json").read_text())
    assert config["corpus_hash"] == policy.content_hash
    assert config["model"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert config["documents"] == len(policy.clauses)

    stamp = (tmp_path / "clauses.faiss").stat().st_mtime_ns
    reloaded = load_or_build(tmp_path, policy, embedder)
    assert (tmp_path / "clauses.faiss").stat().st_mtime_ns == stamp  # reused, not rebuilt
    question = "personal phones during teaching periods"
    assert [h.clause_id for h in reloaded.search(question)] == [
        h.clause_id for h in built.search(question)
    ]

    (tmp_path / "config.json").write_text(json.dumps(config | {"corpus_hash": "changed"}))
    load_or_build(tmp_path, policy, embedder)
    assert json.loads((tmp_path / "config.json").read_text())["corpus_hash"] == policy.content_hash
    assert (tmp_path / "clauses.faiss").stat().st_mtime_ns != stamp


def test_hybrid_search_finds_a_clause_by_its_own_words(engine: PolicyEngine) -> None:
    hits = engine.index.search("pupil mobile phones handed into the office", k=3)
    assert hits[0].clause_id == "pupil-guidance-3"
    assert hits[0].dense > 0.5 and hits[0].lexical > 0
