"""File uploads (`FileTypes`, form and multipart fields) and binary downloads (`BinaryResponse`)."""

from __future__ import annotations

import mimetypes
import os
from pathlib import Path
from typing import IO, Dict, Iterator, List, Mapping, Optional, Tuple, Union, cast

import httpx
from typing_extensions import TypeAlias

__all__ = [
    "BinaryResponse",
    "FileContent",
    "FileTypes",
    "form_fields",
    "multipart_parts",
    "read_content",
]

FileContent: TypeAlias = Union[IO[bytes], bytes, os.PathLike[str]]
"""A file's content: bytes, a path to read it from, or a binary file object."""

FileTypes: TypeAlias = Union[
    FileContent,
    Tuple[Optional[str], FileContent],
    Tuple[Optional[str], FileContent, Optional[str]],
]
"""An uploaded file: its content, or a `(filename, content)` or `(filename, content, content_type)` tuple."""

_DEFAULT_FILENAME = "upload"


def _is_file(value: object) -> bool:
    return isinstance(value, (bytes, bytearray, os.PathLike, tuple)) or callable(
        getattr(value, "read", None)
    )


def _read(content: object) -> Tuple[bytes, Optional[str]]:
    """The bytes of a `FileContent` and the file name it carries, if any."""
    if isinstance(content, (bytes, bytearray)):
        return bytes(content), None
    if isinstance(content, os.PathLike):
        path = Path(cast("os.PathLike[str]", content))
        return path.read_bytes(), path.name
    file = cast(IO[bytes], content)
    name = getattr(file, "name", None)
    return file.read(), Path(name).name if isinstance(name, str) else None


def read_content(content: object) -> bytes:
    """The bytes of a `FileContent`: bytes as they are, a path's file, a file object's rest."""
    return _read(content)[0]


def _file_part(value: object) -> Tuple[str, bytes, str]:
    """(filename, content, content type) of one uploaded file."""
    filename: Optional[str] = None
    content_type: Optional[str] = None
    if isinstance(value, tuple):
        parts: List[object] = list(cast(Tuple[object, ...], value))
        filename = cast(Optional[str], parts[0])
        content_type = cast(Optional[str], parts[2]) if len(parts) > 2 else None
        value = parts[1]
    data, own_name = _read(value)
    filename = filename or own_name or _DEFAULT_FILENAME
    content_type = (
        content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    )
    return filename, data, content_type


def _text(value: object) -> str:
    """A non-file form value as text: booleans as `true`/`false`, objects as JSON."""
    from ._utils import encode_json, scalar_text

    if isinstance(value, (bool, str, int, float)):
        return scalar_text(value)
    return encode_json(value).decode("utf-8")


def _items(body: Mapping[str, object]) -> Iterator[Tuple[str, object]]:
    """Each (name, value) to send; an array gives one field per item, None none."""
    for name, value in body.items():
        values = cast(List[object], value) if isinstance(value, list) else [value]
        for item in values:
            if item is not None:
                yield name, item


def form_fields(body: Mapping[str, object]) -> Dict[str, Union[str, List[str]]]:
    """httpx's `data` for an `application/x-www-form-urlencoded` body: values as text."""
    fields: Dict[str, Union[str, List[str]]] = {}
    for name, value in _items(body):
        known = fields.get(name)
        if known is None:
            fields[name] = _text(value)
        else:
            fields[name] = [
                *([known] if isinstance(known, str) else known),
                _text(value),
            ]
    return fields


Part: TypeAlias = Tuple[str, Tuple[Optional[str], Union[str, bytes], Optional[str]]]


class _Parts(List[Part]):
    """The parts of a multipart body. True even when empty: httpx sends a body only for `files`
    that are true, and a call that passes no field still sends a multipart body (its closing
    boundary alone), as an operation whose body is required needs."""

    def __bool__(self) -> bool:
        return True


def multipart_parts(body: Mapping[str, object]) -> List[Part]:
    """httpx's `files` for a `multipart/form-data` body, in order: each file as (filename,
    content, content type), each other value as text with no filename (a plain form field).
    """
    parts = _Parts()
    for name, value in _items(body):
        if _is_file(value):
            parts.append((name, _file_part(value)))
        else:
            parts.append((name, (None, _text(value), None)))
    return parts


class BinaryResponse:
    """The body of a binary response (a file, an image, a PDF, ...), read into memory."""

    def __init__(self, response: httpx.Response) -> None:
        self.http_response = response

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def content_type(self) -> Optional[str]:
        value: Optional[str] = self.http_response.headers.get("content-type")
        return value

    def read(self) -> bytes:
        """The whole body."""
        return self.http_response.content

    def iter_bytes(self, chunk_size: int = 65536) -> Iterator[bytes]:
        """The body in chunks of at most `chunk_size` bytes."""
        content = self.http_response.content
        for start in range(0, len(content), chunk_size):
            yield content[start : start + chunk_size]

    def write_to_file(self, file: Union[str, "os.PathLike[str]"]) -> None:
        """Write the body to the file at `file` (replacing it)."""
        Path(file).write_bytes(self.http_response.content)

    def __repr__(self) -> str:
        return f"<BinaryResponse {self.content_type or 'unknown type'}, {len(self.content)} bytes>"
