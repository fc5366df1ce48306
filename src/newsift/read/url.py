"""Safe download of one page: http(s) only, size cap, timeout, private addresses refused.

Every redirect target is checked again, and the address actually connected
to is the one that was checked (resolved once, then pinned), so a DNS answer
that changes between check and connect cannot reach an internal service.
"""

from __future__ import annotations

import http.client
import ipaddress
import os
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from ..errors import NewsiftError

#: Largest body downloaded (bytes): a news page with inline scripts rarely
#: passes 3 MB; 10 MB leaves room and bounds memory.
MAX_DOWNLOAD_BYTES = int(os.environ.get("NEWSIFT_MAX_DOWNLOAD", 10_000_000))
#: Seconds for connecting and for each read.
TIMEOUT_S = 20.0
MAX_REDIRECTS = 5
USER_AGENT = "newsift/0.1 (+https://github.com/newsift/newsift)"


@dataclass
class Fetched:
    url: str  # the final URL after redirects
    data: bytes
    content_type: str


def _refuse(url: str, reason: str) -> NewsiftError:
    return NewsiftError("E005", "refused_url", name=url, reason=reason)


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve_checked(url: str, allow_private: bool) -> tuple[str, int, str]:
    """(host, port, ip) for ``url``, refusing non-http(s) schemes and private addresses."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise _refuse(url, f"only http and https URLs are fetched, not {parts.scheme or 'a bare path'!r}")
    if not parts.hostname:
        raise _refuse(url, "it names no host")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise NewsiftError("E006", "fetch_failed", name=url, reason=f"the host could not be resolved ({exc})") from exc
    addresses = [info[4][0] for info in infos]
    if not allow_private:
        private = [a for a in addresses if not _is_public(a)]
        if private:
            raise _refuse(url, f"{parts.hostname} resolves to a private, loopback or link-local address ({private[0]})")
    return parts.hostname, port, addresses[0]


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a pre-checked IP while verifying the certificate for the host name."""

    def __init__(self, host: str, ip: str, **kwargs) -> None:
        super().__init__(host, **kwargs)
        self._ip = ip

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, ip: str, **kwargs) -> None:
        super().__init__(host, **kwargs)
        self._ip = ip

    def connect(self) -> None:
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


def fetch_bytes(url: str, allow_private: bool = False) -> Fetched:
    """Download ``url`` safely (see module docstring); raise E005/E006 on refusal or failure."""
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        host, port, ip = resolve_checked(current, allow_private)
        parts = urlsplit(current)
        if parts.scheme == "https":
            conn: http.client.HTTPConnection = _PinnedHTTPSConnection(
                host, ip, port=port, timeout=TIMEOUT_S, context=ssl.create_default_context()
            )
        else:
            conn = _PinnedHTTPConnection(host, ip, port=port, timeout=TIMEOUT_S)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        try:
            conn.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "text/html,text/plain;q=0.9,*/*;q=0.5"})
            response = conn.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise NewsiftError("E006", "fetch_failed", name=url, reason="a redirect gave no Location")
                current = urljoin(current, location)
                continue
            if response.status != 200:
                raise NewsiftError("E006", "fetch_failed", name=url, reason=f"the server answered HTTP {response.status}")
            declared = response.getheader("Content-Length")
            if declared and declared.isdigit() and int(declared) > MAX_DOWNLOAD_BYTES:
                raise NewsiftError("E004", "too_large", name=url, size=int(declared), limit=MAX_DOWNLOAD_BYTES)
            data = response.read(MAX_DOWNLOAD_BYTES + 1)
            if len(data) > MAX_DOWNLOAD_BYTES:
                raise NewsiftError("E004", "too_large", name=url, size=len(data), limit=MAX_DOWNLOAD_BYTES)
            return Fetched(current, data, response.getheader("Content-Type") or "")
        except (OSError, http.client.HTTPException) as exc:
            raise NewsiftError("E006", "fetch_failed", name=url, reason=str(exc) or type(exc).__name__) from exc
        finally:
            conn.close()
    raise NewsiftError("E006", "fetch_failed", name=url, reason=f"more than {MAX_REDIRECTS} redirects")
