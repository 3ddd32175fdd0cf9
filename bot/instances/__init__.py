"""Several instances of the bot on one database: who is running (heartbeats) and which one
does the work only one may do at a time (leases)."""
