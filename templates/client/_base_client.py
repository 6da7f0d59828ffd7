"""The HTTP machinery behind every call: request building, retries, errors, logging.

`BaseClient` holds everything that does no IO (options, headers, URLs, bodies, retry
decisions, backoff, error mapping, response decoding, log lines), so that the sync and
async clients share it; `SyncAPIClient` and `AsyncAPIClient` add only their send loops.
Pages live in `_pages`.
"""

import email.utils
import functools
import logging
import random
import time
import uuid
from dataclasses import dataclass
from types import TracebackType
from typing import (
    Any,
    ClassVar,
    Dict,
    Generic,
    Mapping,
    Optional,
    Tuple,
    Type,
    TypeVar,
    Union,
    cast,
)

import httpx
from typing_extensions import Self, TypedDict

from ._auth import ClientAuth, RequestAuth, Security
from ._constants import (
    DEFAULT_CONNECTION_LIMITS,
    DEFAULT_TIMEOUT,
    INITIAL_RETRY_DELAY,
    MAX_RETRY_AFTER,
    MAX_RETRY_DELAY,
)
from ._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    make_status_error,
)
from ._logs import SENSITIVE_HEADERS, logger as log, redact, redact_headers
from ._response import (
    PARSED,
    RESPONSE_MODE,
    STREAMED,
    APIResponse,
    AsyncAPIResponse,
    BaseAPIResponse,
)
from ._types import Body, Headers, NotGiven, Omit, Query, not_given
from ._utils import (
    encode_cookies,
    encode_json,
    encode_query,
    header_value,
    strip_omitted,
)

__all__ = [
    "AsyncAPIClient",
    "FinalRequestOptions",
    "RequestOptions",
    "SyncAPIClient",
    "make_request_options",
]

_R = TypeVar("_R")
_HttpxClientT = TypeVar("_HttpxClientT", bound=Union[httpx.Client, httpx.AsyncClient])

TimeoutArg = Union[float, httpx.Timeout, None, NotGiven]

_HTTPX_DEFAULT_TIMEOUT = httpx.Timeout(5.0)


# ------------------------------------------------------------------------------------
# Request options


class RequestOptions(TypedDict, total=False):
    """Per-call options, built by `make_request_options` from a method's arguments."""

    headers: Headers
    params: Query
    query_styles: Mapping[str, Tuple[str, bool]]
    extra_json: Body
    timeout: Union[float, httpx.Timeout, None]
    idempotency_header: str
    body_encoding: str
    stream: bool
    security: Security


def make_request_options(
    *,
    query: Optional[Query] = None,
    headers: Optional[Mapping[str, object]] = None,
    extra_headers: Optional[Headers] = None,
    extra_query: Optional[Query] = None,
    extra_body: Optional[Body] = None,
    timeout: TimeoutArg = not_given,
    idempotency_header: Optional[str] = None,
    cookies: Optional[Mapping[str, object]] = None,
    query_styles: Optional[Mapping[str, Tuple[str, bool]]] = None,
    body_encoding: Optional[str] = None,
    stream: bool = False,
    security: Optional[Security] = None,
) -> RequestOptions:
    """Collect a method's query, header, cookie and `extra_*` arguments; the `extra_*` ones win.

    `idempotency_header` names the header that carries the call's idempotency key: one is
    made up when the call passes none, and every retry of the call sends the same.
    `query_styles` gives the OpenAPI `(style, explode)` of query parameters that are arrays
    or objects; `body_encoding` is "form", "multipart" or "raw" (bytes or text as they
    are) for a body that is not JSON;
    `stream` asks for a response read as it arrives (server-sent events);
    `security` names the security schemes the call accepts when they are not the client's
    default (see `_auth`).
    """
    options: RequestOptions = {}
    if idempotency_header is not None:
        options["idempotency_header"] = idempotency_header
    if body_encoding is not None:
        options["body_encoding"] = body_encoding
    if stream:
        options["stream"] = True
    if security is not None:
        options["security"] = security
    cookie = encode_cookies(cookies) if cookies else None
    if cookie:
        headers = {**(headers or {}), "Cookie": cookie}
    if headers:
        sent: Dict[str, Union[str, Omit]] = {
            name: value if isinstance(value, (str, Omit)) else header_value(value)
            for name, value in headers.items()
            if not isinstance(value, NotGiven)
        }
        options["headers"] = {**sent, **extra_headers} if extra_headers else sent
    elif extra_headers is not None:
        options["headers"] = extra_headers
    if query is not None or extra_query is not None:
        params = strip_omitted(query)
        if extra_query:
            params.update(extra_query)
        options["params"] = params
    if query_styles:
        options["query_styles"] = query_styles
    if extra_body is not None:
        options["extra_json"] = extra_body
    if not isinstance(timeout, NotGiven):
        options["timeout"] = timeout
    return options


