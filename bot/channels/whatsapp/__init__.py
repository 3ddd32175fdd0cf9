"""The WhatsApp channel: the Cloud API client, its webhook, and neutral content drawn in
WhatsApp's shape (its formatting, reply buttons and lists, templates outside the 24-hour
window)."""
