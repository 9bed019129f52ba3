"""The signature scheme receivers rely on: sign, then verify with a tolerance for replays."""

import pytest

from webhooks.signing import SignatureError, sign, signature_header, verify

SECRET = "whsec_test"
BODY = b'{"id":1,"type":"action.created"}'
T = 1_700_000_000


def test_sign_matches_openssl_known_answer():
    # printf '%s' '1700000000.{"id":1,"type":"action.created"}' | openssl dgst -sha256 -hmac whsec_test
    expected = "43b32a58cad0da04eb416ba62b807f69e1478f8ca73502a2a92334b80cf64768"
    assert sign(SECRET, T, BODY) == expected


def test_header_carries_timestamp_and_v1_signature():
    assert signature_header(SECRET, T, BODY) == f"t={T},v1={sign(SECRET, T, BODY)}"


@pytest.mark.parametrize(
    ("now", "tolerance"),
    [(T, 300), (T + 300, 300), (T - 300, 300), (T + 59, 60)],
)
def test_verify_accepts_a_fresh_signature(now, tolerance):
    header = signature_header(SECRET, T, BODY)
    assert verify(SECRET, header, BODY, now=now, tolerance=tolerance) == T


@pytest.mark.parametrize(
    ("secret", "header", "body", "now"),
    [
        ("other-secret", signature_header(SECRET, T, BODY), BODY, T),
        (SECRET, signature_header(SECRET, T, BODY), BODY + b" ", T),
        (SECRET, signature_header(SECRET, T, BODY), BODY, T + 301),
        (SECRET, signature_header(SECRET, T, BODY), BODY, T - 301),
        (SECRET, f"t={T + 1},v1={sign(SECRET, T, BODY)}", BODY, T),
        (SECRET, f"v1={sign(SECRET, T, BODY)}", BODY, T),
        (SECRET, f"t={T}", BODY, T),
        (SECRET, f"t={T},v0={sign(SECRET, T, BODY)}", BODY, T),
        (SECRET, "", BODY, T),
        (SECRET, "garbage", BODY, T),
    ],
    ids=[
        "wrong secret",
        "body changed",
        "too old",
        "too far ahead",
        "timestamp changed",
        "no timestamp",
        "no signature",
        "unknown scheme",
        "empty header",
        "garbage",
    ],
)
def test_verify_refuses(secret, header, body, now):
    with pytest.raises(SignatureError):
        verify(secret, header, body, now=now, tolerance=300)


def test_verify_accepts_any_of_several_signatures_while_a_secret_rotates():
    header = f"t={T},v1={sign('old', T, BODY)},v1={sign(SECRET, T, BODY)}"
    assert verify(SECRET, header, BODY, now=T) == T