@dataclass
class FinalRequestOptions:
    """One request, before the client's defaults are applied.

    A page keeps the options it was fetched with, to ask for the page after it.
    """

    method: str
    url: str
    params: Optional[Query] = None
    query_styles: Optional[Mapping[str, Tuple[str, bool]]] = None
    """The OpenAPI `(style, explode)` of query parameters that are arrays or objects."""
    headers: Optional[Headers] = None
    json_data: Optional[object] = None
    """The JSON body, or None; keys of a mapping whose value is `omit` are dropped."""
    extra_json: Optional[Body] = None
    timeout: TimeoutArg = not_given
    idempotency_header: Optional[str] = None
    body_encoding: Optional[str] = None
    """None for JSON; "form" (`application/x-www-form-urlencoded`), "multipart" or "raw"."""
    stream: bool = False
    """Whether the response is read as it arrives rather than all at once."""
    security: Optional[Security] = None
    """The security schemes the request accepts; None: the client's default."""

    @classmethod
    def build(
        cls,
        method: str,
        url: str,
        *,
        body: Optional[object] = None,
        options: Optional[RequestOptions] = None,
    ) -> "FinalRequestOptions":
        if not options:
            return cls(method, url, json_data=body)
        return cls(
            method,
            url,
            params=options.get("params"),
            query_styles=options.get("query_styles"),
            headers=options.get("headers"),
            json_data=body,
            extra_json=options.get("extra_json"),
            timeout=options.get("timeout", not_given),
            idempotency_header=options.get("idempotency_header"),
            body_encoding=options.get("body_encoding"),
            stream=options.get("stream", False),
            security=options.get("security"),
        )


def _merge_headers(
    target: Dict[str, Union[str, Omit]], extra: Mapping[str, Union[str, Omit]]
) -> None:
    """Update `target` with `extra`, treating header names case-insensitively."""
    lowered = {name.lower(): name for name in target}
    for name, value in extra.items():
        previous = lowered.get(name.lower())
        if previous is not None and previous != name:
            del target[previous]
        target[name] = value
        lowered[name.lower()] = name


def _add_cookies(headers: Dict[str, Union[str, Omit]], cookies: str) -> None:
    """Put `cookies` (a `Cookie` header's value) before the cookies `headers` has already."""
    for name, value in list(headers.items()):
        if name.lower() == "cookie":
            if isinstance(value, str) and value:
                cookies = f"{cookies}; {value}"
            del headers[name]
    headers["Cookie"] = cookies


def _origin(url: httpx.URL) -> Tuple[str, str, Optional[int]]:
    port = url.port or {"http": 80, "https": 443}.get(url.scheme)
    return (url.scheme, url.host, port)


# ------------------------------------------------------------------------------------
# Clients


