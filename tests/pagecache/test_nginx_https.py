"""The nginx front with NEWSDESK_HTTPS, and the app's well-known files, run for real.

With a certificate nginx speaks TLS itself and answers plain HTTP with a 301 to the
HTTPS address; without one, plain HTTP reaching it is sent to HTTPS all the same.
What it serves from disk carries HSTS with subdomains, as the app's responses do.
"""

from __future__ import annotations

import http.client
import ipaddress
import ssl
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.management import CommandError, call_command

from newsdesk.pagecache.store import DiskStore
from tests import factories
from tests.pagecache.test_nginx import NGINX, Answer, RunningNginx, fetch, free_port, security

pytestmark = pytest.mark.django_db(transaction=True)

HSTS = "max-age=31536000; includeSubDomains"


@pytest.fixture(autouse=True)
def _nginx_installed():
    if NGINX is None:
        pytest.fail("nginx is missing: `make test` installs Debian's nginx-light")


@pytest.fixture
def page_cache(settings, tmp_path) -> Path:
    settings.PAGE_CACHE = "disk"
    settings.PAGE_CACHE_DIR = tmp_path / "pages"
    return settings.PAGE_CACHE_DIR


@pytest.fixture
def https_on(settings):
    """What NEWSDESK_HTTPS sets (tests/test_settings.py runs the real switch)."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True


@pytest.fixture
def certificate(tmp_path) -> tuple[Path, Path, Path]:
    """A self-signed certificate for localhost and 127.0.0.1: (certificate, key)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    made = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "tls" / "site.pem", tmp_path / "tls" / "site.key"
    cert_file.parent.mkdir()
    cert_file.write_bytes(made.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def fetch_tls(port: int, path: str, cafile: Path) -> Answer:
    """Over TLS, by the name a reader's browser would send (SNI)."""
    context = ssl.create_default_context(cafile=str(cafile))
    connection = http.client.HTTPSConnection("localhost", port, timeout=20, context=context)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        connection.close()


@pytest.fixture
def newsroom():
    news = factories.tag("News")
    for n, when in enumerate(factories.timeline(2)):
        factories.post(f"News story {n}", tags=[news], when=when)


def test_with_a_certificate_plain_http_redirects_and_tls_serves_with_hsts(
    https_on, page_cache, certificate, live_server, newsroom, tmp_path
):
    cert_file, key_file = certificate
    redirect_port = free_port()
    app = urlsplit(live_server.url)
    front = RunningNginx(
        tmp_path / "front",
        f"127.0.0.1:{app.port}",
        certificate=cert_file,
        certificate_key=key_file,
        redirect_listen=f"127.0.0.1:{redirect_port}",
    )
    try:
        moved = fetch(f"http://127.0.0.1:{redirect_port}", "/tag/news/?from=mail")
        assert moved.status == 301
        assert moved.headers["location"] == f"https://127.0.0.1:{front.port}/tag/news/?from=mail"
        # Host names the site does not serve get nothing on the plain port either.
        with pytest.raises(http.client.RemoteDisconnected):
            fetch(f"http://127.0.0.1:{redirect_port}", "/", Host="unknown.example")

        first = fetch_tls(front.port, "/tag/news/", cert_file)
        assert first.status == 200 and first.headers["x-page-cache"] == "miss"
        from_disk = fetch_tls(front.port, "/tag/news/", cert_file)
        assert from_disk.status == 200 and "x-page-cache" not in from_disk.headers
        assert from_disk.body == first.body
        assert from_disk.headers["strict-transport-security"] == HSTS
    finally:
        front.stop()


def test_without_a_certificate_plain_http_reaching_the_front_goes_to_https(
    https_on, page_cache, tmp_path
):
    DiskStore(page_cache).put("/tag/news/", b"<p>cached</p>", "text/html; charset=utf-8")
    cut_off = RunningNginx(tmp_path / "plain", f"127.0.0.1:{free_port()}")
    try:
        moved = fetch(cut_off.url, "/tag/news/")  # cached, but not for plain HTTP
        assert moved.status == 301
        assert moved.headers["location"] == "https://127.0.0.1/tag/news/"
    finally:
        cut_off.stop()


def test_the_site_block_with_tls_passes_nginx_t(
    https_on, page_cache, certificate, tmp_path, capsys
):
    cert_file, key_file = certificate
    call_command(
        "nginx_config",
        listen="127.0.0.1:8443",
        certificate=cert_file,
        certificate_key=key_file,
        redirect_listen="127.0.0.1:8081",
    )
    block = capsys.readouterr().out
    assert "listen 127.0.0.1:8443 ssl;" in block and f'ssl_certificate "{cert_file}";' in block
    assert "return 301 https://$host:8443$request_uri;" in block
    site = tmp_path / "site.conf"
    site.write_text(
        f'pid "{tmp_path}/site.pid";\nerror_log "{tmp_path}/error.log";\nevents {{}}\nhttp {{\n'
        f'client_body_temp_path "{tmp_path}/b"; proxy_temp_path "{tmp_path}/p";\n'
        f'fastcgi_temp_path "{tmp_path}/f"; uwsgi_temp_path "{tmp_path}/u"; scgi_temp_path "{tmp_path}/s";\n'
        f"{block}}}\n"
    )
    check = subprocess.run([NGINX, "-t", "-c", str(site)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_a_certificate_needs_https_on_and_its_key(settings, page_cache, certificate):
    cert_file, key_file = certificate
    with pytest.raises(CommandError, match="NEWSDESK_HTTPS is off"):
        call_command("nginx_config", certificate=cert_file, certificate_key=key_file)
    settings.SECURE_SSL_REDIRECT = True
    with pytest.raises(CommandError, match="private key"):
        call_command("nginx_config", certificate=cert_file)


def test_security_txt_is_served_from_the_cache_folder_like_a_page(
    page_cache, live_server, tmp_path
):
    factories.site_settings(security_contact="mailto:security@example.org")
    app = urlsplit(live_server.url)
    front = RunningNginx(tmp_path / "front", f"127.0.0.1:{app.port}")
    cut_off = RunningNginx(tmp_path / "cut-off", f"127.0.0.1:{free_port()}")
    try:
        address = "/.well-known/security.txt"
        from_app = fetch(front.url, address)
        assert from_app.status == 200 and from_app.headers["x-page-cache"] == "miss"
        from_disk = fetch(cut_off.url, address)
        assert from_disk.status == 200 and from_disk.body == from_app.body
        assert from_disk.headers["content-type"] == "text/plain; charset=utf-8"
        assert security(from_disk) and security(from_disk) == security(from_app)
        # Only that file: the cache's twins and other dot files stay the app's.
        (page_cache / ".well-known" / "other.txt").write_text("not an address")
        for path in (f"{address}.gz", "/.well-known/other.txt"):
            assert fetch(cut_off.url, path).status == 502, path

        factories.site_settings(security_contact="mailto:reports@example.org")
        assert fetch(cut_off.url, address).status == 502  # purged with the settings
        assert b"mailto:reports@example.org" in fetch(front.url, address).body
    finally:
        front.stop()
        cut_off.stop()
