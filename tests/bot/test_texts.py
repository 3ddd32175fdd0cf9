import string

from bot import commands
from bot.texts import CATALOGUES, Raw, render


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_catalogues_have_the_same_keys() -> None:
    assert set(CATALOGUES["id"]) == set(CATALOGUES["en"])


def test_each_message_uses_the_same_placeholders_in_both_languages() -> None:
    differing = [
        key
        for key in CATALOGUES["id"]
        if _fields(CATALOGUES["id"][key]) != _fields(CATALOGUES["en"].get(key, ""))
    ]

    assert differing == []


def test_every_command_description_exists() -> None:
    missing = [
        c.description_key for c in commands.COMMANDS if c.description_key not in CATALOGUES["id"]
    ]

    assert missing == []


def test_values_are_escaped_unless_raw() -> None:
    assert render("en", "help_line", command="<b>", description=Raw("<i>x</i>")) == (
        "/&lt;b&gt; — <i>x</i>"
    )


def test_every_validation_problem_has_a_message_in_both_languages() -> None:
    from bot.agencies import AgencyProblem
    from bot.enrollment import WorkUnitProblem
    from bot.follower_counts import CountProblem
    from bot.nip import NipProblem
    from bot.person_names import NameProblem
    from bot.social_handles import HandleProblem
    from bot.work_email import EmailProblem

    prefixes = {
        "err_nip_": NipProblem,
        "err_name_": NameProblem,
        "err_agency_": AgencyProblem,
        "err_unit_": WorkUnitProblem,
        "err_email_": EmailProblem,
        "err_handle_": HandleProblem,
        "err_count_": CountProblem,
    }
    needed = {prefix + reason.value for prefix, enum in prefixes.items() for reason in enum}

    assert sorted(needed - set(CATALOGUES["id"])) == []