class BaseClient(Generic[_HttpxClientT]):
    """Everything of a client that does no IO: shared by the sync and async clients."""

    _client: _HttpxClientT
    max_retries: int
    timeout: httpx.Timeout
    # The API's security schemes and which the client's credential options are; the
    # generated client fills this in.
    _auth: ClassVar[ClientAuth] = ClientAuth()

    def __init__(
        self,
        *,
        base_url: Union[str, httpx.URL],
        timeout: TimeoutArg,
        max_retries: int,
        user_agent: str,
        custom_headers: Optional[Mapping[str, str]],
        custom_query: Optional[Mapping[str, object]],
        http_client: Optional[_HttpxClientT],
        strict_response_validation: bool = False,
    ) -> None:
        if max_retries < 0:
            raise ValueError(
                f"max_retries must be >= 0 (0 disables retries), got {max_retries!r}"
            )
        self.base_url = base_url
        self.timeout = self._resolve_timeout(timeout, http_client)
        # A client we create is ours to close; one passed in belongs to the caller.
        self._owns_http_client = http_client is None
        self._client = (
            self._new_http_client(self.timeout) if http_client is None else http_client
        )
        self.max_retries = max_retries
        self._user_agent = user_agent
        self._custom_headers: Dict[str, str] = dict(custom_headers or {})
        self._custom_query: Dict[str, object] = dict(custom_query or {})
        self._strict_response_validation = strict_response_validation

    def _new_http_client(self, timeout: httpx.Timeout) -> _HttpxClientT:
        """The connection pool of a client built without a caller-supplied `http_client`."""
        raise NotImplementedError

    def is_closed(self) -> bool:
        return self._client.is_closed

    @staticmethod
    def _resolve_timeout(
        timeout: TimeoutArg, http_client: Union[httpx.Client, httpx.AsyncClient, None]
    ) -> httpx.Timeout:
        """The timeout given, else a custom http_client's own, else DEFAULT_TIMEOUT."""
        if isinstance(timeout, NotGiven):
            if (
                http_client is not None
                and http_client.timeout != _HTTPX_DEFAULT_TIMEOUT
            ):
                return http_client.timeout
            return DEFAULT_TIMEOUT
        return timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)

    @property
    def base_url(self) -> httpx.URL:
        return self._base_url

    @base_url.setter
    def base_url(self, url: Union[str, httpx.URL]) -> None:
        base = httpx.URL(url)
        raw_path = base.raw_path
        # "https://host" already has raw_path "/": kept as it is, it prints without a slash,
        # as the official client's does.
        if not raw_path.endswith(b"/"):
            base = base.copy_with(raw_path=raw_path + b"/")
        self._base_url = base
        text = str(base)
        self._base_url_str = text if text.endswith("/") else text + "/"

    @property
    def _credentials(self) -> Dict[str, Optional[str]]:
        """The client's credential options (attributes of the generated client), by name."""
        values: Dict[str, Optional[str]] = {}
        for option in self._auth.options:
            value: object = getattr(self, option, None)
            values[option] = value if isinstance(value, str) else None
        return values

    @property
    def auth_headers(self) -> Dict[str, str]:
        """Headers that authenticate a request of the API's default security."""
        found = self._auth.select(None, self._credentials)
        return found.headers if found is not None else {}

    @property
    def default_headers(self) -> Dict[str, Union[str, Omit]]:
        """The headers sent with every request, before per-call `extra_headers`."""
        return self._default_headers(self.auth_headers)

    def _default_headers(self, auth: Mapping[str, str]) -> Dict[str, Union[str, Omit]]:
        headers: Dict[str, Union[str, Omit]] = {
            "Accept": "application/json",
            "User-Agent": self._user_agent,
            **auth,
        }
        if self._custom_headers:
            _merge_headers(headers, self._custom_headers)
        return headers

    @property
    def default_query(self) -> Dict[str, object]:
        """The query parameters of every request, before per-call `extra_query`."""
        return dict(self._custom_query)

    @property
    def _secrets(self) -> Tuple[str, ...]:
        """The credentials in this client's headers: never logged nor put in a message."""
        found = list(self._auth.secrets(self._credentials))
        for name, value in {**self.auth_headers, **self._custom_headers}.items():
            if name.lower() in SENSITIVE_HEADERS and value:
                found.append(value)
                token = value.partition(" ")[2]  # "Bearer <token>"
                if token:
                    found.append(token)
        return tuple(found)

    def _request_auth(self, options: FinalRequestOptions, url: str) -> RequestAuth:
        """What the request sends to authenticate: nothing to another origin than the API's."""
        if not self._auth.schemes:
            return RequestAuth()
        absolute = options.url.startswith(("http://", "https://"))
        if absolute and _origin(httpx.URL(url)) != _origin(self.base_url):
            return RequestAuth()
        found = self._auth.select(options.security, self._credentials)
        if found is None:
            request = f"{options.method.upper()} {httpx.URL(url).path}"
            raise self._auth.error(self._auth.missing(options.security, request))
        return found

    def _build_headers(
        self, options: FinalRequestOptions, auth: RequestAuth
    ) -> Dict[str, str]:
        headers = self._default_headers(auth.headers)
        if (
            options.method.upper() != "GET"
            and options.body_encoding is None
            and not any(name.lower() == "content-type" for name in headers)
        ):
            # Sent even on bodiless requests, as the API's reference client does.
            headers["Content-Type"] = "application/json"
        if options.headers:
            _merge_headers(headers, options.headers)
        idempotency_header = options.idempotency_header
        if idempotency_header is not None:
            wanted = idempotency_header.lower()
            given = [value for name, value in headers.items() if name.lower() == wanted]
            if not given or not isinstance(given[-1], str):
                # One key per call: the request is built once, so every retry sends it too.
                headers[idempotency_header] = str(uuid.uuid4())
        if auth.cookies:
            _add_cookies(headers, encode_cookies(auth.cookies))
        return {
            name: value for name, value in headers.items() if isinstance(value, str)
        }

    def _build_url(self, url: str) -> str:
        if url.startswith(("http://", "https://")):
            return url
        return self._base_url_str + url.lstrip("/")

    def _build_query(
        self, options: FinalRequestOptions, auth: RequestAuth
    ) -> Optional[Dict[str, object]]:
        params = options.params
        defaults = (
            {**auth.params, **self._custom_query} if auth.params else self._custom_query
        )
        if defaults:
            params = {**defaults, **params} if params else defaults
        return encode_query(params, options.query_styles) if params else None

    def _build_body(self, options: FinalRequestOptions) -> Optional[bytes]:
        """The JSON body of `options` (see `_build_content` for the other encodings)."""
        data = options.json_data
        if isinstance(data, (Omit, NotGiven)):
            data = None  # an optional `body` argument left out
        if options.extra_json:
            if data is None:
                data = dict(options.extra_json)
            elif isinstance(data, Mapping):
                data = {**cast(Mapping[str, object], data), **options.extra_json}
            else:
                kind = type(data).__name__
                raise TypeError(
                    f"extra_body can only extend a JSON object body, not {kind}"
                )
        if data is None:
            return None
        if isinstance(data, Mapping):
            data = strip_omitted(cast(Mapping[str, object], data))
        return encode_json(data)

    def _build_content(self, options: FinalRequestOptions) -> Dict[str, Any]:
        """The body of `options` as httpx's `content`, `data` (a form) or `files` (multipart)."""
        if options.body_encoding is None:
            return {"content": self._build_body(options)}
        from ._files import form_fields, multipart_parts, read_content

        if options.body_encoding == "raw":
            raw = options.json_data
            if raw is None or isinstance(raw, (Omit, NotGiven)):
                return {}
            return {
                "content": (
                    raw.encode("utf-8") if isinstance(raw, str) else read_content(raw)
                )
            }
        fields = strip_omitted(cast(Optional[Mapping[str, object]], options.json_data))
        if options.extra_json:
            fields.update(options.extra_json)
        if options.body_encoding == "multipart":
            return {"files": multipart_parts(fields)}
        return {"data": form_fields(fields)}

    def _build_request(self, options: FinalRequestOptions) -> httpx.Request:
        """The httpx request for `options`; built once, re-sent as is on every retry."""
        timeout = (
            self.timeout if isinstance(options.timeout, NotGiven) else options.timeout
        )
        url = self._build_url(options.url)
        auth = self._request_auth(options, url)
        body = self._build_content(options)
        headers = self._build_headers(options, auth)
        if "data" in body or "files" in body:
            # httpx sets the form's Content-Type (a multipart one with its boundary).
            headers = {
                name: value
                for name, value in headers.items()
                if name.lower() != "content-type"
            }
        params = self._build_query(options, auth)
        if params and "?" in url:
            # A next page's URL carries its query: httpx would replace it with `params`.
            url = str(httpx.URL(url).copy_merge_params(cast(Any, params)))
            params = None
        request = self._client.build_request(
            options.method,
            url,
            params=cast(Any, params),
            headers=headers,
            timeout=timeout,
            **body,
        )
        request.read()  # a multipart body is a stream: read once, sent on every retry
        if log.isEnabledFor(logging.DEBUG):
            secrets = self._secrets
            log.debug(
                "Request: %s %s headers=%r body=%s",
                request.method,
                redact(str(request.url), secrets),
                redact_headers(request.headers, secrets),
                redact(request.content.decode("utf-8", "replace"), secrets) or "-",
            )
        return request

    # -- retries ----------------------------------------------------------------------

    def _should_retry(self, response: httpx.Response) -> bool:
        should_retry = response.headers.get("x-should-retry")
        if should_retry == "true":
            return True
        if should_retry == "false":
            return False
        status = response.status_code
        return status in (408, 409, 429) or status >= 500

    def _parse_retry_after(
        self, response_headers: Optional[httpx.Headers]
    ) -> Optional[float]:
        """Seconds to wait, from `retry-after-ms` or `Retry-After`; None if absent."""
        if response_headers is None:
            return None
        retry_after_ms = response_headers.get("retry-after-ms")
        if retry_after_ms is not None:
            try:
                return float(retry_after_ms) / 1000
            except ValueError:
                pass
        retry_after = response_headers.get("retry-after")
        if retry_after is None:
            return None
        try:
            return float(retry_after)
        except ValueError:
            pass
        parsed = email.utils.parsedate_tz(retry_after)
        if parsed is None:
            return None
        return email.utils.mktime_tz(parsed) - time.time()

    def _calculate_retry_timeout(
        self,
        remaining_retries: int,
        options: FinalRequestOptions,
        response_headers: Optional[httpx.Headers],
    ) -> float:
        """Seconds to wait before the next attempt."""
        retry_after = self._parse_retry_after(response_headers)
        if retry_after is not None and 0 < retry_after <= MAX_RETRY_AFTER:
            return retry_after
        retries_so_far = min(self.max_retries - remaining_retries, 1000)
        delay = min(INITIAL_RETRY_DELAY * 2.0**retries_so_far, MAX_RETRY_DELAY)
        jitter = 1 - 0.25 * random.random()
        return delay * jitter

    def _send_failed(
        self, request: httpx.Request, err: httpx.RequestError, retries_taken: int
    ) -> None:
        """A request got no response: raise when no retry is left, else return to retry."""
        if retries_taken < self.max_retries:
            return
        if log.isEnabledFor(logging.INFO):
            log.info(
                "%s %s failed: %s",
                request.method,
                self._log_url(request),
                type(err).__name__,
            )
        if isinstance(err, httpx.TimeoutException):
            raise APITimeoutError(request=request) from err
        raise APIConnectionError(request=request) from err

    def _is_final(self, response: httpx.Response, retries_taken: int) -> bool:
        """Whether `response` ends the call: a success, or an error not to be retried."""
        if log.isEnabledFor(logging.INFO):
            log.info(
                '%s %s "%s %s"',
                response.request.method,
                self._log_url(response.request),
                response.status_code,
                response.reason_phrase,
            )
            if log.isEnabledFor(logging.DEBUG):
                log.debug(
                    "Response headers: %r",
                    redact_headers(response.headers, self._secrets),
                )
        return (
            response.is_success
            or retries_taken >= self.max_retries
            or not self._should_retry(response)
        )

    def _retry_delay(
        self,
        request: httpx.Request,
        options: FinalRequestOptions,
        retries_taken: int,
        response: Optional[httpx.Response],
    ) -> float:
        """Seconds to wait before retry number `retries_taken + 1`; logged."""
        headers = response.headers if response is not None else None
        delay = self._calculate_retry_timeout(
            self.max_retries - retries_taken, options, headers
        )
        if log.isEnabledFor(logging.INFO):
            log.info(
                "Retrying %s %s in %.3f seconds (retry %d of %d)",
                request.method,
                self._log_url(request),
                delay,
                retries_taken + 1,
                self.max_retries,
            )
        return delay

    def _log_url(self, request: httpx.Request) -> str:
        return redact(str(request.url), self._secrets)

    # -- responses --------------------------------------------------------------------

    def _make_status_error(self, response: httpx.Response) -> APIStatusError:
        return make_status_error(response, secrets=self._secrets)

    def _process_response(
        self, cast_to: Type[_R], options: FinalRequestOptions, response: httpx.Response
    ) -> _R:
        # Imported here, not at the top: pydantic then loads with the first response rather
        # than with the client, which keeps the time to a first client short.
        if options.stream:
            from ._streaming import make_stream

            return cast(_R, make_stream(cast_to, response))
        from ._models import parse_response

        result = parse_response(
            cast_to, response, strict=self._strict_response_validation
        )
        self._remember_origin(result, options, response)
        return result

    def _remember_origin(
        self, result: object, options: FinalRequestOptions, response: httpx.Response
    ) -> None:
        from ._pages import BasePage

        # A page needs the client and its request to fetch the page after it.
        if isinstance(result, BasePage):
            set_origin = result._set_origin  # pyright: ignore[reportPrivateUsage]
            set_origin(self, options, response)

    def _result(
        self,
        cast_to: Type[_R],
        options: FinalRequestOptions,
        response: httpx.Response,
        retries_taken: int,
        mode: int,
        response_class: Type[BaseAPIResponse[Any]],
    ) -> _R:
        """What request() returns: the parsed value, or the response wrapping its parser."""
        if mode == PARSED:
            return self._process_response(cast_to, options, response)
        parser = functools.partial(self._process_response, cast_to, options, response)
        return cast(
            _R, response_class(raw=response, parser=parser, retries_taken=retries_taken)
        )


