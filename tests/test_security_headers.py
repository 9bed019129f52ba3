"""Every page carries the Content-Security-Policy; Swagger UI comes from our static files."""

import pytest

POLICY = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}


def directives(answer) -> set[str]:
    return set(answer["Content-Security-Policy"].split("; "))


@pytest.mark.parametrize("path", ["/admin/login/", "/api/api-auth/login/", "/api/docs/"])
def test_pages_carry_the_content_security_policy(client, db, path):
    answer = client.get(path)

    assert answer.status_code == 200
    assert directives(answer) == POLICY
    assert answer["X-Frame-Options"] == "DENY"


def test_browsable_api_pages_alone_allow_style_attributes(client, plan_owner):
    client.force_login(plan_owner)
    page = client.get("/api/v1/actions/", HTTP_ACCEPT="text/html")
    data = client.get("/api/v1/actions/", HTTP_ACCEPT="application/json")

    assert directives(page) == POLICY | {"style-src-attr 'unsafe-inline'"}
    assert directives(data) == POLICY


def test_api_docs_load_swagger_ui_from_this_site_and_no_inline_code(client, db):
    page = client.get("/api/docs/").content.decode()

    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page
    assert "<script>" not in page and "<style>" not in page
    assert client.get("/api/docs/?script=").status_code == 200
