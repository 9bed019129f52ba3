"""The REST API of the inspections app."""
