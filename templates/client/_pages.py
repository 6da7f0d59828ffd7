"""Pages of list calls, for the sync and the async client.

`BasePage` works out the next request from its `PageSpec`; `BaseSyncPage` and
`BaseAsyncPage` send it. `AsyncPaginator` is what an async list method returns: awaited,
it is the first page; iterated with `async for`, every item of every page.

One small `PageSpec` subclass per style says what the next request is: a cursor from the
body, the last item's id, offset + items, page number + 1, a next URL in the body, or the
`Link: <...>; rel="next"` header. A next URL on another origin than the API's is requested
without the client's credentials.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field, replace
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterator,
    Dict,
    Generator,
    Generic,
    Iterator,
    List,
    Mapping,
    Optional,
    Tuple,
    Type,
    TypeVar,
    Union,
    cast,
)

import httpx
import pydantic
from typing_extensions import Self

from ._logs import SENSITIVE_HEADERS
from ._models import BaseModel
from ._types import NotGiven, Omit, omit

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, FinalRequestOptions, SyncAPIClient

__all__ = [
    "AsyncPaginator",
    "BaseAsyncPage",
    "BasePage",
    "BaseSyncPage",
    "CursorPageSpec",
    "ItemCursorPageSpec",
    "LinkHeaderPageSpec",
    "NextUrlPageSpec",
    "OffsetPageSpec",
    "PageContext",
    "PageInfo",
    "PageNumberPageSpec",
    "PageSpec",
    "parse_link_header",
]

_T = TypeVar("_T")
_AsyncPageT = TypeVar("_AsyncPageT", bound="BaseAsyncPage[Any]")


class PageInfo:
    """How a page's request changes to get the next page: query params, or the URL."""

    __slots__ = ("params", "url")

    def __init__(
        self,
        *,
        params: Optional[Mapping[str, object]] = None,
        url: Optional[str] = None,
    ) -> None:
        self.params: Dict[str, object] = dict(params) if params else {}
        self.url = url

    def __repr__(self) -> str:
        if self.url is not None:
            return f"PageInfo(url={self.url!r})"
        return f"PageInfo(params={self.params!r})"


def _lookup(value: object, path: str) -> object:
    """The value at a dotted attribute path (`meta.next_cursor`) of a page, or None."""
    for part in path.split("."):
        if value is None:
            return None
        if isinstance(value, Mapping):
            value = cast(Mapping[str, object], value).get(part)
        else:
            value = getattr(value, part, None)
    return value


def _as_int(value: object) -> Optional[int]:
    """`value` as an int, if it is one or a string of one (a query param as sent)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class PageContext:
    """What a page's spec reads besides the page's fields: its items, and the request and
    response it came from."""

    items: List[Any]
    params: Mapping[str, object]
    url: Optional[httpx.URL] = None
    headers: httpx.Headers = field(default_factory=httpx.Headers)

    def param(self, name: str) -> object:
        """The value of query parameter `name` in the page's request, or None."""
        value = self.params.get(name)
        return None if isinstance(value, (Omit, NotGiven)) else value

    def resolve(self, url: str) -> str:
        """`url` made absolute against the URL of the page's request."""
        return url if self.url is None else str(self.url.join(url))


@dataclass(frozen=True)
class PageSpec(ABC):
    """A pagination scheme: where a page keeps its items, which request gets the next.

    A page class declares its scheme as `_page_spec: ClassVar[Spec] = Spec(...)`; the
    page base classes do the rest, so one implementation serves every paginated API.
    Each scheme is a small subclass that only says what the next request is.

    `items` is the attribute holding the page's items; `has_more`, when given, is the
    (dotted) attribute path of a flag that is false on the last page.
    """

    items: str
    has_more: Optional[str] = None

    @property
    def items_attr(self) -> str:
        """The attribute of the page holding its list of items."""
        return self.items

    @abstractmethod
    def next_page_info(
        self, page: "BasePage[Any]", context: PageContext
    ) -> Optional[PageInfo]:
        """How the request of `page` changes to get the next page; None if unknown."""

    def may_have_more(self, page: "BasePage[Any]", context: PageContext) -> bool:
        """False when `page` says it is the last one."""
        return self.has_more is None or _lookup(page, self.has_more) is not False


