"""Authentication: the API's security schemes, and what each request sends of the credentials.

A client knows its schemes (`Scheme`: where a scheme puts which of the client's credential
options) and what a call sends when it says nothing else (`ClientAuth.security`); a call may
name other schemes. Either way it is a `Security`: alternatives, each the names of the schemes
sent together. A request sends the first alternative whose credentials are all set; an empty
alternative lets it go without any.
"""

import base64
import os
from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Optional, Tuple, Type
from urllib.parse import quote, quote_plus

__all__ = ["ClientAuth", "Credential", "RequestAuth", "Scheme", "Security"]

Security = Tuple[Tuple[str, ...], ...]
Values = Mapping[str, Optional[str]]


@dataclass(frozen=True)
class Credential:
    """A client option holding a credential, read from the environment variable `env`
    when it is not passed. A secret one never appears in a log line or an error message.
    """

    option: str
    env: str
    secret: bool = True


class Scheme:
    """How one security scheme sends its credentials.

    `kind` is "header", "query" or "cookie" (an API key, sent as the header, query
    parameter or cookie `name`), "bearer" (`Authorization: Bearer <token>`) or "basic"
    (`Authorization: Basic <base64 of user:password>`, from its two credentials).
    """

    def __init__(self, kind: str, name: str, *credentials: Credential) -> None:
        self.kind = kind
        self.name = name
        self.credentials = credentials


@dataclass
class RequestAuth:
    """What one request sends to authenticate."""

    headers: Dict[str, str] = field(default_factory=lambda: {})
    params: Dict[str, str] = field(default_factory=lambda: {})
    cookies: Dict[str, str] = field(default_factory=lambda: {})


@dataclass(frozen=True)
class ClientAuth:
    """A client's security schemes by name, what a call that names none sends, and the
    error raised for a credential the client lacks."""

    schemes: Mapping[str, Scheme] = field(default_factory=lambda: {})
    security: Security = ()
    error: Type[Exception] = Exception

    @property
    def options(self) -> Tuple[str, ...]:
        """The client's credential options."""
        return tuple(c.option for s in self.schemes.values() for c in s.credentials)

    def optional(self, option: str, value: Optional[str]) -> Optional[str]:
        """A credential option: the value given, else its environment variable's, else None."""
        return os.environ.get(self._env(option)) if value is None else value

    def required(self, option: str, value: Optional[str]) -> str:
        """A credential every call needs: the value given, else the environment's; none
        at all is an error."""
        found = self.optional(option, value)
        if found is None:
            env = self._env(option)
            raise self.error(
                f"The {option} client option must be set either by passing {option} to the "
                f"client or by setting the {env} environment variable"
            )
        return found

    def select(
        self, security: Optional[Security], values: Values
    ) -> Optional[RequestAuth]:
        """What a request accepting `security` (None: the client's default) sends: the first
        alternative whose credentials are all set, else an empty one if there is one.

        None when the request needs credentials that `values` does not have.
        """
        alternatives = self.security if security is None else security
        if not alternatives:
            return RequestAuth()
        for alternative in alternatives:
            if alternative and all(
                values.get(c.option) is not None
                for key in alternative
                for c in self.schemes[key].credentials
            ):
                auth = RequestAuth()
                for key in alternative:
                    _add(self.schemes[key], values, auth)
                return auth
        return RequestAuth() if () in alternatives else None

    def missing(self, security: Optional[Security], request: str) -> str:
        """The message of the error for `request`, which needs credentials the client lacks."""
        alternatives = self.security if security is None else security
        ways: List[str] = []
        for alternative in alternatives:
            credentials = [
                c for key in alternative for c in self.schemes[key].credentials
            ]
            options = " and ".join(c.option for c in credentials)
            envs = " and ".join(c.env for c in credentials)
            ways.append(f"pass {options} to the client or set {envs}")
        return f"{request} needs credentials: " + "; or ".join(ways)

    def secrets(self, values: Values) -> Tuple[str, ...]:
        """Every secret credential in `values`, also as it is spelled on the wire."""
        found: List[str] = []
        for scheme in self.schemes.values():
            for credential in scheme.credentials:
                value = values.get(credential.option)
                if credential.secret and value:
                    found.extend(
                        dict.fromkeys((value, quote(value, safe=""), quote_plus(value)))
                    )
            auth = RequestAuth()
            if scheme.kind == "basic" and _add(scheme, values, auth):
                found.append(auth.headers["Authorization"].partition(" ")[2])
        return tuple(found)

    def _env(self, option: str) -> str:
        return next(
            c.env
            for s in self.schemes.values()
            for c in s.credentials
            if c.option == option
        )


def _add(scheme: Scheme, values: Values, auth: RequestAuth) -> bool:
    """Put what `scheme` sends into `auth`; False when a credential of it is not set."""
    given = [values.get(c.option) for c in scheme.credentials]
    sent = [value for value in given if value is not None]
    if len(sent) < len(given) or not sent:
        return False
    if scheme.kind == "header":
        auth.headers[scheme.name] = sent[0]
    elif scheme.kind == "query":
        auth.params[scheme.name] = sent[0]
    elif scheme.kind == "cookie":
        auth.cookies[scheme.name] = sent[0]
    elif scheme.kind == "bearer":
        auth.headers["Authorization"] = f"Bearer {sent[0]}"
    else:
        pair = ":".join(sent).encode("utf-8")
        auth.headers["Authorization"] = "Basic " + base64.b64encode(pair).decode(
            "ascii"
        )
    return True
