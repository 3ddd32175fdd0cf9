"""Run the official 1EdTech Open Badges validator (PyPI `openbadges` 1.1.2) against our badges.

The validator is old (Python 2 era pins) and lives in its OWN virtual environment, built once and
cached outside the repository (never in the project's .venv):

    $OPENBADGES_VENV, else ${XDG_CACHE_HOME:-~/.cache}/asn-bot/openbadges-venv-py3.11

It is installed with `--no-deps` from a fully pinned list: openbadges 1.1.2 itself pins
pycryptodome==3.6.6 / python-jose==3.0.1 / pytz==2017.2, which do not build or import on
Python 3.11, so pip's resolver refuses the overrides; we list every dependency ourselves with
pycryptodome==3.20.0, python-jose==3.2.0 and pytz==2024.1 instead.

Each validation runs `_openbadges_driver.py` with that venv's python in a subprocess. The driver
answers the JSON-LD context URL (https://w3id.org/openbadges/v2 and variants) with the copy the
package bundles, fetches URLs on `allowed_hosts` (loopback by default) for real, and refuses
everything else, so no test ever reaches the internet. See the driver's docstring.

Plain `http://127.0.0.1:<port>/...` ids need no option: the validator accepts http(s) ids on any
host, and its default hosted-verification policy only requires the Assertion's authority to
equal the Issuer id's authority. (An explicit Issuer `verification.allowedOrigins` must be a DNS
name with a TLD, so "127.0.0.1:8080" there is reported as an error.) It ignores HTTP status
codes and does not check `revoked` on hosted assertions. Requests use no cache
(`use_cache=False, cache_backend=None`); pass `options=` to change the validator's options.

Usage (the server under test must keep serving while the validator runs: from async tests,
whose server lives in the test's event loop, use the `a...` variants):

    try:
        report = await avalidate_baked_png(png, recipient_profile={"email": "a@b.go.id"})
    except ValidatorUnavailable as exc:
        pytest.skip(str(exc))
    assert report.valid, report.summary()
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

OPENBADGES_VERSION = "1.1.2"

# openbadges 1.1.2 and its whole dependency tree, pinned; installed with --no-deps (see above).
REQUIREMENTS: tuple[str, ...] = (
    f"openbadges=={OPENBADGES_VERSION}",
    "pycryptodome==3.20.0",
    "python-jose==3.2.0",
    "pytz==2024.1",
    "aniso8601==10.0.1",
    "click==6.7",
    "future==0.16.0",
    "jsonschema==2.6.0",
    "language-tags==0.4.3",
    "openbadges-bakery==1.2.4",
    "pypng==0.20220715.0",
    "pydux==0.2.2",
    "PyLD==0.7.1",
    "python-mimeparse==1.6.0",
    "requests==2.34.2",
    "urllib3==2.8.0",
    "idna==3.20",
    "charset-normalizer==3.5.3",
    "certifi==2026.10.19.post1",
    "requests-cache==0.4.13",
    "rfc3986==0.4.1",
    "validators==0.11.2",
    "decorator==5.3.1",
    "six==1.17.0",
    "ecdsa==0.14.1",
    "rsa==4.9.1",
    "pyasn1==0.6.5",
    "defusedxml==0.7.1",
)

DRIVER = Path(__file__).with_name("_openbadges_driver.py")
DEFAULT_ALLOWED_HOSTS: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")
PIP_TIMEOUT_S = 600.0  # whole install; the first build takes ~30 s on the CI machine
IMPORT_CHECK_TIMEOUT_S = 60.0
VALIDATE_TIMEOUT_S = 60.0
_MARKER = ".asn-bot-ready"
_PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


class ValidatorUnavailable(RuntimeError):
    """The validator venv could not be built or imported (no network, pip error, ...)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ValidatorFailed(RuntimeError):
    """The validator ran but the driver did not produce a report (crash, timeout)."""