@dataclass(frozen=True)
class CursorPageSpec(PageSpec):
    """The next page is the same request with the page's `cursor` (a dotted attribute path)
    in the query parameter `cursor_param`.

    With no `has_more` attribute, only an empty page or a missing cursor ends the list.
    """

    cursor: str = "cursor"
    cursor_param: str = "cursor"

    def next_page_info(
        self, page: "BasePage[Any]", context: PageContext
    ) -> Optional[PageInfo]:
        cursor = _lookup(page, self.cursor)
        if (
            isinstance(cursor, (str, int))
            and not isinstance(cursor, bool)
            and cursor != ""
        ):
            return PageInfo(params={self.cursor_param: cursor})
        return None


@dataclass(frozen=True)
class ItemCursorPageSpec(PageSpec):
    """The next page is the same request with the last item's `item_id` in `cursor_param`
    (`starting_after`, `after`): Stripe's and OpenAI's lists."""

    item_id: str = "id"
    cursor_param: str = "starting_after"

    def next_page_info(
        self, page: "BasePage[Any]", context: PageContext
    ) -> Optional[PageInfo]:
        last_id = _lookup(context.items[-1], self.item_id) if context.items else None
        if (
            isinstance(last_id, (str, int))
            and not isinstance(last_id, bool)
            and last_id != ""
        ):
            return PageInfo(params={self.cursor_param: last_id})
        return None


@dataclass(frozen=True)
class OffsetPageSpec(PageSpec):
    """The next page starts where this one ends: `offset_param` = offset + number of items.

    A page shorter than the `limit_param` sent, or reaching `total`, is the last.
    """

    offset_param: str = "offset"
    limit_param: Optional[str] = None
    total: Optional[str] = None

    def _end(self, context: PageContext) -> int:
        return (_as_int(context.param(self.offset_param)) or 0) + len(context.items)

    def next_page_info(
        self, page: "BasePage[Any]", context: PageContext
    ) -> Optional[PageInfo]:
        return PageInfo(params={self.offset_param: self._end(context)})

    def may_have_more(self, page: "BasePage[Any]", context: PageContext) -> bool:
        if not super().may_have_more(page, context):
            return False
        limit = _as_int(context.param(self.limit_param)) if self.limit_param else None
        if limit is not None and len(context.items) < limit:
            return False
        total = _as_int(_lookup(page, self.total)) if self.total else None
        return total is None or self._end(context) < total


@dataclass(frozen=True)
class PageNumberPageSpec(PageSpec):
    """The next page is page number + 1 in `page_param` (the first is `first_page`).

    Past `total_pages`, or after a page whose `has_more` is false, there is none.
    """

    page_param: str = "page"
    total_pages: Optional[str] = None
    first_page: int = 1

    def _number(self, context: PageContext) -> int:
        number = _as_int(context.param(self.page_param))
        return self.first_page if number is None else number

    def next_page_info(
        self, page: "BasePage[Any]", context: PageContext
    ) -> Optional[PageInfo]:
        return PageInfo(params={self.page_param: self._number(context) + 1})

    def may_have_more(self, page: "BasePage[Any]", context: PageContext) -> bool:
        if not super().may_have_more(page, context):
            return False
        total = _as_int(_lookup(page, self.total_pages)) if self.total_pages else None
        return total is None or self._number(context) - self.first_page + 1 < total


@dataclass(frozen=True)
class NextUrlPageSpec(PageSpec):
    """The next page is at the URL in the page's `next_url` attribute (absolute, or relative
    to the URL of this page's request); a missing or empty one ends the list."""

    next_url: str = "next"

    def next_page_info(
        self, page: "BasePage[Any]", context: PageContext
    ) -> Optional[PageInfo]:
        url = _lookup(page, self.next_url)
        if isinstance(url, str) and url.strip():
            return PageInfo(url=context.resolve(url.strip()))
        return None


@dataclass(frozen=True)
class LinkHeaderPageSpec(PageSpec):
    """The next page is at the `Link: <url>; rel="next"` of the response (RFC 8288)."""

    rel: str = "next"

    def next_page_info(
        self, page: "BasePage[Any]", context: PageContext
    ) -> Optional[PageInfo]:
        for header in context.headers.get_list("link"):
            for target, params in parse_link_header(header):
                if self.rel in params.get("rel", "").lower().split():
                    return PageInfo(url=context.resolve(target))
        return None


