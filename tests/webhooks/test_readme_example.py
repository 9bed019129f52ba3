"""The standard-library receiver example in README.md, run as written, so it cannot rot."""

import re
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from delivery.models import generate_secret
from tests.webhooks.conftest import make_event
from webhooks.handlers import enqueue_webhook_deliveries
from webhooks.requests import signed_request
from webhooks.signing import sign, signature_headers

README = Path(__file__).resolve().parents[2] / "README.md"
EXAMPLE = re.compile(
    r"<!-- readme-example: verify -->\n```python\n(.*?)```\n<!-- /readme-example -->", re.DOTALL
)
SECRET = generate_secret()
OTHER_SECRET = generate_secret()
MSG_ID = "msg_4211"
BODY = b'{"id":4211,"type":"action.created"}'
T = 1_700_000_000


def readme_verify():
    """The ``verify`` function of the README's example, executed from the README's text."""
    (code,) = EXAMPLE.findall(README.read_text())
    namespace: dict = {}
    exec(compile(code, str(README), "exec"), namespace)
    return namespace["verify"]


def headers(secret=SECRET, timestamp=T, body=BODY):
    return signature_headers(secret, MSG_ID, timestamp, body)


def without(name):
    return {k: v for k, v in headers().items() if k != name}


@pytest.mark.parametrize(
    ("received", "body", "now", "valid"),
    [
        (headers(), BODY, T, True),
        ({k.title(): v for k, v in headers().items()}, BODY, T, True),
        (headers(), BODY, T + 300, True),
        (
            {
                **headers(),
                "webhook-signature": f"{sign(OTHER_SECRET, MSG_ID, T, BODY)} "
                f"{sign(SECRET, MSG_ID, T, BODY)}",
            },
            BODY,
            T,
            True,
        ),
        (headers(), BODY + b" ", T, False),
        (headers(secret=OTHER_SECRET), BODY, T, False),
        (headers(), BODY, T + 301, False),
        (headers(), BODY, T - 301, False),
        (without("webhook-id"), BODY, T, False),
        (without("webhook-timestamp"), BODY, T, False),
        (without("webhook-signature"), BODY, T, False),
        ({**headers(), "webhook-timestamp": "yesterday"}, BODY, T, False),
        (
            {**headers(), "webhook-signature": "v1a," + sign(SECRET, MSG_ID, T, BODY)[3:]},
            BODY,
            T,
            False,
        ),
    ],
    ids=[
        "good signature",
        "header names in any case",
        "exactly at the tolerance",
        "several signatures, one good",
        "altered body",
        "wrong secret",
        "301 s old",
        "301 s in the future",
        "missing webhook-id",
        "missing webhook-timestamp",
        "missing webhook-signature",
        "malformed timestamp",
        "non-v1 scheme",
    ],
)
def test_the_readme_example_judges_a_request_as_the_specification_does(received, body, now, valid):
    verify = readme_verify()
    with time_machine.travel(now, tick=False):
        assert verify(SECRET, received, body) is valid


@pytest.mark.django_db
def test_the_readme_example_accepts_a_real_delivery(webhook):
    (delivery,) = enqueue_webhook_deliveries(make_event(webhook.service))
    now = timezone.now()
    request = signed_request(delivery, timestamp=int(now.timestamp()))

    with time_machine.travel(now, tick=False):
        assert readme_verify()(webhook.secret, request.headers, request.body)
