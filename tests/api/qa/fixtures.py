"""Fixtures for tests that reach the API from outside, through ``live_server``.

The live server runs in another thread, so the seeded rows must be committed
(``transactional_db``); the flush that ends each such test is followed by post_migrate, which
puts back the reference rows (the frameworks: see ``inspections.apps``).
Import them into a test module by their function names (``live_plan_fixture``, ...); tests
then ask for them by fixture name (``live_plan``).
"""

import pytest

from tests.api.qa.seed import api_token, seed_two_services


@pytest.fixture(name="seeded")
def seeded_fixture(transactional_db, today):
    """(Medway, Blackpool), committed, each with people in every role and a plan, on ``today``.

    The live server is a thread of this process, so it reads the same frozen clock.
    """
    return seed_two_services(today)


@pytest.fixture(name="live_plan")
def live_plan_fixture(seeded, live_server):
    """The Medway side of the seed, and the live server's base URL."""
    medway, _ = seeded
    return medway, live_server.url


@pytest.fixture(name="manager_token")
def manager_token_fixture(seeded):
    """An API token for Medway's service manager."""
    medway, _ = seeded
    return api_token(medway.manager)