@dataclass(frozen=True)
class ValidationReport:
    """What `openbadges.verify()` said, plus what the offline driver saw."""

    valid: bool
    errors: list[dict[str, Any]]  # report.messages with messageLevel ERROR
    warnings: list[dict[str, Any]]  # ... with messageLevel WARNING
    messages: list[dict[str, Any]]  # all report.messages (each has 'result', 'name', ...)
    graph: list[dict[str, Any]]  # compacted nodes: Assertion, BadgeClass, Profile, ...
    raw: dict[str, Any]  # the whole verify() result: {'graph', 'input', 'report'}
    fetched_urls: list[str] = field(default_factory=list)  # fetched for real (allowed hosts)
    served_documents: list[str] = field(default_factory=list)  # answered from bundled copies
    blocked_urls: list[str] = field(default_factory=list)  # refused (would need internet)
    driver_error: str | None = None  # set when the driver itself could not run verify()
    stdout: str = ""
    stderr: str = ""

    @property
    def report(self) -> dict[str, Any]:
        return dict(self.raw.get("report") or {})

    @property
    def error_texts(self) -> list[str]:
        return [str(m.get("result")) for m in self.errors]

    @property
    def warning_texts(self) -> list[str]:
        return [str(m.get("result")) for m in self.warnings]

    def nodes(self, type_: str) -> list[dict[str, Any]]:
        """Graph nodes of one type, e.g. 'Assertion', 'BadgeClass', 'Profile'."""
        return [n for n in self.graph if n.get("type") == type_]

    def summary(self) -> str:
        """A readable explanation, for assertion messages."""
        lines = [f"valid={self.valid} errors={len(self.errors)} warnings={len(self.warnings)}"]
        lines += [f"  ERROR {m.get('name')}: {m.get('result')}" for m in self.errors]
        lines += [f"  WARNING {m.get('name')}: {m.get('result')}" for m in self.warnings]
        if self.driver_error:
            lines.append(f"  driver error: {self.driver_error}")
        if self.blocked_urls:
            lines.append(f"  blocked (not local): {self.blocked_urls}")
        if self.stderr.strip():
            lines.append("  stderr:\n" + self.stderr[-4000:])
        return "\n".join(lines)


# --------------------------------------------------------------------------- the venv


def validator_venv_dir() -> Path:
    override = os.environ.get("OPENBADGES_VENV")
    if override:
        return Path(override).expanduser()
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache").expanduser()
    py = f"py{sys.version_info.major}.{sys.version_info.minor}"
    return cache / "asn-bot" / f"openbadges-venv-{py}"


def _venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def _spec() -> str:
    return "\n".join(REQUIREMENTS) + "\n"


_lock = threading.Lock()
_cached: Path | ValidatorUnavailable | None = None


def validator_python() -> Path:
    """Python of the validator venv, building it on first use. Raises ValidatorUnavailable.

    The outcome (path or failure) is memoised per process, so a missing network costs one
    pip attempt per test session, not one per test. Builds are serialised across processes
    with a lock file next to the venv.
    """
    global _cached
    with _lock:
        if _cached is None:
            try:
                _cached = _ensure_venv(validator_venv_dir())
            except ValidatorUnavailable as exc:
                _cached = exc
        if isinstance(_cached, ValidatorUnavailable):
            raise _cached
        return _cached


def _run(cmd: list[str], *, timeout: float, what: str) -> subprocess.CompletedProcess[str]:
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired as exc:
        raise ValidatorUnavailable(f"{what} timed out after {timeout:.0f} s") from exc
    except OSError as exc:
        raise ValidatorUnavailable(f"{what} could not start: {exc}") from exc
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-15:])
        raise ValidatorUnavailable(f"{what} failed (exit {proc.returncode}):\n{tail}")
    return proc


def _import_check(python: Path) -> None:
    _run(
        [
            str(python),
            "-I",
            "-c",
            "import importlib.metadata as m, openbadges, "
            "openbadges.verifier.openbadges_context as c; "
            f"assert m.version('openbadges') == {OPENBADGES_VERSION!r}; "
            "assert c.OPENBADGES_CONTEXT_V2_DICT['@context']",
        ],
        timeout=IMPORT_CHECK_TIMEOUT_S,
        what="importing openbadges in the validator venv",
    )


