"""Defaults of the client; change them per client or per call, not here."""

import httpx

__all__ = [
    "DEFAULT_CONNECTION_LIMITS",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "INITIAL_RETRY_DELAY",
    "MAX_RETRY_AFTER",
    "MAX_RETRY_DELAY",
]

# As the official client writes it: read, write and pool are the int 60 (its repr shows it).
DEFAULT_TIMEOUT = httpx.Timeout(timeout=60, connect=5.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_CONNECTION_LIMITS = httpx.Limits(
    max_connections=1000, max_keepalive_connections=100
)

# Backoff between attempts, in seconds: INITIAL_RETRY_DELAY * 2**retries_so_far, capped
# at MAX_RETRY_DELAY, times a random factor in [0.75, 1].
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
# A server-sent Retry-After longer than this is ignored in favour of our own backoff.
MAX_RETRY_AFTER = 60.0
