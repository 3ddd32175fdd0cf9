"""The flow fixtures (fake platform APIs, the verifying bot, the admin group) for fuzzing."""

from tests.flows.conftest import admin_group, apis, vbot, verifying_settings

__all__ = ["admin_group", "apis", "vbot", "verifying_settings"]
