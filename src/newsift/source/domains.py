"""Web addresses -> registrable domains and the keys a ratings table is searched by.

A ratings table rates domains (``cnn.com``), a few hosts (``news.yahoo.com``)
and a few sections (``yahoo.com/news``). An article's address is reduced to
those keys from the most specific to the least, so the most specific row that
exists wins. Nothing here downloads: tldextract uses its bundled public suffix
list.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

#: Host labels that only pick a rendering of the same site (www2., m., amp.);
#: they are dropped before any lookup. Country or section subdomains
#: (uk., edition., news.) are kept: they may be rated on their own.
RENDERING_PREFIXES = re.compile(r"^(?:www\d{0,2}|m|mobile|amp)\.")

#: Sites whose pages are written by their users. A rating of the platform as a
#: whole (facebook.com, youtube.com, medium.com, blogspot.com and wordpress.com
#: are rated by Lin et al.) says nothing about one user's page, so only a row
#: naming the page's own host or path (``facebook.com/news``) applies there.
USER_CONTENT_DOMAINS = frozenset(
    {
        "blogger.com",
        "blogspot.com",
        "bitchute.com",
        "facebook.com",
        "github.io",
        "google.com",
        "instagram.com",
        "linkedin.com",
        "medium.com",
        "odysee.com",
        "reddit.com",
        "rumble.com",
        "substack.com",
        "t.me",
        "tiktok.com",
        "tumblr.com",
        "twitter.com",
        "vk.com",
        "wordpress.com",
        "x.com",
        "youtube.com",
    }
)

#: Path segments used in lookups: the table's deepest section key has two
#: (``newyorker.com/humor/borowitz-report``).
MAX_PATH_SEGMENTS = 2

_HOST = re.compile(r"^[^\s/:@?#]+\.[^\s/:@?#.]+$")


@lru_cache(maxsize=1)
def _extractor():
    import tldextract

    # suffix_list_urls=() uses the bundled public suffix list: never downloads.
    # Private suffixes (blogspot.com, github.io) are on, so a blog's domain is
    # its own (someone.blogspot.com), not the platform's.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def split_address(address: str) -> tuple[str, list[str]]:
    """A URL, ``host/path`` or bare host -> (lower-case host, path segments)."""
    value = address.strip()
    if "://" not in value:
        value = "http://" + value.lstrip("/")
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
    except ValueError:  # a malformed port or bracket
        return "", []
    host = host.strip(".").lower()
    segments = [s.lower() for s in parts.path.split("/") if s.strip()]
    return host, segments


def strip_rendering_prefixes(host: str) -> str:
    """``www.m.example.com`` -> ``example.com``; never strips a host down to one label."""
    while True:
        shorter = RENDERING_PREFIXES.sub("", host, count=1)
        if shorter == host or "." not in shorter:
            return host
        host = shorter


def registrable_domain(address: str) -> str | None:
    """The domain a site registered (``news.bbc.co.uk`` -> ``bbc.co.uk``); None for IPs and local names."""
    host, _ = split_address(address)
    if not host:
        return None
    return _extractor()(host).top_domain_under_public_suffix or None


def is_host(value: str) -> bool:
    """True for something shaped like a host name with a known public suffix (``theduran.com``)."""
    value = value.strip().lower()
    if not _HOST.match(value):
        return False
    return bool(_extractor()(value).top_domain_under_public_suffix)


def normalize_key(address: str) -> str | None:
    """The form a ratings row is stored under: host without rendering prefixes, plus any path."""
    host, segments = split_address(address)
    if not host or not _HOST.match(host):
        return None
    host = strip_rendering_prefixes(host)
    return "/".join([host, *segments])


def lookup_keys(address: str) -> list[str]:
    """Ratings keys for an address, most specific first.

    ``https://uk.news.yahoo.com/a/b`` -> ``uk.news.yahoo.com/a/b``,
    ``uk.news.yahoo.com/a``, ``uk.news.yahoo.com``, ``news.yahoo.com``,
    ``yahoo.com`` (a path only with the host that served it). A host with a
    rendering prefix is tried as given first (the table rates ``m.yahoo.com``
    apart from ``yahoo.com``), then without it. Subdomains fall back to their
    parents up to the registrable domain (the same publisher), never further
    and never across countries (``bbc.co.uk`` does not become ``bbc.com``). On
    a user-content platform only the page's own host and sections count, not
    the platform itself.
    """
    served, segments = split_address(address)
    if not served:
        return []
    host = strip_rendering_prefixes(served)
    # A host off the public suffix list (an intranet name) is looked up as itself.
    domain = _extractor()(host).top_domain_under_public_suffix or host
    hosts = [served, host] if served != host else [host]
    while hosts[-1] != domain and hosts[-1].endswith("." + domain):
        hosts.append(hosts[-1].split(".", 1)[1])
    own = {served, host}
    platform = domain in USER_CONTENT_DOMAINS
    segments = segments[:MAX_PATH_SEGMENTS]
    keys: list[str] = []
    for name in hosts:
        if name in own:  # a path belongs to the site that served it, not to its parents
            keys.extend("/".join([name, *segments[:depth]]) for depth in range(len(segments), 0, -1))
        if platform and (name not in own or name == domain):
            continue  # the platform's own rating is not its users'
        keys.append(name)
    return keys
