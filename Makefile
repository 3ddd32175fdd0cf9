# The two commands a newcomer needs: `make demo` and `make test`. Each sets up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo demo-whatsapp run test lint bench fuzz clean

# The development tools (the emulator, the demo) stay out of the wheel; the venv finds them in
# the checkout (a .pth file), so bench/ and scripts/ import them like the bot's own packages.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	echo "$(CURDIR)" > "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/asn_bot_checkout.pth"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m devtools.demo

demo-whatsapp: $(STAMP)
	$(BIN)/python -m devtools.demo --channel whatsapp

run: $(STAMP)
	$(BIN)/asn-bot run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/updates.py
	$(BIN)/python bench/verify.py
	$(BIN)/python bench/badges.py
	$(BIN)/python bench/broadcast.py --quick
	$(BIN)/python bench/plan.py
	$(BIN)/python bench/whatsapp.py

fuzz: $(STAMP)
	$(BIN)/python bench/fuzz.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
