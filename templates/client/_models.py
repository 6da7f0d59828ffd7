"""Base class of response models, and decoding of response bodies into them.

Decoding has two paths. The fast one validates the raw bytes in pydantic-core
(`model_validate_json`), with no intermediate Python objects. When the body does not
match the declared types, the lenient one builds the model field by field and keeps
what does not fit as it came: a server that adds, drops or changes a field never fails
a call.
"""

import json
from typing import TYPE_CHECKING, Any, Dict, List, Set, Type, TypeVar, Union, cast

import httpx
import pydantic
from pydantic.fields import FieldInfo
from typing_extensions import Annotated, get_args, get_origin

from ._exceptions import APIResponseValidationError
from ._files import BinaryResponse

__all__ = [
    "BaseModel",
    "construct_lenient",
    "is_json_content_type",
    "parse_response",
    "type_adapter",
]

_T = TypeVar("_T")
_ModelT = TypeVar("_ModelT", bound=pydantic.BaseModel)

_NoneType: Type[None] = type(None)


class BaseModel(pydantic.BaseModel):
    """Base of the response models: keeps unknown fields, accepts names and aliases."""

    model_config = pydantic.ConfigDict(
        extra="allow",
        populate_by_name=True,
        protected_namespaces=(),
    )

    @property
    def model_fields_set(self) -> Set[str]:
        """The declared fields that were given (present in the response, even as null).

        An undeclared key stays readable (an attribute, in `model_extra` and in dumps) but,
        as in the official client, is not one of them. Validation counts it in, so it is
        taken out here, on demand, rather than at a cost to every decoded model.
        """
        fields_set = self.__pydantic_fields_set__
        extra = self.__pydantic_extra__
        if extra:
            fields_set.difference_update(extra)
        return fields_set

    if not TYPE_CHECKING:  # same signatures as pydantic's; only a default changes

        def model_dump(self, **kwargs):
            # A leniently decoded model may hold values of other types than declared: dump
            # them as they are, without a warning per value.
            kwargs.setdefault("warnings", False)
            return super().model_dump(**kwargs)

        def model_dump_json(self, **kwargs):
            kwargs.setdefault("warnings", False)
            return super().model_dump_json(**kwargs)


_adapters: Dict[Any, "pydantic.TypeAdapter[Any]"] = {}


def type_adapter(type_: Any) -> "pydantic.TypeAdapter[Any]":
    """The TypeAdapter of `type_`, built once: building costs far more than using."""
    try:
        return _adapters[type_]
    except KeyError:
        adapter: "pydantic.TypeAdapter[Any]" = pydantic.TypeAdapter(type_)
        _adapters[type_] = adapter
        return adapter
    except TypeError:  # an unhashable type expression
        return pydantic.TypeAdapter(type_)


def _is_model_class(type_: object) -> bool:
    # `list[int]` passes isinstance(..., type) on Python 3.9 and 3.10, hence get_origin.
    return (
        isinstance(type_, type)
        and get_origin(type_) is None
        and issubclass(type_, pydantic.BaseModel)
    )


def is_json_content_type(content_type: str) -> bool:
    """True for `application/json` and `application/<anything>+json`."""
    mime = content_type.split(";", 1)[0].strip().lower()
    return mime == "application/json" or (
        mime.startswith("application/") and mime.endswith("+json")
    )


def parse_response(
    cast_to: Type[_T], response: httpx.Response, *, strict: bool = False
) -> _T:
    """Decode a successful response as `cast_to`.

    A body that is not JSON (by content type) is returned as text, whatever `cast_to`;
    one that does not match `cast_to` is decoded leniently. With `strict`, both raise
    `APIResponseValidationError` instead.
    """
    if cast_to is httpx.Response:
        return cast(_T, response)
    if cast_to is str:
        return cast(_T, response.text)
    if cast_to is bytes:
        return cast(_T, response.content)
    if cast_to is _NoneType:
        return cast(_T, None)
    if cast_to is BinaryResponse or BinaryResponse in get_args(cast_to):
        # Optional[BinaryResponse]: the binary response of an operation that may also answer 204
        return cast(
            _T,
            (
                BinaryResponse(response)
                if response.content or cast_to is BinaryResponse
                else None
            ),
        )
    if not response.content:
        return cast(
            _T, None
        )  # 204 No Content, of an operation with other 2xx responses
    content_type = response.headers.get("content-type", "")
    if not is_json_content_type(content_type):
        if strict:
            raise APIResponseValidationError(
                response,
                response.text,
                message=f"Expected a JSON response but received Content-Type {content_type!r}.",
            )
        return cast(_T, response.text)
    content = response.content
    try:
        if _is_model_class(cast_to):
            model = cast(Type[pydantic.BaseModel], cast_to)
            items_of_array = getattr(model, "_items_of_array", None)
            if items_of_array is not None and content.lstrip()[:1] == b"[":
                # A page of an array response holds the array as its items (see
                # `_pages.BasePage`). Any other body is validated straight from JSON, which
                # is twice as fast as from the parsed Python values.
                return cast(
                    _T, model.model_validate(items_of_array(json.loads(content)))
                )
            return cast(_T, model.model_validate_json(content))
        return cast(_T, type_adapter(cast_to).validate_json(content))
    except ValueError as err:  # pydantic.ValidationError, or a body that is not JSON
        if strict:
            raise APIResponseValidationError(response, _json_or_text(response)) from err
    try:
        data = json.loads(content)
    except ValueError:
        return cast(_T, response.text)
    return cast(_T, construct_lenient(cast_to, data))


