"""Event handlers of the webhooks app (filled in below)."""
