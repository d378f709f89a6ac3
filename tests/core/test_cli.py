"""``ask-batch`` is an interface other tools rely on: one JSON answer per line, in order."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ask_batch_prints_one_json_answer_per_input_line_in_order(tmp_path: Path) -> None:
    questions = [
        {"q": "can I friend a former pupil aged 17?", "role": "staff"},
        {"q": "what time does school start?", "role": "parent"},
        {"q": "", "role": "parent"},
        {"q": "can I use my own phone to take photos of the pupils?", "role": "staff"},
    ]
    source = tmp_path / "questions.jsonl"
    source.write_text("".join(json.dumps(q) + "\n" for q in questions))
    run = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ask-batch", str(source)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    answers = [json.loads(line) for line in run.stdout.splitlines()]
    assert [a["verdict"] for a in answers] == [
        "not_permitted", "not_covered", "not_covered", "not_permitted",
    ]  # fmt: skip
    assert answers[0]["citations"][0]["id"] == "terms-1g"
    assert answers[3]["citations"][0]["id"] == "staff-devices-4a"


def test_ask_batch_reports_a_bad_line_without_losing_its_place(tmp_path: Path) -> None:
    source = tmp_path / "questions.jsonl"
    source.write_text('not json\n{"q": "can I post about pupils?", "role": "staff"}\n')
    run = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ask-batch", str(source)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert lines[0] == {"error": lines[0]["error"], "line": 1}
    assert lines[1]["verdict"] in {"not_permitted", "permitted_with_permission"}
    assert run.returncode == 1 and "line 1" in run.stderr
