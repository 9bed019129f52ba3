from django.apps import AppConfig


class BoardConfig(AppConfig):
    """The board's view of a plan: the board page, the board pack as at a date, the sign-off
    queue."""

    name = "board"
    verbose_name = "Board"