def _ensure_venv(venv: Path) -> Path:
    python = _venv_python(venv)
    marker = venv / _MARKER
    try:
        venv.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValidatorUnavailable(f"cannot create {venv.parent}: {exc}") from exc
    with open(venv.parent / f".{venv.name}.lock", "w") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)  # another pytest may be building it right now
        try:
            if marker.is_file() and marker.read_text() == _spec() and python.exists():
                return python
            if venv.exists() and not marker.is_file() and os.environ.get("OPENBADGES_VENV"):
                # A venv the developer built and pointed us at: use it if it works, never
                # delete it.
                if not python.exists():
                    raise ValidatorUnavailable(f"OPENBADGES_VENV={venv} has no bin/python")
                _import_check(python)
                return python
            _build(venv)
            return python
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def _build(venv: Path) -> None:
    python = _venv_python(venv)
    if venv.exists():
        shutil.rmtree(venv)  # ours: stale pins or a half-finished build
    try:
        _run(
            [sys.executable, "-m", "venv", str(venv)],
            timeout=IMPORT_CHECK_TIMEOUT_S,
            what="creating the validator venv",
        )
        _run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--no-input",
                "--disable-pip-version-check",
                "--timeout",
                "30",
                "--retries",
                "2",
                # openbadges' own pins do not work on Python 3.11: install our full list.
                "--no-deps",
                *REQUIREMENTS,
            ],
            timeout=PIP_TIMEOUT_S,
            what=f"pip install openbadges=={OPENBADGES_VERSION} into {venv}",
        )
        _import_check(python)
        (venv / _MARKER).write_text(_spec())
    except BaseException:
        shutil.rmtree(venv, ignore_errors=True)
        raise


# --------------------------------------------------------------------------- running it


def _driver_env() -> dict[str, str]:
    # Loopback must not go through a proxy, and nothing else is fetched at all.
    return {
        k: v
        for k, v in os.environ.items()
        if k.lower() not in _PROXY_VARS and not k.startswith("PYTHON")
    }


def _prepare(
    workdir: Path,
    badge: bytes | str,
    *,
    recipient_profile: Mapping[str, Any] | None,
    allowed_hosts: Iterable[str],
    documents: Mapping[str, Any] | None,
    options: Mapping[str, Any] | None,
    http_timeout: float,
) -> tuple[Path, Path]:
    config: dict[str, Any] = {
        "png_path": None,
        "badge_input": None,
        "recipient_profile": dict(recipient_profile) if recipient_profile else None,
        "allowed_hosts": list(allowed_hosts),
        "documents": dict(documents or {}),
        # No requests_cache: each run is a fresh process anyway, and the old cache library
        # only adds a way to see stale answers.
        "options": {"use_cache": False, "cache_backend": None, **(options or {})},
        "http_timeout": http_timeout,
    }
    if isinstance(badge, bytes):
        png = workdir / "badge.png"
        png.write_bytes(badge)
        config["png_path"] = str(png)
    else:
        config["badge_input"] = badge
    config_path = workdir / "config.json"
    config_path.write_text(json.dumps(config))
    return config_path, workdir / "out.json"


def _parse(out_path: Path, stdout: str, stderr: str, returncode: int) -> ValidationReport:
    try:
        out = json.loads(out_path.read_text())
    except (OSError, ValueError) as exc:
        raise ValidatorFailed(
            f"validator driver produced no report (exit {returncode}): {exc}\n"
            f"stdout:\n{stdout[-4000:]}\nstderr:\n{stderr[-4000:]}"
        ) from exc
    result = out.get("result") or {}
    report = result.get("report") or {}
    messages = list(report.get("messages") or [])
    errors = [m for m in messages if m.get("messageLevel") == "ERROR"]
    driver_error = out.get("driver_error")
    if driver_error:
        errors.append({"messageLevel": "ERROR", "name": "DRIVER", "result": driver_error})
    return ValidationReport(
        valid=bool(report.get("valid")) and not driver_error,
        errors=errors,
        warnings=[m for m in messages if m.get("messageLevel") == "WARNING"],
        messages=messages,
        graph=list(result.get("graph") or []),
        raw=result,
        fetched_urls=list(out.get("fetched_urls") or []),
        served_documents=list(out.get("served_documents") or []),
        blocked_urls=list(out.get("blocked_urls") or []),
        driver_error=driver_error,
        stdout=stdout,
        stderr=stderr,
    )