def parse_link_header(value: str) -> List[Tuple[str, Dict[str, str]]]:
    """The links of an RFC 8288 `Link` header value: `(target, {param: value})` in order.

    Commas inside `<...>` and quoted strings do not split links; parameter names are
    lower-cased, quoted values unquoted; a malformed link is skipped.
    """
    links: List[Tuple[str, Dict[str, str]]] = []
    i, size = 0, len(value)
    while i < size:
        start = value.find("<", i)
        if start < 0:
            break
        end = value.find(">", start)
        if end < 0:
            break
        target = value[start + 1 : end].strip()
        params: Dict[str, str] = {}
        i = end + 1
        while i < size and value[i] != ",":
            if value[i] in "; \t":
                i += 1
                continue
            name_end = i
            while name_end < size and value[name_end] not in "=;,":
                name_end += 1
            name = value[i:name_end].strip().lower()
            i = name_end
            param = ""
            if i < size and value[i] == "=":
                i += 1
                while i < size and value[i] in " \t":
                    i += 1
                if i < size and value[i] == '"':
                    i += 1
                    chars: List[str] = []
                    while i < size and value[i] != '"':
                        if value[i] == "\\" and i + 1 < size:
                            i += 1
                        chars.append(value[i])
                        i += 1
                    i += 1
                    param = "".join(chars)
                else:
                    param_end = i
                    while param_end < size and value[param_end] not in ";,":
                        param_end += 1
                    param = value[i:param_end].strip()
                    i = param_end
            if name and name not in params:
                params[name] = param
        links.append((target, params))
        i += 1
    return links


class BasePage(BaseModel, Generic[_T]):
    """A page of a list call, remembering the request it came from."""

    # Each page class declares `_page_spec: ClassVar[<a PageSpec>] = ...`. It is not
    # declared here, so that a page class may name the precise class of its spec.
    _options: Optional["FinalRequestOptions"] = pydantic.PrivateAttr(default=None)
    _client: Any = pydantic.PrivateAttr(default=None)
    _request_url: Optional[httpx.URL] = pydantic.PrivateAttr(default=None)
    _response_headers: httpx.Headers = pydantic.PrivateAttr(
        default_factory=httpx.Headers
    )

    @classmethod
    def _items_of_array(cls, data: object) -> object:
        """A response that is a JSON array is the page's items (a Link-header page, say).

        Applied by `_models.parse_response` before validation, not by a "before" validator:
        a model with one can only be validated from parsed values, at twice the cost.
        """
        if isinstance(data, list):
            wrapped: Dict[str, object] = {cls._spec().items_attr: data}
            return wrapped
        return data

    def _set_origin(
        self,
        client: Any,
        options: "FinalRequestOptions",
        response: Optional[httpx.Response] = None,
    ) -> None:
        self._client = client
        self._options = options
        if response is not None:
            self._request_url = response.request.url
            self._response_headers = response.headers

    @classmethod
    def _spec(cls) -> PageSpec:
        spec = getattr(cls, "_page_spec", None)
        if not isinstance(spec, PageSpec):
            raise TypeError(
                f"{cls.__name__} must declare `_page_spec: ClassVar[PageSpec]`"
            )
        return spec

    def _page_items(self) -> List[_T]:
        items = getattr(self, self._spec().items_attr, None)
        return cast(List[_T], items) if items else []

    def _context(self) -> PageContext:
        params = self._options.params if self._options is not None else None
        return PageContext(
            self._page_items(), params or {}, self._request_url, self._response_headers
        )

    def has_next_page(self) -> bool:
        """True when another page follows.

        That is: this page has items, does not say it is the last, and says where the
        next one is, which is not where this one came from (an API that hands back the
        same cursor or URL would otherwise be asked for the same page forever).
        """
        if not self._page_items():
            return False
        spec, context = self._spec(), self._context()
        if not spec.may_have_more(self, context):
            return False
        info = spec.next_page_info(self, context)
        if info is None:
            return False
        if info.url is not None:
            return context.url is None or httpx.URL(info.url) != context.url
        return any(context.param(name) != value for name, value in info.params.items())

    def next_page_info(self) -> Optional[PageInfo]:
        """How to request the next page, or None."""
        return self._spec().next_page_info(self, self._context())

    def _next_page_options(self) -> "FinalRequestOptions":
        info = self.next_page_info()
        if info is None:
            raise RuntimeError(
                "No next page expected; please check `.has_next_page()` before calling "
                "`.get_next_page()`."
            )
        if self._options is None:
            raise RuntimeError(
                "Only a page returned by a client call can fetch the next page."
            )
        if info.url is None:
            return replace(
                self._options, params={**(self._options.params or {}), **info.params}
            )
        # The URL carries the whole query; credentials go only to the API's own origin.
        headers = self._options.headers
        own = headers.original if isinstance(headers, _WithoutCredentials) else headers
        if _origin(httpx.URL(info.url)) != _origin(self._client.base_url):
            auth: Dict[str, str] = self._client.auth_headers
            names = [*auth, *self._client.default_headers, *(own or {})]
            hidden = [
                name
                for name in names
                if name in auth or name.lower() in SENSITIVE_HEADERS
            ]
            return replace(
                self._options,
                url=info.url,
                params=info.params or None,
                headers=_WithoutCredentials(own or {}, hidden),
            )
        return replace(
            self._options, url=info.url, params=info.params or None, headers=own
        )


