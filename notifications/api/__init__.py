"""The REST API of the notifications app."""
