"""What a message says before any retrieval: its language, its facts, and whether it
describes an incident rather than asks about a rule.

Plain functions over text, no models: cheap, predictable and easy to test.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_QUESTION_CHARS = 1000  # the engine reads this much of a message; more is not a question

# Common English words: a message with letters but none of these is not in English.
_ENGLISH = frozenset(
    "a about after all allowed am an and any are as at be been being but by can could "
    "did do does doing for friend from get got had has have he her him his how i if "
    "in is it its me my no not of on or our she should so some than that the their "
    "them then there they this to up us was we were what when where which who why "
    "will with would yes you your ok okay pupil pupils staff teacher parent parents "
    "child school head".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

_NUMBER_WORDS = {
    word: n
    for n, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_AGE = re.compile(
    r"\b(?:aged?|age of|is|are|who'?s|she'?s|he'?s|they'?re|turned|just)\s+(\d{1,2}|"
    + "|".join(_NUMBER_WORDS)
    + r")\b|\b(\d{1,2}|"
    + "|".join(_NUMBER_WORDS)
    + r")\s*(?:-|\s)?(?:yrs?|years?)(?:\s*-?\s*old)?\b|\b(\d{1,2})\s*yo\b",
    re.IGNORECASE,
)

PLATFORMS = {
    "facebook": ("facebook", "fb", "face book", "messenger"),
    "instagram": ("instagram", "insta", "ig", "instagramm"),
    "twitter": ("twitter", "tweet", "x.com"),
    "snapchat": ("snapchat", "snap"),
    "tiktok": ("tiktok", "tik tok"),
    "whatsapp": ("whatsapp", "whats app", "whatsap"),
    "youtube": ("youtube", "you tube"),
}

# Describing something that has happened or is happening, or asking to report it.
_INCIDENT = re.compile(
    r"\b(i(?:'m| am) (?:worried|concerned|scared)|i(?: have|'ve)? (?:seen|saw|noticed|found|"
    r"heard|received|got)|(?:want|need|would like|wish) to (?:report|disclose|raise|tell)|"
    r"report(?:ing)? (?:a|an|this|some|my)|make a (?:report|disclosure)|disclos(?:e|ure)|"
    r"(?:is|are|has been|have been|keeps?|kept|was|were) (?:messaging|sending|posting|"
    r"threatening|bullying|adding|friending|contacting|harassing|following|dm'?ing|texting|"
    r"sharing|taunting|abusing)|(?:is|are|being|been|was|got) (?:bullied|threatened|"
    r"harassed|groomed|abused|targeted)|threatened (?:me|us|to)|posted (?:about|a|photos|pics|"
    r"pictures)|sent (?:me|him|her|my|a|them) )",
    re.IGNORECASE,
)
# A rule asked about in the abstract ("what should I do if...") is a question, not a report.
_HYPOTHETICAL = re.compile(
    r"^\s*(?:what (?:should|do|would|happens)|am i allowed|are (?:we|staff|teachers) allowed|"
    r"can (?:i|we|staff|teachers)|should (?:i|we)|is it ok|if a|what if|how do i)\b",
    re.IGNORECASE,
)
_ADULT = re.compile(
    r"\b(colleague|teacher|staff|member of staff|ta|teaching assistant|head ?teacher|head|"
    r"adult|coach|governor|volunteer)\b",
    re.IGNORECASE,
)
_CHILD = re.compile(
    r"\b(pupils?|child(?:ren)?|kids?|students?|learners?|son|daughter|y\d|year \d)\b", re.I
)


@dataclass(frozen=True)
class Facts:
    """Facts stated in a question that can change which rule applies."""

    age: int | None = None
    platform: str | None = None


def clean(text: str | None) -> str:
    """Normalised text the engine reads: NFKC, no control characters, bounded length."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)
    return " ".join(text.split())[:MAX_QUESTION_CHARS]


def has_words(text: str) -> bool:
    return bool(_WORD.search(text))


def looks_english(text: str) -> bool:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 3:
        return True  # too short to tell; retrieval will say if it means nothing
    known = sum(w in _ENGLISH for w in words)
    return known / len(words) >= 0.15


def extract_facts(text: str) -> Facts:
    age = None
    for match in _AGE.finditer(text):
        raw = next(g for g in match.groups() if g)
        value = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw.lower()]
        if 3 <= value <= 99:
            age = value
            break
    lowered = f" {text.lower()} "
    platform = next(
        (
            name
            for name, words in PLATFORMS.items()
            if any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in words)
        ),
        None,
    )
    return Facts(age=age, platform=platform)


def escalation(text: str) -> str | None:
    """``disclosure`` (an adult's conduct towards children), ``report`` (another incident),
    or None when the message asks about a rule."""
    if not _INCIDENT.search(text) or (
        _HYPOTHETICAL.search(text)
        and not re.search(
            r"\b(i(?:'m| am) (?:worried|concerned)|want to report|need to report)\b", text, re.I
        )
    ):
        return None
    if _ADULT.search(text) and _CHILD.search(text):
        return "disclosure"
    return "report"
