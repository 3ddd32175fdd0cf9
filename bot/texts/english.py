"""English texts. Keys must match bot/texts/indonesian.py."""

MESSAGES: dict[str, str] = {
    # Command menu
    "cmd_start": "Start and enroll as government PR",
    "cmd_help": "Help and the list of commands",
    # Foundation
    "welcome": (
        "Hello, {name}! 👋\n\n"
        "I am the <b>Government Public Relations</b> bot. Civil servants with more than 500 "
        "followers on Instagram, Facebook or X can volunteer to share verified information "
        "about government programmes.\n\n"
        "Type /help to see every command."
    ),
    "help": ("<b>Available commands</b>\n{commands}\n\nQuestions? Contact your agency's PR team."),
    "help_line": "/{command} — {description}",
    "error_generic": (
        "Sorry, something went wrong on our side. Your earlier answers are saved; "
        "please try again in a moment."
    ),
}
