"""Content campaigns: planning, the outbox and its delivery worker, sharing and reshares."""
