"""A second look at the verdict, learned from the labelled development questions.

The engine's rules (``PolicyEngine._decide``) choose a clause and read its force. Written
by hand, they are right on about nine in ten questions from people whose questions they
were never tuned on. This model has seen how the rules' drafts compare with
``eval/dev.jsonl``'s labels: from the draft (its verdict, the clause it rests on, the facts
and what the question asks) and the question's embedding, multinomial logistic regression
gives each verdict a probability. Among its inputs is how the rules fared on the ten
labelled questions nearest in meaning: right, or wrong and which verdict was due, so where
the rules tend to err on such questions the model learns the correction. The engine takes
another verdict only when the model is clearly surer of it and a clause among the best
matches says it (see ``PolicyEngine._reconsider``), so every answer still rests on a quoted
clause.

Only the development part trains it; ``eval/heldout.jsonl`` never does.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import astuple, dataclass, fields
from pathlib import Path

import numpy as np
from threadpoolctl import ThreadpoolController

from assistant.config import ROOT
from assistant.policy.annotations import Annotation
from assistant.policy.evaluation import EVAL_DIR, load_split
from assistant.policy.question import Asks, Facts

logger = logging.getLogger(__name__)

VERDICTS = (
    "permitted",
    "permitted_with_permission",
    "not_permitted",
    "required",
    "guidance",
    "not_covered",
)
# The verdict a clause's force gives the person it binds.
FORCE_VERDICT = {
    "prohibition": "not_permitted",
    "obligation": "required",
    "permission": "permitted",
    "permission_with_approval": "permitted_with_permission",
    "guidance": "guidance",
    "information": "guidance",
}
FORCES = tuple(FORCE_VERDICT)
PARTIES = ("staff", "pupils", "parents", "school", "everyone")
# Chosen by cross-validation over writers on eval/dev.jsonl (eval/README.md, stops 35 and
# 36): the question's embedding reduced to 128 dimensions, regularisation C = 3, another
# verdict taken only when the model gives it 0.2 more probability than the draft's, and how
# the rules fared on the 10 nearest labelled questions, weighted by how near they are.
DIMENSIONS = 128
REGULARISATION = 3.0
MARGIN = 0.2
NEIGHBOURS = 10
SHARPNESS = 20.0
TRAINING_FILE = EVAL_DIR / "dev.jsonl"
# What the drafts depend on: the engine's code, the policy and its curated data.
SOURCES = (ROOT / "assistant" / "policy", ROOT / "policy_corpus")


@dataclass(frozen=True)
class Draft:
    """What the rules decided, and what they read in the question."""

    role: str
    verdict: str
    cited: tuple[str, ...]
    facts: Facts
    asks: Asks
    hint: str | None
    query: str


def features(draft: Draft, annotations: dict[str, Annotation]) -> np.ndarray:
    """The draft as numbers: who asks, the verdict, the two first clauses (force, whom they
    bind, whether their force is the verdict), the facts, what is asked, the escalation,
    and which clause the verdict rests on."""
    values: list[bool] = [draft.role == "staff", *(draft.verdict == v for v in VERDICTS)]
    for position in range(2):
        note = annotations[draft.cited[position]] if len(draft.cited) > position else None
        values += [note is not None and note.force == f for f in FORCES]
        values += [note is not None and p in note.binds for p in PARTIES]
        values.append(note is not None and FORCE_VERDICT[note.force] == draft.verdict)
    facts = draft.facts
    values += [getattr(facts, f.name) for f in fields(facts) if f.type == "bool"]
    age = facts.age
    values += [age is None, age is not None and age < 13, age is not None and 13 <= age < 18,
               age is not None and age >= 18]  # fmt: skip
    values += [facts.time == t for t in ("in_hours", "outside_hours")]
    values += [facts.device == d for d in ("school", "personal")]
    values += [facts.account == a for a in ("official", "personal")]
    values.append(facts.platform is not None)
    values += list(astuple(draft.asks))
    values += [draft.hint == h for h in (None, "disclosure", "report")]
    first = draft.cited[0] if draft.cited else None
    values += [first == clause_id for clause_id in annotations]
    return np.array(values, dtype=np.float32)


def neighbour_votes(
    points: np.ndarray, examples: np.ndarray, labels: np.ndarray, apart: np.ndarray | None = None
) -> np.ndarray:
    """For each point (unit vectors, a row each), how the rules fared on its NEIGHBOURS
    nearest labelled examples, the nearer weighing more: the share of each verdict they
    were due and did not get, and last, the share they got right (``corrections``).
    ``apart`` marks pairs that may not count (a writer's own questions, while fitting)."""
    sims = points @ examples.T
    if apart is not None:
        sims = np.where(apart, -np.inf, sims)
    nearest = np.argpartition(-sims, NEIGHBOURS, axis=1)[:, :NEIGHBOURS]
    near = np.take_along_axis(sims, nearest, axis=1)
    weights = np.exp((near - near.max(axis=1, keepdims=True)) * SHARPNESS)
    votes = np.zeros((len(points), len(VERDICTS) + 1), dtype=np.float32)
    np.add.at(votes, (np.arange(len(points))[:, None], labels[nearest]), weights)
    return votes / votes.sum(axis=1, keepdims=True)


def corrections(drafts: list[Draft], gold: list[str]) -> np.ndarray:
    """What each labelled question teaches its neighbours: the verdict the rules should have
    given, or ``len(VERDICTS)`` where they gave it."""
    right = len(VERDICTS)
    return np.array(
        [right if d.verdict == g else VERDICTS.index(g) for d, g in zip(drafts, gold, strict=True)]
    )


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.linalg.norm(vectors, axis=-1, keepdims=True)


class VerdictModel:
    """Logistic regression over the draft's features, the question's reduced embedding and
    how the rules fared on its labelled neighbours, kept as plain arrays (no pickles),
    applied with numpy."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.mean = arrays["mean"]
        self.components = arrays["components"]
        self.examples = arrays["examples"]
        self.labels = arrays["labels"]
        self.coef = arrays["coef"]
        self.intercept = arrays["intercept"]
        self.classes = [str(c) for c in arrays["classes"]]
        self._threads = ThreadpoolController()

    def probabilities(self, row: np.ndarray, vector: np.ndarray) -> dict[str, float]:
        # One question's products are small: BLAS's own threads gain nothing on them, then
        # spin and starve the embedder's (make bench: in-process p50 about 45 ms with them, 25
        # without).
        with self._threads.limit(limits=1, user_api="blas"):
            reduced = (vector.reshape(-1) - self.mean) @ self.components.T
            votes = neighbour_votes(_unit(reduced)[None], self.examples, self.labels)[0]
            logits = self.coef @ np.concatenate([row, reduced, votes]) + self.intercept
        odds = np.exp(logits - logits.max())
        return dict(zip(self.classes, (odds / odds.sum()).tolist(), strict=True))

    def second_look(self, draft: str, row: np.ndarray, vector: np.ndarray) -> str | None:
        """A verdict the model is clearly surer of than the draft, or None."""
        p = self.probabilities(row, vector)
        best = max(p, key=p.__getitem__)
        if best in (draft, "not_covered") or p[best] - p.get(draft, 0.0) <= MARGIN:
            return None
        return best

    @classmethod
    def fit(
        cls, drafts: list[Draft], rows: np.ndarray, vectors: np.ndarray, gold: list[str],
        writers: list[str],
    ) -> VerdictModel:  # fmt: skip
        """Each question's neighbours are other writers' questions, as a new person's
        questions will be."""
        from sklearn.decomposition import PCA
        from sklearn.linear_model import LogisticRegression

        pca = PCA(DIMENSIONS, random_state=0).fit(vectors)
        reduced = pca.transform(vectors).astype(np.float32)
        examples = _unit(reduced)
        labels = corrections(drafts, gold)
        by = np.array(writers)
        votes = np.vstack([
            neighbour_votes(examples[start : start + 1000], examples, labels,
                            apart=by[start : start + 1000, None] == by[None, :])
            for start in range(0, len(examples), 1000)
        ])  # fmt: skip
        inputs = np.hstack([rows, reduced, votes])
        model = LogisticRegression(C=REGULARISATION, max_iter=3000).fit(inputs, gold)
        return cls({
            "mean": pca.mean_.astype(np.float32),
            "components": pca.components_.astype(np.float32),
            "examples": examples,
            "labels": labels,
            "coef": model.coef_.astype(np.float32),
            "intercept": model.intercept_.astype(np.float32),
            "classes": np.array(model.classes_),
        })  # fmt: skip

    def save(self, directory: Path, fingerprint: str) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        arrays = {"mean": self.mean, "components": self.components, "examples": self.examples,
                  "labels": self.labels, "coef": self.coef, "intercept": self.intercept,
                  "classes": np.array(self.classes)}  # fmt: skip
        np.savez(directory / "verdicts.npz", **arrays)
        (directory / "verdicts.json").write_text(json.dumps({"fingerprint": fingerprint}))

    @classmethod
    def load(cls, directory: Path) -> VerdictModel:
        with np.load(directory / "verdicts.npz") as arrays:
            return cls(dict(arrays))


def fingerprint(index_dir: Path) -> str:
    """What a fitted model came from: the labels, the engine's code and data, and the
    index's vectors (the tuned model is not bit-for-bit the same on every rebuild)."""
    digest = hashlib.sha256(TRAINING_FILE.read_bytes())
    digest.update((index_dir / "clauses.faiss").read_bytes())
    for source in SOURCES:
        for path in sorted(source.rglob("*")):
            if path.suffix in (".py", ".yml", ".txt"):
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_or_fit(
    directory: Path,
    draft: Callable[[str, str], Draft | None],
    encode: Callable[[list[str]], np.ndarray],
    annotations: dict[str, Annotation],
    progress: bool = False,
) -> VerdictModel:
    """The saved model if it matches what it was fitted on, otherwise a new one, saved
    beside the clause index in ``directory``."""
    wanted = fingerprint(directory)
    saved = directory / "verdicts.json"
    if saved.exists() and json.loads(saved.read_text())["fingerprint"] == wanted:
        return VerdictModel.load(directory)
    items = load_split("dev")
    logger.info("fitting the verdict model on %d development questions (a few minutes)",
                len(items))  # fmt: skip
    drafts = [(draft(i.q, i.role), i) for i in _progress(items, progress)]
    drafts = [(d, item) for d, item in drafts if d is not None]
    rows = np.stack([features(d, annotations) for d, _ in drafts])
    vectors = encode([d.query for d, _ in drafts])
    model = VerdictModel.fit(
        [d for d, _ in drafts], rows, vectors, [i.verdict for _, i in drafts],
        [i.writer for _, i in drafts],
    )  # fmt: skip
    model.save(directory, wanted)
    return model


def _progress(items: list, shown: bool) -> Iterable:
    if not shown:
        return items
    from tqdm import tqdm

    return tqdm(items, desc="verdict model: drafts", unit="question")
