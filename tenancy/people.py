"""How a person is named to others (in emails, lists and the board pack)."""


def display_name(user) -> str:
    """The person's full name, else their username."""
    return user.get_full_name() or user.get_username()
