# Hartest CE Primary School policy assistant. `make help` lists the targets.
SHELL := /bin/bash
RASA := .venv/rasa/bin/rasa
PY := .venv/actions/bin/python
MODEL := models/policy-assistant.tar.gz
ROLE ?= staff
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: help setup services index train run chat telegram-webhook ask ask-batch eval cases add-user verify-audit \
	test test-core validate test-stories test-e2e bench lint clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

setup:  ## make both environments (quick when nothing changed)
	@scripts/setup.sh

index: setup  ## fine-tune the embedder, build the clause index, fit the verdict model (each only when what it rests on changed)
	$(PY) -m assistant.cli index

train: setup  ## train the Rasa model (Rasa skips it when nothing changed)
	$(RASA) train --fixed-model-name policy-assistant --out models

# Telegram by long polling, for schools without a public address: TELEGRAM_POLLING=1.
PROCESSES := actions rasa worker dashboard ready $(if $(TELEGRAM_POLLING),telegram)

run: train index  ## start Rasa (REST, Socket.IO, and Telegram/Teams when configured), actions, worker, dashboard
	@mkdir -p var && $(PY) scripts/credentials.py > var/credentials.yml
	.venv/actions/bin/honcho --no-prefix start -f Procfile $(PROCESSES) 2>&1 || true

chat: train index  ## talk to the assistant in this terminal
	scripts/chat.sh

ask: setup  ## answer one question: make ask Q="..." ROLE=staff
	@$(PY) -m assistant.cli ask "$(Q)" --role "$(ROLE)"

ask-batch: setup  ## JSON lines {"q","role"} in, one JSON Answer per line out: make ask-batch IN=file.jsonl
	@$(PY) -m assistant.cli ask-batch "$(IN)"

eval: index $(if $(E2E),train)  ## score eval/ (dev and held-out) with baselines; E2E=1 goes through Rasa REST
	$(PY) -m scripts.evaluate $(if $(E2E),--e2e)

cases: setup  ## open safeguarding cases as JSON (reference, category, status, created, routed to)
	@$(PY) -m assistant.cases list

add-user: setup  ## a dashboard account: make add-user LOGIN=head ROLE=headteacher NAME="Mrs Head" [TOTP=1]
	$(PY) -m assistant.dashboard.accounts add "$(LOGIN)" --role "$(ROLE)" --name "$(NAME)" $(if $(TOTP),--totp)

verify-audit: setup  ## check the audit log's hash chain
	$(PY) -m assistant.cases verify-audit

services:  ## make sure PostgreSQL, Redis and Chromium are there for the tests (installs if missing)
	@scripts/services.sh

test: setup services lint test-core validate train test-stories test-e2e  ## everything CI runs

lint:  ## ruff
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

test-core: index  ## pytest on the core, the actions, the case store, notifications and dashboard
	$(PY) -m pytest tests/core tests/actions tests/cases tests/notify tests/dashboard

validate: setup  ## rasa data validate
	$(RASA) data validate

test-stories: train  ## rasa test on the test conversations
	$(RASA) test core --stories tests/stories --model $(MODEL) --fail-on-prediction-errors --out var/results

test-e2e: train index  ## both servers started for real, asked through REST, Telegram, Teams and the widget
	$(PY) -m pytest tests/e2e tests/channels

bench: train index  ## latency, throughput, memory and start-up, as a table
	$(PY) -m scripts.bench

telegram-webhook: setup  ## register the Telegram webhook: make telegram-webhook URL=https://.../webhooks/telegram/webhook
	.venv/rasa/bin/python -m assistant.channels.telegram_webhook set --url "$(URL)"

clean:  ## remove models, indexes, results and local databases (keeps the environments)
	rm -rf models var
