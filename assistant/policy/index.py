"""Hybrid retrieval over the clauses: FAISS over sentence embeddings, fused with BM25.

The index is a list of documents, each pointing at one clause (today one document per
clause; curated phrasings can add more). The dense side is saved to disk with a
``config.json`` that says what produced it (model, dimension, corpus hash), so a changed
corpus or model is noticed and the index rebuilt rather than silently served stale.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np
from rank_bm25 import BM25Okapi

from assistant.policy.corpus import Policy
from assistant.policy.embedder import Embedder

logger = logging.getLogger(__name__)

RRF_K = 60  # the usual reciprocal-rank-fusion constant
_TOKEN = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    "a an and are as at be by can do does for from have i if in is it me my of on or "
    "our should so that the their them they this to us we what when where which who "
    "will with would you your".split()
)


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens without stopwords, for BM25."""
    return [t for t in _TOKEN.findall(text.lower()) if t not in STOPWORDS]


@dataclass(frozen=True)
class Document:
    clause_id: str
    text: str


@dataclass(frozen=True)
class Hit:
    clause_id: str
    fused: float  # reciprocal-rank-fusion score, what the ranking uses
    dense: float  # cosine similarity of the best document, 0..1 in practice
    lexical: float  # BM25 score of the best document


def documents_for(policy: Policy) -> list[Document]:
    return [Document(c.id, c.context_text) for c in policy.clauses]


class ClauseIndex:
    def __init__(self, documents: Sequence[Document], vectors: np.ndarray, embedder: Embedder):
        self.documents = list(documents)
        self.embedder = embedder
        self._faiss = faiss.IndexFlatIP(vectors.shape[1])
        self._faiss.add(vectors)
        self._bm25 = BM25Okapi([tokenize(d.text) for d in self.documents])

    @classmethod
    def build(cls, documents: Sequence[Document], embedder: Embedder, progress: bool = False):
        vectors = embedder.encode([d.text for d in documents], progress=progress)
        return cls(documents, vectors, embedder)

    def dense(self, query: str, k: int) -> list[tuple[int, float]]:
        vector = self.embedder.encode([query])
        scores, rows = self._faiss.search(vector, min(k, len(self.documents)))
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0], strict=True) if r >= 0]

    def lexical(self, query: str, k: int) -> list[tuple[int, float]]:
        tokens = tokenize(query)
        if not tokens:
            return []
        scores = self._bm25.get_scores(tokens)
        top = np.argsort(-scores)[:k]
        return [(int(r), float(scores[r])) for r in top if scores[r] > 0]

    def search(self, query: str, k: int = 5, depth: int = 30) -> list[Hit]:
        """Best clauses first, each clause once, fused by reciprocal rank."""
        fused: dict[str, float] = {}
        dense: dict[str, float] = {}
        lexical: dict[str, float] = {}
        for ranking, best in (
            (self.dense(query, depth), dense),
            (self.lexical(query, depth), lexical),
        ):
            seen: set[str] = set()
            for rank, (row, score) in enumerate(ranking):
                cid = self.documents[row].clause_id
                best[cid] = max(best.get(cid, score), score)
                if cid not in seen:  # a clause counts once per ranking, at its best rank
                    seen.add(cid)
                    fused[cid] = fused.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)
        ranked = sorted(fused, key=lambda cid: fused[cid], reverse=True)[:k]
        return [Hit(cid, fused[cid], dense.get(cid, 0.0), lexical.get(cid, 0.0)) for cid in ranked]

    # --- persistence -----------------------------------------------------------------

    def save(self, directory: Path, fingerprint: dict) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        faiss.write_index(self._faiss, str(directory / "clauses.faiss"))
        (directory / "documents.json").write_text(
            json.dumps([d.__dict__ for d in self.documents], indent=1), encoding="utf-8"
        )
        (directory / "config.json").write_text(json.dumps(fingerprint, indent=2), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, embedder: Embedder) -> ClauseIndex:
        index = faiss.read_index(str(directory / "clauses.faiss"))
        vectors = index.reconstruct_n(0, index.ntotal)
        raw = json.loads((directory / "documents.json").read_text(encoding="utf-8"))
        return cls([Document(**d) for d in raw], vectors, embedder)


def fingerprint(policy: Policy, embedder: Embedder, documents: Sequence[Document]) -> dict:
    """What produced an index; a saved index is reused only when this matches."""
    return {
        "model": embedder.name,
        "dimension": embedder.dimension,
        "corpus_hash": policy.content_hash,
        "documents": len(documents),
    }


def load_or_build(
    directory: Path, policy: Policy, embedder: Embedder, progress: bool = False
) -> ClauseIndex:
    """The saved index if it matches the corpus and model, otherwise a fresh one, saved."""
    documents = documents_for(policy)
    wanted = fingerprint(policy, embedder, documents)
    config = directory / "config.json"
    if config.exists() and json.loads(config.read_text(encoding="utf-8")) == wanted:
        logger.info("loading clause index from %s", directory)
        return ClauseIndex.load(directory, embedder)
    logger.info("building clause index (%d documents) in %s", len(documents), directory)
    index = ClauseIndex.build(documents, embedder, progress=progress)
    index.save(directory, wanted)
    return index