class SyncAPIClient(BaseClient[httpx.Client]):
    """A client that sends its requests with a blocking `httpx.Client`."""

    def _new_http_client(self, timeout: httpx.Timeout) -> httpx.Client:
        return httpx.Client(
            timeout=timeout, limits=DEFAULT_CONNECTION_LIMITS, follow_redirects=True
        )

    def close(self) -> None:
        """Close the connection pool, unless it is a caller-supplied `http_client`."""
        if self._owns_http_client:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        exc_tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def request(self, cast_to: Type[_R], options: FinalRequestOptions) -> _R:
        """Send `options`, retrying as allowed, and decode the response as `cast_to`.

        Inside a `with_raw_response` or `with_streaming_response` method, returns the
        `APIResponse` instead.
        """
        mode = RESPONSE_MODE.get()
        stream = mode == STREAMED or options.stream
        request = self._build_request(options)
        retries_taken = 0
        while True:
            response: Optional[httpx.Response] = None
            try:
                response = self._client.send(request, stream=stream)
            except httpx.RequestError as err:
                self._send_failed(request, err, retries_taken)
            else:
                if self._is_final(response, retries_taken):
                    if not response.is_success:
                        response.read()  # a streamed error's body, for its message
                        raise self._make_status_error(response)
                    return self._result(
                        cast_to, options, response, retries_taken, mode, APIResponse
                    )
                response.close()
            time.sleep(self._retry_delay(request, options, retries_taken, response))
            retries_taken += 1


