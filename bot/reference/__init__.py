"""Reference data: Indonesia's provinces and time zones, government agencies."""
