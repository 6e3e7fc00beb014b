"""URL normalisation and the host policy: what may be fetched at all."""

from __future__ import annotations

import ipaddress
import posixpath
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from horizonscan.errors import HostNotAllowed
from horizonscan.sources.schema import SourceSpec, netloc

TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga", "igshid", "ref_src"}
)
# Cloud metadata services that must never be reached, whatever a page links to.
METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata", "instance-data"})
ASSET_SUFFIXES = (
    ".css",
    ".js",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".svg",
    ".webp",
    ".ico",
    ".woff",
    ".woff2",
    ".ttf",
    ".mp4",
    ".mp3",
    ".zip",
    ".xlsx",
    ".xls",
    ".pptx",
    ".doc",
)


def canonical(url: str, base: str | None = None) -> str:
    """Absolute, normalised URL: lower-case scheme and host, no default port, no fragment,
    no tracking parameters, dot segments resolved. Query order is kept (sites use it)."""
    absolute = urljoin(base, url.strip()) if base else url.strip()
    parts = urlsplit(absolute)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    default_port = port is None or (scheme, port) in (("http", 80), ("https", 443))
    shown = f"[{host}]" if ":" in host else host
    netloc_ = shown if default_port else f"{shown}:{port}"
    path = parts.path or "/"
    if "/." in path:
        trailing = path.endswith("/")
        path = posixpath.normpath(path)
        path = path + "/" if trailing and path != "/" else path
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.lower().startswith("utm_") and k.lower() not in TRACKING_PARAMS
        ]
    )
    return urlunsplit((scheme, netloc_, path, query, ""))


def is_asset(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(ASSET_SUFFIXES)


def site_of(host: str) -> str:
    """The host a redirect may stay within: ``www.canada.ca`` → ``canada.ca``."""
    name = host.split(":")[0]
    return name[4:] if name.startswith("www.") else name


def forbidden_address(host: str) -> str | None:
    """A reason when ``host`` is an address no crawler should ever reach, else None."""
    name = host.strip("[]").lower()
    if name in METADATA_HOSTS:
        return "cloud metadata host"
    try:
        ip = ipaddress.ip_address(name)
    except ValueError:
        return None
    if ip.is_link_local:
        return "link-local address"
    if ip.is_multicast or ip.is_unspecified or ip.is_reserved:
        return "reserved address"
    if isinstance(ip, ipaddress.IPv4Address) and ip in ipaddress.ip_network("100.100.100.200/32"):
        return "cloud metadata address"
    return None


class HostPolicy:
    """Only hosts named in the registry (and redirects within the same site) are fetched."""

    def __init__(self, sources: Iterable[SourceSpec]) -> None:
        self._hosts: dict[str, set[str]] = {}
        for spec in sources:
            self._hosts[spec.id] = set(spec.hosts())

    def hosts(self) -> set[str]:
        return set().union(*self._hosts.values()) if self._hosts else set()

    def allowed(self, source_id: str, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        target = netloc(url)
        if forbidden_address(parts.hostname):
            return False
        declared = self._hosts.get(source_id, set())
        if target in declared:
            return True
        # Same site: www.example.org may lead to example.org or news.example.org (no IPs,
        # and only on default ports: a different port is a different server).
        if ":" in target or _is_ip(parts.hostname):
            return False
        return any(
            ":" not in host
            and not _is_ip(host)
            and (target == site_of(host) or target.endswith("." + site_of(host)))
            for host in declared
        )

    def check(self, source_id: str, url: str, *, redirect: bool = False) -> None:
        parts = urlsplit(url)
        reason = forbidden_address(parts.hostname or "")
        if reason:
            raise HostNotAllowed(url, f"refused: {reason}")
        if not self.allowed(source_id, url):
            what = "redirect to" if redirect else "host"
            raise HostNotAllowed(url, f"{what} {netloc(url)} is not configured for {source_id}")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def path_matches(url: str, prefixes: Iterable[str]) -> bool:
    path = urlsplit(url).path or "/"
    query = urlsplit(url).query
    full = f"{path}?{query}" if query else path
    return any(full.startswith(p) for p in prefixes)
