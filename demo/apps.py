from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demonstration data from public council reports (``manage.py load_demo_data``)."""

    name = "demo"
    verbose_name = "Demonstration data"
