"""Channel adapters, one package per channel: the only code in bot/ (with the composition root) that
knows a messenger's or the web's library."""