def validate(
    badge: bytes | str,
    *,
    recipient_profile: Mapping[str, Any] | None = None,
    allowed_hosts: Iterable[str] = DEFAULT_ALLOWED_HOSTS,
    documents: Mapping[str, Any] | None = None,
    options: Mapping[str, Any] | None = None,
    validator_timeout: float = VALIDATE_TIMEOUT_S,
    http_timeout: float = 10.0,
) -> ValidationReport:
    """Validate a baked PNG (bytes) or an assertion URL / JSON string (str). Blocking.

    Do not call this from a coroutine whose event loop serves the badge URLs: the loop would
    be blocked while the validator fetches them. Use `avalidate` there.
    """
    python = validator_python()
    with tempfile.TemporaryDirectory(prefix="openbadges-") as tmp:
        config_path, out_path = _prepare(
            Path(tmp),
            badge,
            recipient_profile=recipient_profile,
            allowed_hosts=allowed_hosts,
            documents=documents,
            options=options,
            http_timeout=http_timeout,
        )
        try:
            proc = subprocess.run(
                [str(python), "-I", str(DRIVER), str(config_path), str(out_path)],
                capture_output=True,
                text=True,
                timeout=validator_timeout,
                stdin=subprocess.DEVNULL,
                env=_driver_env(),
                cwd=tmp,
            )
        except subprocess.TimeoutExpired as exc:
            raise ValidatorFailed(f"validator timed out after {validator_timeout:.0f} s") from exc
        return _parse(out_path, proc.stdout, proc.stderr, proc.returncode)


async def avalidate(
    badge: bytes | str,
    *,
    recipient_profile: Mapping[str, Any] | None = None,
    allowed_hosts: Iterable[str] = DEFAULT_ALLOWED_HOSTS,
    documents: Mapping[str, Any] | None = None,
    options: Mapping[str, Any] | None = None,
    validator_timeout: float = VALIDATE_TIMEOUT_S,
    http_timeout: float = 10.0,
) -> ValidationReport:
    """`validate` without blocking the event loop (so an in-loop server keeps serving)."""
    python = await asyncio.to_thread(validator_python)
    with tempfile.TemporaryDirectory(prefix="openbadges-") as tmp:
        config_path, out_path = _prepare(
            Path(tmp),
            badge,
            recipient_profile=recipient_profile,
            allowed_hosts=allowed_hosts,
            documents=documents,
            options=options,
            http_timeout=http_timeout,
        )
        proc = await asyncio.create_subprocess_exec(
            str(python),
            "-I",
            str(DRIVER),
            str(config_path),
            str(out_path),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=_driver_env(),
            cwd=tmp,
        )
        try:
            stdout, stderr = await asyncio.wait_for(proc.communicate(), validator_timeout)
        except TimeoutError as exc:
            proc.kill()
            await proc.communicate()
            raise ValidatorFailed(f"validator timed out after {validator_timeout:.0f} s") from exc
        except BaseException:
            if proc.returncode is None:
                proc.kill()
                await proc.communicate()
            raise
        return _parse(
            out_path,
            stdout.decode(errors="replace"),
            stderr.decode(errors="replace"),
            proc.returncode if proc.returncode is not None else -1,
        )


def validate_baked_png(png: bytes, **kwargs: Any) -> ValidationReport:
    """Blocking: validate a PNG baked with an `openbadges` iTXt chunk. See `validate`."""
    return validate(png, **kwargs)


async def avalidate_baked_png(png: bytes, **kwargs: Any) -> ValidationReport:
    """Async: validate a PNG baked with an `openbadges` iTXt chunk. See `validate`."""
    return await avalidate(png, **kwargs)
