from django.apps import AppConfig


class PartnerLinksConfig(AppConfig):
    """Update links: a signed, expiring, single-use page to update one action without an account,
    sent by a manager or by the update round before each board meeting."""

    name = "partner_links"
    verbose_name = "Update links"

    def ready(self) -> None:
        # Registers the check the delivery pipeline makes before sending a link email.
        from partner_links import ledger  # noqa: F401