class _WithoutCredentials(Mapping[str, Union[str, Omit]]):
    """A call's headers with those that may carry a credential left out; `original` are the
    call's own, for when a later page is back on the API's origin."""

    def __init__(
        self, original: Mapping[str, Union[str, Omit]], hidden: List[str]
    ) -> None:
        self.original = original
        self._headers: Dict[str, Union[str, Omit]] = {
            **original,
            **{name: omit for name in hidden},
        }

    def __getitem__(self, name: str) -> Union[str, Omit]:
        return self._headers[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._headers)

    def __len__(self) -> int:
        return len(self._headers)


def _origin(url: httpx.URL) -> Tuple[str, str, Optional[int]]:
    port = url.port or {"http": 80, "https": 443}.get(url.scheme)
    return (url.scheme, url.host, port)


class BaseSyncPage(BasePage[_T], Generic[_T]):
    """A page of the blocking client; iterating it yields the items of all pages."""

    def get_next_page(self) -> Self:
        """Repeat this page's request, moved on to the next page."""
        options = self._next_page_options()
        client = cast("SyncAPIClient", self._client)
        return client.request(type(self), options)

    def iter_pages(self) -> Iterator[Self]:
        """This page, then each following page, fetched as the iteration reaches it."""
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.get_next_page()

    def __iter__(self) -> Iterator[_T]:  # type: ignore[override]
        for page in self.iter_pages():
            yield from page._page_items()


class BaseAsyncPage(BasePage[_T], Generic[_T]):
    """A page of the async client; `async for` over it yields the items of all pages."""

    async def get_next_page(self) -> Self:
        """Repeat this page's request, moved on to the next page."""
        options = self._next_page_options()
        client = cast("AsyncAPIClient", self._client)
        return await client.request(type(self), options)

    async def iter_pages(self) -> AsyncIterator[Self]:
        """This page, then each following page, fetched as the iteration reaches it."""
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.get_next_page()

    async def __aiter__(self) -> AsyncIterator[_T]:
        async for page in self.iter_pages():
            for item in page._page_items():
                yield item


class AsyncPaginator(Generic[_T, _AsyncPageT]):
    """The first page of an async list call, not requested yet.

    `await` it for the page; `async for` over it for every item of every page.
    """

    def __init__(
        self,
        client: "AsyncAPIClient",
        page: Type[_AsyncPageT],
        options: "FinalRequestOptions",
    ) -> None:
        self._client = client
        self._page = page
        self._options = options

    async def _first_page(self) -> _AsyncPageT:
        return await self._client.request(self._page, self._options)

    def __await__(self) -> Generator[Any, None, _AsyncPageT]:
        return self._first_page().__await__()

    async def __aiter__(self) -> AsyncIterator[_T]:
        page = cast("BaseAsyncPage[_T]", await self)
        async for item in page:
            yield item
