"""Misspellings put right before retrieval: "facebok", "freind", "alowed", "permision".

A word is left alone when it is spelt right: in an English dictionary (pyspellchecker's),
in the policy or its vocabulary ("insta", "snapchat"), said often in the curated questions
("texting"), or a contraction or plural of such a word without its apostrophe ("arent",
"theyre", "childs"). Any other word becomes the closest word of the policy or vocabulary
one edit away, if there is one: a misspelling only matters to retrieval when it hides a
word the policy uses. A name or a new app has no such neighbour and is kept as it was.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from spellchecker import SpellChecker

_WORD = re.compile(r"[A-Za-z]+")
# Shorter words are often text-speak with a real word one edit away ("fone" -> "one").
MIN_LENGTH = 5
# A word this frequent in the curated questions is how people write, not a typo.
COMMON_IN_QUESTIONS = 3
_CONTRACTIONS = ("nt", "re", "ve", "ll", "s", "d", "m")


def _words(texts: Iterable[str]) -> Counter[str]:
    return Counter(w.lower() for text in texts for w in _WORD.findall(text))


class Speller:
    def __init__(self, own_texts: Iterable[str], question_texts: Iterable[str] = ()):
        self.own = _words(own_texts)
        self._english = SpellChecker(distance=1)
        common = [w for w, n in _words(question_texts).items() if n >= COMMON_IN_QUESTIONS]
        self._english.word_frequency.load_words([*self.own, *common])

    def correct(self, text: str) -> str:
        return _WORD.sub(lambda m: self._word(m.group(0)), text)

    def _known(self, word: str) -> bool:
        if word in self._english:
            return True
        stems = (word[: -len(end)] for end in _CONTRACTIONS if word.endswith(end))
        return any(
            f"{stem}'{word[len(stem) :]}" in self._english or stem in self._english
            for stem in stems
        )

    def _word(self, word: str) -> str:
        lowered = word.lower()
        if len(word) < MIN_LENGTH or self._known(lowered):
            return word
        own = [c for c in self._english.candidates(lowered) or () if c in self.own]
        return max(own, key=lambda c: (self.own[c], c)) if own else word
