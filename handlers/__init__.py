"""Handlers per channel: parse an update, call a service, render the reply."""
