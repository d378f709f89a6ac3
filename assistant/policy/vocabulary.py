"""How people talk, rewritten into the policy's words (``policy_corpus/vocabulary.yml``).

Expansion adds the policy's terms to a query and keeps the user's own words, so "can I DM
a mum on insta" also searches for "direct or private messaging", "parent", "instagram".
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from assistant.policy.corpus import CORPUS_DIR

VOCABULARY_FILE = CORPUS_DIR / "vocabulary.yml"


class Vocabulary:
    def __init__(self, terms: dict[str, list[str]]):
        self.terms = {key.lower(): words for key, words in terms.items()}
        # Longest keys first, so "ex pupil" wins over "pupil"; whole words only.
        keys = sorted(self.terms, key=len, reverse=True)
        self._pattern = re.compile(
            r"(?<![\w'])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w'])", re.IGNORECASE
        )

    def canonical(self, text: str) -> list[str]:
        """The policy's words for the terms in ``text``, each once, in order of appearance."""
        found: dict[str, None] = {}
        for match in self._pattern.finditer(text):
            for word in self.terms[match.group(1).lower()]:
                found.setdefault(word, None)
        return list(found)

    def words(self) -> list[str]:
        """Every term, as people say it and in the policy's words."""
        return [term for key, words in self.terms.items() for term in (key, *words)]

    def expand(self, text: str) -> str:
        extra = [w for w in self.canonical(text) if w.lower() not in text.lower()]
        return f"{text} {' '.join(extra)}" if extra else text


@cache
def load_vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    return Vocabulary(yaml.safe_load(path.read_text(encoding="utf-8")))
