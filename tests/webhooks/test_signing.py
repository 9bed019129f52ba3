"""The Standard Webhooks scheme receivers rely on: secrets, signing, and verifying with a tolerance."""

import base64

import pytest

from delivery.models import generate_secret
from webhooks.signing import (
    SignatureError,
    message_id,
    secret_key,
    sign,
    signature_headers,
    verify,
)

# The key is the bytes 0x00 to 0x1f.
SECRET = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
OTHER_SECRET = "whsec_" + base64.b64encode(b"another key of at least 24 bytes").decode()
MSG_ID = "msg_4211"
BODY = b'{"id":4211,"type":"action.created"}'
T = 1_700_000_000


def headers(secret=SECRET, msg_id=MSG_ID, timestamp=T, body=BODY):
    return signature_headers(secret, msg_id, timestamp, body)


def test_sign_matches_openssl_known_answer():
    # printf '%s' 'msg_4211.1700000000.{"id":4211,"type":"action.created"}' | openssl dgst \
    #   -sha256 -mac HMAC -macopt hexkey:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f \
    #   -binary | base64
    assert sign(SECRET, MSG_ID, T, BODY) == "v1,NuLrML+JYdpL8uMX42ma9eddm3iItpXr//2cbieMqKQ="


def test_the_three_headers_carry_the_id_the_timestamp_and_the_signature():
    assert headers() == {
        "webhook-id": MSG_ID,
        "webhook-timestamp": str(T),
        "webhook-signature": sign(SECRET, MSG_ID, T, BODY),
    }


def test_a_generated_secret_is_whsec_and_base64_of_32_random_bytes():
    secret = generate_secret()
    assert secret.startswith("whsec_")
    assert len(secret_key(secret)) == 32
    assert generate_secret() != secret


def test_the_key_is_the_base64_decoded_part_after_the_prefix():
    assert secret_key(SECRET) == bytes(range(32))


@pytest.mark.parametrize(
    "secret",
    [
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        "whsec_Dz-ixDUCL3-rT_ZP8Edxg4mhuJCjqtBtgJSpGlnbfUg",
        "whsec_" + base64.b64encode(bytes(23)).decode(),
        "whsec_",
    ],
    ids=["no prefix", "url-safe secret from before", "key under 24 bytes", "empty"],
)
def test_a_secret_that_is_not_whsec_and_base64_of_24_bytes_is_refused(secret):
    with pytest.raises(ValueError):
        secret_key(secret)


def test_the_message_id_names_the_event_so_retries_share_it():
    assert message_id(4211) == "msg_4211"


@pytest.mark.parametrize(
    ("received", "body", "now"),
    [
        (headers(), BODY, T),
        (headers(), BODY, T + 300),
        (headers(), BODY, T - 300),
        ({k.title(): v for k, v in headers().items()}, BODY, T),
        (
            {
                **headers(),
                "webhook-signature": f"{sign(OTHER_SECRET, MSG_ID, T, BODY)} {sign(SECRET, MSG_ID, T, BODY)}",
            },
            BODY,
            T,
        ),
        (
            {**headers(), "webhook-signature": f"v1a,c2lnbmVk {sign(SECRET, MSG_ID, T, BODY)}"},
            BODY,
            T,
        ),
    ],
    ids=[
        "good signature",
        "exactly at the tolerance, old",
        "exactly at the tolerance, ahead",
        "header names in any case",
        "several signatures, one good",
        "another scheme beside a good v1",
    ],
)
def test_verify_accepts(received, body, now):
    assert verify(SECRET, received, body, now=now, tolerance=300) == T


@pytest.mark.parametrize(
    ("received", "body", "now"),
    [
        (headers(), BODY + b" ", T),
        (headers(secret=OTHER_SECRET), BODY, T),
        (headers(), BODY, T + 301),
        (headers(), BODY, T - 301),
        ({**headers(), "webhook-id": "msg_4212"}, BODY, T),
        ({**headers(), "webhook-timestamp": str(T + 1)}, BODY, T),
        ({**headers(), "webhook-signature": sign(OTHER_SECRET, MSG_ID, T, BODY)}, BODY, T),
        ({k: v for k, v in headers().items() if k != "webhook-id"}, BODY, T),
        ({k: v for k, v in headers().items() if k != "webhook-timestamp"}, BODY, T),
        ({k: v for k, v in headers().items() if k != "webhook-signature"}, BODY, T),
        ({}, BODY, T),
        ({**headers(), "webhook-timestamp": "2023-11-14T22:13:20Z"}, BODY, T),
        ({**headers(), "webhook-timestamp": "-1700000000"}, BODY, T),
        ({**headers(), "webhook-signature": "garbage"}, BODY, T),
        ({**headers(), "webhook-signature": "v1,"}, BODY, T),
        ({**headers(), "webhook-signature": "v1=" + sign(SECRET, MSG_ID, T, BODY)[3:]}, BODY, T),
        ({**headers(), "webhook-signature": "v1a," + sign(SECRET, MSG_ID, T, BODY)[3:]}, BODY, T),
        ({**headers(), "webhook-signature": "v2," + sign(SECRET, MSG_ID, T, BODY)[3:]}, BODY, T),
    ],
    ids=[
        "altered body",
        "wrong secret",
        "301 s old",
        "301 s in the future",
        "altered id",
        "altered timestamp",
        "only a signature under another secret",
        "missing webhook-id",
        "missing webhook-timestamp",
        "missing webhook-signature",
        "no headers",
        "malformed timestamp",
        "negative timestamp",
        "malformed signature",
        "empty v1 signature",
        "stripe-style v1=",
        "non-v1 scheme v1a",
        "non-v1 scheme v2",
    ],
)
def test_verify_refuses(received, body, now):
    with pytest.raises(SignatureError):
        verify(SECRET, received, body, now=now, tolerance=300)
