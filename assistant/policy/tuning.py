"""Fine-tuning the embedder on the curated phrasings, so that "add me on fb" lands next to
the clause about being friends on social networking sites.

all-mpnet-base-v2 learnt general English; ``policy_corpus/questions.yml`` pairs the way staff
and parents ask with the clause that answers them. A few epochs of contrastive training
(each phrasing against its clause, the other clauses in the batch as negatives) teach the
model those pairs. Settings were chosen on eval/dev.jsonl only (with all-MiniLM-L6-v2, hit@1
0.845 -> 0.937; all-mpnet-base-v2 tuned the same way, 0.951). Training computes in
bfloat16 where the processor supports it: a third of the time on 2 cores, and the same dev
figures. Each batch is embedded a few texts at a time, grouped by length
(``_embed_by_length``): in float32 on 2 cores of an AVX2-only AMD EPYC a step took about 13 s
against 22 s padded whole, and the three epochs 48 minutes. Showing each phrasing the clause
the untuned model confuses it with (a hard negative) doubled the time and lowered dev hit@1
(0.928 -> 0.910), so it is not done. Freezing the embeddings and the lower six layers made a
float32 step 40% cheaper but lowered dev hit@1 (0.928 -> 0.903) and verdict accuracy (0.952
-> 0.924), so every layer trains.

The tuned model is saved under ``var/model`` with ``tuning.json`` naming what produced it
(base model, settings, training pairs); it is trained again only when one of them changes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import tempfile
from pathlib import Path

from assistant.policy.corpus import Policy
from assistant.policy.embedder import MODEL_NAME, Embedder, bfloat16_is_native
from assistant.policy.index import load_questions

logger = logging.getLogger(__name__)

SETTINGS = {
    "epochs": 3,
    "learning_rate": 1e-4,
    "batch_size": 32,
    "warmup": 0.1,
    "seed": 7,
    # Tokens per text: every clause with its lead-in fits but cyber-bullying-4c (169), whose
    # tail is cut; phrasings are far shorter. Shorter batches train faster.
    "max_seq_length": 128,
    # Rows per forward pass within a batch, grouped by length (see _embed_by_length).
    "length_chunk": 8,
}
CONFIG_FILE = "tuning.json"


def training_pairs(policy: Policy) -> list[tuple[str, str]]:
    """(curated question, the text of the clause that answers it), in corpus order."""
    questions = load_questions()
    return [(q, c.context_text) for c in policy.clauses for q in questions.get(c.id, [])]


def fingerprint(pairs: list[tuple[str, str]]) -> dict:
    digest = hashlib.sha256("\n".join(f"{q}\t{t}" for q, t in pairs).encode()).hexdigest()
    return {"base": MODEL_NAME, "settings": SETTINGS, "pairs": len(pairs), "pairs_hash": digest}


def tuned_name(config: dict) -> str:
    return f"{config['base']}+tuned-{config['pairs_hash'][:12]}"


def load_or_tune(directory: Path, policy: Policy, progress: bool = False) -> Embedder:
    """The saved tuned model if it matches the pairs and settings, otherwise a new one."""
    pairs = training_pairs(policy)
    wanted = fingerprint(pairs)
    config = directory / CONFIG_FILE
    if not (config.exists() and json.loads(config.read_text(encoding="utf-8")) == wanted):
        tune(pairs, directory, wanted, progress)
    return Embedder(directory, name=tuned_name(wanted))


def tune(pairs: list[tuple[str, str]], directory: Path, config: dict, progress: bool) -> None:
    from datasets import Dataset
    from sentence_transformers import (
        SentenceTransformerTrainer,
        SentenceTransformerTrainingArguments,
    )
    from sentence_transformers.training_args import BatchSamplers

    logger.info(
        "fine-tuning the embedder on %d curated phrasings, %d epochs (a few minutes)",
        len(pairs),
        SETTINGS["epochs"],
    )
    embedder = Embedder()
    embedder.model.max_seq_length = SETTINGS["max_seq_length"]
    anchors, positives = zip(*pairs, strict=True)
    dataset = Dataset.from_dict({"anchor": list(anchors), "positive": list(positives)})
    with tempfile.TemporaryDirectory() as scratch:
        args = SentenceTransformerTrainingArguments(
            output_dir=scratch,
            num_train_epochs=SETTINGS["epochs"],
            per_device_train_batch_size=SETTINGS["batch_size"],
            learning_rate=SETTINGS["learning_rate"],
            warmup_steps=SETTINGS["warmup"],
            seed=SETTINGS["seed"],
            # Two phrasings of one clause in a batch would be each other's false negatives.
            batch_sampler=BatchSamplers.NO_DUPLICATES,
            save_strategy="no",
            report_to="none",
            use_cpu=True,
            disable_tqdm=not progress,
            logging_strategy="no",
            bf16=bfloat16_is_native(),
        )
        SentenceTransformerTrainer(
            model=embedder.model,
            args=args,
            train_dataset=dataset,
            loss=_length_chunked_loss(embedder.model),
        ).train()
        # Written aside and moved into place, so an interrupted run never looks finished.
        staged = Path(scratch) / "model"
        embedder.model.save(str(staged))
        (staged / CONFIG_FILE).write_text(json.dumps(config, indent=2), encoding="utf-8")
        shutil.rmtree(directory, ignore_errors=True)
        directory.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staged), directory)
    logger.info("tuned model saved in %s", directory)


def _length_chunked_loss(model):
    """MultipleNegativesRankingLoss with each column embedded by ``_embed_by_length``: the
    same batches and loss for about half the work (only dropout draws differently). Padded
    whole, a batch of 32 clauses is as wide as its longest (about 128 tokens, where the mean
    is 45), and half of what the model computed was padding."""
    from sentence_transformers import losses

    class LengthChunkedLoss(losses.MultipleNegativesRankingLoss):
        def forward(self, sentence_features, labels):
            embeddings = [_embed_by_length(self.model, f) for f in sentence_features]
            return self.compute_loss_from_embeddings(embeddings, labels)

    return LengthChunkedLoss(model)


def _embed_by_length(model, features: dict, chunk: int = SETTINGS["length_chunk"]):
    """Sentence embeddings of a padded batch, computed ``chunk`` rows at a time from the
    longest text down, each chunk cut to its own longest text; rows in the order given. The
    padding carries no attention, so each row's embedding is what the whole batch gives."""
    import torch

    lengths = features["attention_mask"].sum(dim=1)
    order = torch.argsort(lengths, descending=True)
    parts = []
    for rows in order.split(chunk):
        width = int(lengths[rows].max())
        part = {
            key: value[rows, :width] if torch.is_tensor(value) and value.dim() == 2 else value
            for key, value in features.items()
        }
        parts.append(model(part)["sentence_embedding"])
    return torch.cat(parts)[torch.argsort(order)]
