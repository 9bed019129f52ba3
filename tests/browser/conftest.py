"""A page of the shared headless Chromium (``browser`` in tests/conftest.py) for admin tests."""

import pytest


@pytest.fixture
def page(browser):
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, locale="en-GB", timezone_id="Europe/London"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def open_page(browser):
    """A new page at a viewport; CSP bypassed only so the test may inject axe-core."""
    contexts = []

    def open_(viewport):
        context = browser.new_context(
            viewport=viewport, locale="en-GB", timezone_id="Europe/London", bypass_csp=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_
    for context in contexts:
        context.close()
