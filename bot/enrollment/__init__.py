"""Enrollment: the steps that sign a civil servant up, and the parsers of what they type (NIP,
names, work e-mail, social handles)."""
