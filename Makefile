# The two commands a newcomer needs: `make demo` and `make test`. Each sets up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo demo-whatsapp run test lint bench fuzz clean postgresql-server

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

# The storage and flow tests also run on PostgreSQL (a throwaway server from the machine's
# binaries): install them when pg_ctl is missing, or say how when we are not root.
test: lint postgresql-server
	$(BIN)/pytest

postgresql-server:
	@ls $${PG_BIN:-/usr/lib/postgresql/*/bin}/pg_ctl >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql; \
		else \
			echo "No PostgreSQL server binaries: the PostgreSQL half of tests/storage and tests/flows is skipped. Install the postgresql package (or set PG_BIN)."; \
		fi; \
	}

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
