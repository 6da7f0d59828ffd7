"""Base classes of the generated resources (`client.express`, `client.express.users`)."""

from __future__ import annotations

from typing import Any, Optional, Type, TypeVar

from ._base_client import (
    AsyncAPIClient,
    FinalRequestOptions,
    RequestOptions,
    SyncAPIClient,
)
from ._pages import AsyncPaginator, BaseAsyncPage, BaseSyncPage

__all__ = ["AsyncAPIResource", "SyncAPIResource"]

_R = TypeVar("_R")
_SyncPageT = TypeVar("_SyncPageT", bound=BaseSyncPage[Any])
_AsyncPageT = TypeVar("_AsyncPageT", bound=BaseAsyncPage[Any])


class SyncAPIResource:
    """A group of API operations sharing the client's connection pool and settings."""

    _client: SyncAPIClient

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def _request(
        self,
        method: str,
        path: str,
        *,
        cast_to: Type[_R],
        body: Optional[object] = None,
        options: Optional[RequestOptions] = None,
    ) -> _R:
        return self._client.request(
            cast_to, FinalRequestOptions.build(method, path, body=body, options=options)
        )

    def _get_api_list(
        self,
        path: str,
        *,
        page: Type[_SyncPageT],
        body: Optional[object] = None,
        options: Optional[RequestOptions] = None,
        method: str = "GET",
    ) -> _SyncPageT:
        return self._client.request(
            page,
            FinalRequestOptions.build(method.upper(), path, body=body, options=options),
        )


class AsyncAPIResource:
    """A group of API operations of the async client."""

    _client: AsyncAPIClient

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def _request(
        self,
        method: str,
        path: str,
        *,
        cast_to: Type[_R],
        body: Optional[object] = None,
        options: Optional[RequestOptions] = None,
    ) -> _R:
        return await self._client.request(
            cast_to, FinalRequestOptions.build(method, path, body=body, options=options)
        )

    def _get_api_list(
        self,
        path: str,
        *,
        page: Type[_AsyncPageT],
        body: Optional[object] = None,
        options: Optional[RequestOptions] = None,
        method: str = "GET",
    ) -> AsyncPaginator[Any, _AsyncPageT]:
        """The first page, requested when awaited or iterated."""
        options_ = FinalRequestOptions.build(
            method.upper(), path, body=body, options=options
        )
        return AsyncPaginator(self._client, page, options_)
