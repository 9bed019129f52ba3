"""The pinned HTTPS connection: TLS to the checked address, SNI and the certificate on the name.

A loopback TLS server holds a self-signed certificate for ``hooks.tls.test`` (made with the
``openssl`` command); no name is resolved, the address is given.
"""

import shutil
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from webhooks import http

HOST = "hooks.tls.test"

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")


@pytest.fixture
def certificate(tmp_path):
    """A self-signed certificate (and key) for ``HOST``."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_server(certificate):
    """A loopback HTTPS server answering 200; ``server.names`` lists the SNI names it was sent."""
    names: list[str | None] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(f"host {self.headers['Host']}".encode())

        def log_message(self, *args):
            pass

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.names = names
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def trusting(monkeypatch, certificate):
    """Make the default HTTPS context trust the test certificate (and nothing else)."""

    def context():
        return ssl.create_default_context(cafile=str(certificate[0]))

    monkeypatch.setattr(ssl, "_create_default_https_context", context)


def post_to(server, host: str) -> http.Response:
    url = f"https://{host}:{server.server_address[1]}/hooks"
    return http.post(url, b"{}", {}, address="127.0.0.1", timeout=5)


def test_https_goes_to_the_pinned_address_with_sni_and_host_of_the_name(tls_server, trusting):
    response = post_to(tls_server, HOST)

    assert (response.status, response.error) == (200, "")
    assert response.body == f"host {HOST}:{tls_server.server_address[1]}"
    assert tls_server.names == [HOST]


def test_a_certificate_for_another_name_is_refused(tls_server, trusting):
    response = post_to(tls_server, "other.tls.test")

    assert response.status is None
    assert "CERTIFICATE_VERIFY_FAILED" in response.error


def test_an_untrusted_certificate_is_refused(tls_server):
    response = post_to(tls_server, HOST)

    assert response.status is None
    assert "CERTIFICATE_VERIFY_FAILED" in response.error
