"""Administration: the admin group, the audit trail, backups, admin notifications."""
