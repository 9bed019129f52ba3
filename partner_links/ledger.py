"""The ledger's check before sending a link email: registered with ``delivery.transports`` so
the delivery app asks without importing this one. An email whose links were all used, revoked
or expired while it waited (a retry, an outage) is cancelled rather than sent."""

from datetime import datetime

from delivery.models import Delivery
from delivery.transports import withdrawal_check
from partner_links.operations import LINK_EMAIL, ROUND_EMAIL, withdrawal_reason


@withdrawal_check(LINK_EMAIL, ROUND_EMAIL)
def links_still_work(delivery: Delivery, now: datetime) -> str:
    """Why the row must not go: "" while one of its links still works."""
    return withdrawal_reason(delivery.context.get("link_ids", []), now)
