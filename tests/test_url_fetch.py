"""Safe downloads: a local server stands in for the web (no test touches the network)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsift.errors import NewsiftError
from newsift.read.url import fetch_bytes

ARTICLE = b"<html><body><article><p>The bridge reopened on Friday after repairs, the city said.</p></article></body></html>"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path == "/article":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(ARTICLE)
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/article")
            self.end_headers()
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Length", str(10**10))
            self.end_headers()
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_url_private_address_refused_by_default(server):
    with pytest.raises(NewsiftError) as info:
        fetch_bytes(server + "/article")
    assert info.value.kind == "refused_url"
    assert "--allow-private" in info.value.message


def test_url_fetch_with_allow_private(server):
    fetched = fetch_bytes(server + "/article", allow_private=True)
    assert fetched.data == ARTICLE
    assert "html" in fetched.content_type


def test_url_redirect_followed_and_final_url_kept(server):
    fetched = fetch_bytes(server + "/redirect", allow_private=True)
    assert fetched.url.endswith("/article")


def test_url_redirect_loop_stops(server):
    with pytest.raises(NewsiftError) as info:
        fetch_bytes(server + "/loop", allow_private=True)
    assert "redirects" in info.value.message


def test_url_size_cap(server):
    with pytest.raises(NewsiftError) as info:
        fetch_bytes(server + "/huge", allow_private=True)
    assert info.value.kind == "too_large"


def test_url_http_error_is_reported(server):
    with pytest.raises(NewsiftError) as info:
        fetch_bytes(server + "/missing", allow_private=True)
    assert "404" in info.value.message


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x"])
def test_url_only_http_schemes(url):
    with pytest.raises(NewsiftError) as info:
        fetch_bytes(url)
    assert info.value.kind == "refused_url"


@pytest.mark.parametrize("host", ["169.254.169.254", "10.0.0.1", "[::1]", "0.0.0.0"])
def test_url_private_ranges_refused(host):
    with pytest.raises(NewsiftError) as info:
        fetch_bytes(f"http://{host}/")
    assert info.value.kind == "refused_url"


def test_url_analysed_end_to_end(server):
    import newsift

    record = newsift.analyze(newsift.fetch(server + "/article", allow_private=True))
    assert record.error is None
    assert "bridge reopened" in record.text
    assert record.input.kind == "html"