class AsyncAPIClient(BaseClient[httpx.AsyncClient]):
    """A client that sends its requests with an `httpx.AsyncClient`."""

    def _new_http_client(self, timeout: httpx.Timeout) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            timeout=timeout, limits=DEFAULT_CONNECTION_LIMITS, follow_redirects=True
        )

    async def close(self) -> None:
        """Close the connection pool, unless it is a caller-supplied `http_client`."""
        if self._owns_http_client:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        exc_tb: Optional[TracebackType],
    ) -> None:
        await self.close()

    async def request(self, cast_to: Type[_R], options: FinalRequestOptions) -> _R:
        """Send `options`, retrying as allowed, and decode the response as `cast_to`.

        Inside a `with_raw_response` or `with_streaming_response` method, returns the
        `AsyncAPIResponse` instead.
        """
        import asyncio  # here, so that a program using only the sync client never loads it

        mode = RESPONSE_MODE.get()
        stream = mode == STREAMED or options.stream
        request = self._build_request(options)
        retries_taken = 0
        while True:
            response: Optional[httpx.Response] = None
            try:
                response = await self._client.send(request, stream=stream)
            except httpx.RequestError as err:
                self._send_failed(request, err, retries_taken)
            else:
                if self._is_final(response, retries_taken):
                    if not response.is_success:
                        await response.aread()  # a streamed error's body, for its message
                        raise self._make_status_error(response)
                    return self._result(
                        cast_to,
                        options,
                        response,
                        retries_taken,
                        mode,
                        AsyncAPIResponse,
                    )
                await response.aclose()
            await asyncio.sleep(
                self._retry_delay(request, options, retries_taken, response)
            )
            retries_taken += 1
