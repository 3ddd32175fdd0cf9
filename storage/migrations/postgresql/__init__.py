"""The PostgreSQL form of every migration: the same versions and names as the SQLite files one
folder up, translated by fixed rules (ids and Telegram ids BIGINT, identity keys, counters
INTEGER, times TEXT, triggers as plpgsql). tests/storage/test_migration_parity.py holds the two
folders together."""