def _json_or_text(response: httpx.Response) -> object:
    try:
        return json.loads(response.content)
    except ValueError:
        return response.text


def construct_lenient(type_: Any, value: object, discriminator: object = None) -> Any:
    """`value` validated as `type_` where it fits, kept as it is where it does not.

    Models are built field by field: a field that validates is validated, one that does
    not keeps its raw value, a missing required field is None but stays out of
    `model_fields_set`, and unknown keys are kept as extra fields. A member of a
    discriminated union is chosen by its tag; a tag no member has (a kind of object the
    API added later) gives a plain `BaseModel` holding every key as an extra field.
    """
    try:
        return type_adapter(type_).validate_python(value)
    except pydantic.ValidationError:
        pass
    if _is_model_class(type_):
        # A page of an array response holds the array as its items (see `_pages.BasePage`).
        items_of_array = getattr(type_, "_items_of_array", None)
        if items_of_array is not None:
            value = items_of_array(value)
        if isinstance(value, dict):
            return _construct_model(type_, cast(Dict[str, object], value))
        return value
    origin = get_origin(type_)
    args = get_args(type_)
    if origin is Annotated:
        tag = next(
            (m.discriminator for m in args[1:] if isinstance(m, FieldInfo)), None
        )
        return construct_lenient(args[0], value, tag or discriminator)
    if origin is Union:
        if value is None:
            return value
        members = [arg for arg in args if arg is not _NoneType]
        if isinstance(discriminator, str) and isinstance(value, dict):
            return _construct_tagged(
                members, discriminator, cast(Dict[str, object], value)
            )
        for arg in members:
            if get_origin(arg) is Annotated or len(members) == 1:
                return construct_lenient(arg, value)
        for arg in args:
            if _is_model_class(arg) and isinstance(value, dict):
                return _construct_model(arg, cast(Dict[str, object], value))
    elif origin in (list, List) and args and isinstance(value, list):
        items = cast(List[object], value)
        return [construct_lenient(args[0], item) for item in items]
    elif origin in (dict, Dict) and len(args) == 2 and isinstance(value, dict):
        entries = cast(Dict[Any, object], value)
        return {key: construct_lenient(args[1], item) for key, item in entries.items()}
    return value


def _construct_model(model: Type[_ModelT], data: Dict[str, object]) -> _ModelT:
    values: Dict[str, object] = {}
    fields_set: Set[str] = set()
    used: Set[str] = set()
    for name, field in model.model_fields.items():
        key = field.alias if field.alias is not None else name
        if key in data:
            raw = data[key]
        elif name in data:
            key = name
            raw = data[name]
        else:
            values[name] = (
                None
                if field.is_required()
                else field.get_default(call_default_factory=True)
            )
            continue
        used.add(key)
        fields_set.add(name)
        values[name] = construct_lenient(field.annotation, raw, field.discriminator)
    for key, raw in data.items():
        # A key spelling a field's name, unused for it, cannot become an extra field.
        if key not in used and key not in values:
            values[key] = raw
    return model.model_construct(_fields_set=fields_set, **values)


def _construct_tagged(
    members: List[Any], discriminator: str, data: Dict[str, object]
) -> object:
    """The member of a discriminated union whose tag field allows the tag `data` carries."""
    for member in members:
        if not _is_model_class(member):
            continue
        field = cast(Type[pydantic.BaseModel], member).model_fields.get(discriminator)
        if field is None:
            continue
        tag = (
            data.get(field.alias)
            if field.alias is not None and field.alias in data
            else data.get(discriminator)
        )
        if tag in get_args(field.annotation):
            return _construct_model(cast(Type[pydantic.BaseModel], member), data)
    return BaseModel.model_construct(None, **data)
