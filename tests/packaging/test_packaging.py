"""The deployment files, read as the tools that run them would (there is no Docker daemon on
the CI machine, and no image registry): the image runs as a non-root user with a health
check, compose starts PostgreSQL with the collation the bot requires and one service per
role, and the systemd units are valid (checked by `systemd-analyze verify` when it exists)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"
INSTALLED_BOT = "/opt/asn-influencer-bot/.venv/bin/asn-bot"


def _dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        keyword, _, arguments = (pending + stripped).partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        pending = ""
    return instructions


def _runtime_stage() -> list[tuple[str, str]]:
    instructions = _dockerfile_instructions()
    starts = [i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM"]
    return instructions[starts[-1] :]


def _unit(name: str) -> dict[str, list[str]]:
    """`Section.Key` → its values (systemd allows a key several times)."""
    values: dict[str, list[str]] = {}
    section = ""
    for line in (UNITS / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        values.setdefault(f"{section}.{key.strip()}", []).append(value.strip())
    return values


def _compose() -> dict[str, object]:
    loaded = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _service(name: str) -> dict[str, object]:
    services = _compose()["services"]
    assert isinstance(services, dict)
    service = services[name]
    assert isinstance(service, dict)
    return service


# --- Dockerfile -----------------------------------------------------------------------------


def test_the_image_is_built_in_two_stages_from_slim_bookworm() -> None:
    bases = [args for keyword, args in _dockerfile_instructions() if keyword == "FROM"]
    assert len(bases) == 2
    assert all(base.startswith("python:3.11-slim-bookworm") for base in bases)


def test_the_runtime_stage_runs_as_a_numeric_non_root_user() -> None:
    users = [args for keyword, args in _runtime_stage() if keyword == "USER"]
    assert users, "the runtime stage sets no USER, so the bot would run as root"
    user = users[-1].split(":")[0]
    assert user.isdigit() and int(user) >= 1000, user


def test_the_runtime_stage_installs_no_dev_dependencies_and_no_source_tree() -> None:
    runtime = " ".join(f"{keyword} {args}" for keyword, args in _runtime_stage())
    assert ".[dev]" not in runtime and "[dev]" not in runtime
    assert "pip install" in runtime and "--no-index" in runtime  # only the built wheels
    copies = [args for keyword, args in _runtime_stage() if keyword == "COPY"]
    assert copies == [], "the runtime stage copies files in besides the wheels"


def test_the_health_check_asks_healthz_with_python_urllib() -> None:
    checks = [args for keyword, args in _runtime_stage() if keyword == "HEALTHCHECK"]
    assert len(checks) == 1
    assert "urllib.request.urlopen" in checks[0] and "python" in checks[0]
    defaults = " ".join(args for keyword, args in _runtime_stage() if keyword == "ENV")
    assert "HEALTHCHECK_URL=http://127.0.0.1:8080/healthz" in defaults


def test_the_image_runs_asn_bot_and_listens_beyond_loopback() -> None:
    runtime = dict(_runtime_stage())
    assert runtime["ENTRYPOINT"] == '["asn-bot"]'
    env = " ".join(args for keyword, args in _runtime_stage() if keyword == "ENV")
    assert "WEB_HOST=0.0.0.0" in env  # 127.0.0.1 inside a container is unreachable


def test_the_build_context_leaves_secrets_and_local_state_out() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    for pattern in (".env", "data/", ".venv/", ".git/", "tests/", "devtools/"):
        assert pattern in ignored, pattern
    # What the wheel is built from must stay in.
    for kept in ("bot/", "handlers/", "storage/", "pyproject.toml", "README.md"):
        assert kept not in ignored, kept


# --- compose.yaml ---------------------------------------------------------------------------


def test_postgres_is_initialised_with_the_c_collation() -> None:
    postgres = _service("postgres")
    assert str(postgres["image"]).startswith("postgres:15")
    environment = postgres["environment"]
    assert isinstance(environment, dict)
    arguments = str(environment["POSTGRES_INITDB_ARGS"]).split()
    assert "--locale=C" in arguments and "--encoding=UTF8" in arguments
    assert "healthcheck" in postgres


@pytest.mark.parametrize("role", ["web", "worker"])
def test_each_role_has_a_service_on_postgres_started_after_it_is_healthy(role: str) -> None:
    service = _service(f"bot-{role}")
    assert service["command"] == ["run", "--role", role]
    assert service["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert service["env_file"] == ".env"
    assert service["restart"] == "unless-stopped"
    assert service["stop_grace_period"] == "90s"
    environment = service["environment"]
    assert isinstance(environment, dict)
    assert re.fullmatch(
        r"postgresql://asnbot:\$\{POSTGRES_PASSWORD:\?[^}]*\}@postgres:5432/asnbot",
        str(environment["DATABASE_URL"]),
    )


def test_only_the_web_service_publishes_a_port_and_only_on_loopback() -> None:
    assert _service("bot-web")["ports"] == ["127.0.0.1:8080:8080"]
    worker = _service("bot-worker")
    assert "ports" not in worker  # workers scale (--scale bot-worker=N) without port clashes
    environment = worker["environment"]
    assert isinstance(environment, dict)
    assert (
        environment["HEALTHCHECK_URL"] == f"http://127.0.0.1:{environment['METRICS_PORT']}/healthz"
    )


# --- systemd --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "role"), [("asn-bot-web.service", "web"), ("asn-bot-worker@.service", "worker")]
)
def test_each_unit_runs_its_role_hardened_with_the_settings_file(unit: str, role: str) -> None:
    values = _unit(unit)
    assert values["Service.ExecStart"] == [f"{INSTALLED_BOT} run --role {role}"]
    assert values["Service.EnvironmentFile"][0] == "/etc/asn-bot/env"
    assert values["Service.User"] == ["asnbot"]
    assert values["Service.Restart"] == ["on-failure"]
    assert values["Service.TimeoutStopSec"] == ["90"]
    assert values["Service.NoNewPrivileges"] == ["true"]
    assert values["Service.ProtectSystem"] == ["strict"]
    assert values["Service.ReadWritePaths"] == ["/var/lib/asn-bot"]
    assert values["Service.WorkingDirectory"] == ["/var/lib/asn-bot"]
    assert values["Install.WantedBy"] == ["multi-user.target"]


def test_each_worker_instance_may_have_its_own_optional_settings() -> None:
    files = _unit("asn-bot-worker@.service")["Service.EnvironmentFile"]
    assert files == ["/etc/asn-bot/env", "-/etc/asn-bot/worker-%i.env"]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_systemd_analyze_verifies_the_units(tmp_path: Path) -> None:
    # verify insists that ExecStart's program exists; on this machine the bot is not installed
    # in /opt, so the copies name this Python instead. Every other line is checked as written.
    for unit in UNITS.iterdir():
        text = unit.read_text(encoding="utf-8").replace(INSTALLED_BOT, sys.executable)
        (tmp_path / unit.name).write_text(text, encoding="utf-8")
    result = subprocess.run(
        [
            "systemd-analyze",
            "verify",
            "--man=no",
            str(tmp_path / "asn-bot-web.service"),
            str(tmp_path / "asn-bot-worker@1.service"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    # Unknown keys are only warned about (exit status 0), so any output is a failure too.
    assert (result.returncode, result.stdout + result.stderr) == (0, "")
