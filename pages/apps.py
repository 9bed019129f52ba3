from django.apps import AppConfig


class PagesConfig(AppConfig):
    """People's pages in the GOV.UK Design System: each role's home and the action page."""

    name = "pages"
    verbose_name = "Pages"
