"""Fixtures for the API checks run from the outside: fuzzing, generated client, browser."""
