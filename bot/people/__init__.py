"""People and privacy: who the bot talks to, and their data rights under UU PDP."""
