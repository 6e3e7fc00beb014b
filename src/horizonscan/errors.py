"""The exception tree.

    HorizonscanError
     ├── ConfigError            bad settings, registry or profile (file, key, source named)
     │    └── RegistryError     one or more problems in a source registry
     ├── FetchError             anything that stops one URL from being fetched (url named)
     │    ├── HostNotAllowed    the URL is outside the configured hosts, or a forbidden address
     │    ├── RobotsDisallowed  robots.txt forbids the path
     │    ├── HttpStatusError   a final 4xx/5xx answer
     │    ├── BodyTooLarge      the body (after decompression) passed the size cap
     │    ├── TooManyRedirects  a redirect chain longer than the limit, or a loop
     │    ├── ContentRejected   a content type we do not keep, or binary junk posing as text
     │    └── TransportError    timeouts, refused connections, DNS and TLS failures, cut bodies
     ├── ExtractError           a document could not be turned into text
     ├── StoreError             the database or archive cannot be used
     ├── BrokerError            the task broker (Redis) cannot be used, or a task failed there
     └── RenderError            a page could not be rendered in the browser

    SkipItem(reason)            not an error: "drop this item, and record why"

Every error carries enough context to be recorded in the fetch log or the run summary
without a traceback: ``str(error)`` is the reason shown to users.
"""

from __future__ import annotations


class HorizonscanError(Exception):
    """Base of every error raised on purpose by horizonscan."""


class ConfigError(HorizonscanError):
    """A configuration problem; ``where`` names the file, table and key."""

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class RegistryError(ConfigError):
    """A source registry with problems; ``problems`` lists every one found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class FetchError(HorizonscanError):
    """One URL could not be fetched."""

    def __init__(
        self, url: str, reason: str, *, status: int | None = None, retry_after: float | None = None
    ) -> None:
        self.url = url
        self.reason = reason
        self.status = status
        self.retry_after = retry_after
        super().__init__(f"{reason} ({url})")


class HostNotAllowed(FetchError):
    pass


class RobotsDisallowed(FetchError):
    pass


class HttpStatusError(FetchError):
    pass


class BodyTooLarge(FetchError):
    pass


class TooManyRedirects(FetchError):
    pass


class ContentRejected(FetchError):
    pass


class TransportError(FetchError):
    pass


class ExtractError(HorizonscanError):
    """A document could not be turned into text."""


class StoreError(HorizonscanError):
    """The database or the archive cannot be used."""


class BrokerError(HorizonscanError):
    """The task broker (Redis) cannot be used, or a distributed task cannot run."""


class RenderError(HorizonscanError):
    """A script-built page could not be rendered."""


class SkipItem(Exception):
    """Drop this item and record why; not a failure."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class EditConflict(StoreError):
    """Somebody saved the same thing since it was opened: nothing was overwritten."""

    def __init__(self, what: str, version: int, author: str | None) -> None:
        self.version, self.author = version, author
        by = f" by {author}" if author else ""
        super().__init__(
            f"{what} was saved{by} (version {version}) after you opened it; "
            "reload to see their changes, nothing of yours or theirs was overwritten"
        )
