"""The REST API of the actions app."""
