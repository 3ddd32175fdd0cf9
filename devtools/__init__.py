"""Development tools: the local Bot API emulator and the terminal demo. Not in the wheel, imported
by no product module."""
