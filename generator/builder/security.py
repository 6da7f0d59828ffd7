"""Security: `components.securitySchemes` and `security` → the client's credential options
(`ir.Security`) and what each operation sends (`Operation.security`).

A scheme gives the client one option per credential, named after what it holds: `api_key` (an
`apiKey` scheme, or an HTTP bearer token), `username` and `password` (HTTP basic), `access_token`
(OAuth 2 and OpenID Connect, sent as a bearer token). When two schemes would give one name, each
of them is named after its scheme instead (`partner_key`, `admin_username`). An option is read from
`<PREFIX>_<NAME>` when it is not passed. Only the schemes that some `security` requirement names
become options: a scheme no operation requires would never be sent.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from .. import ir, naming
from ..load import Ref
from .context import BuildContext

Requirements = Tuple[ir.SecurityRequirement, ...]

# What a scheme's credentials are called when no other scheme wants the same names.
_NATURAL_NAMES = {
    "header": ("api_key",),
    "query": ("api_key",),
    "cookie": ("api_key",),
    "bearer": ("api_key",),
    "oauth": ("access_token",),
    "basic": ("username", "password"),
}
# Names a credential option must not take: the client's other options and attributes, `log`
# (`<PREFIX>_LOG` sets the logging level), the module the client's module uses (`os`) and the
# local variable of `copy` (`strict`).
_RESERVED = (naming.CLIENT_ATTRS - {"api_key"}) | {"http_client", "log", "os", "strict"}


class SecurityBuilder:
    """Reads the schemes and the top-level `security` at once, then each operation's `security`
    as it is built; `security()` then names the credentials."""

    def __init__(self, ctx: BuildContext, root: Ref) -> None:
        self.ctx = ctx
        self._schemes: Dict[str, Optional[ir.SecurityScheme]] = {}  # None: reported, not usable
        self._places: Dict[str, Ref] = {}
        self._undefined: Dict[str, List[Ref]] = {}  # an undefined scheme → the requirements naming it
        self._read_schemes(ctx.child(root, "components", "securitySchemes"))
        self.default = self._requirements(ctx.child(root, "security")) or ()
        self._operations: List[Requirements] = []

    def operation(self, op: Ref) -> Optional[Requirements]:
        """What the operation at `op` sends, or None when it is the API's default."""
        declared = self.ctx.child(op, "security")
        found = self._requirements(declared)
        effective = self.default if found is None else found
        self._operations.append(effective)
        return None if effective == self.default else effective

    def security(self, env_prefix: str, taken: frozenset[str] | set[str]) -> ir.Security:
        """The client's credentials, once every operation has been read; `taken`: the names of
        the client's top-level resources, which an option must not hide."""
        for name, refs in self._undefined.items():
            others = f" (and {len(refs) - 1} more requirements)" if len(refs) > 1 else ""
            message = f"a security requirement names {name!r}, which components/securitySchemes does not define{others}: that alternative is left out"
            self.ctx.report("warning", message, refs[0])
        named = self._requirement_schemes()
        for key, place in self._places.items():
            if self._schemes.get(key) is not None and key not in named:
                self.ctx.report("warning", f"security scheme {key!r} is named by no `security` requirement: the client has no option for it", place)
        schemes = [scheme for key, scheme in self._schemes.items() if scheme is not None and key in named]
        names = _credential_names(schemes, _RESERVED | frozenset(taken))
        built = []
        for scheme in schemes:
            # Needed by every alternative of every operation (one that may go without any needs none).
            required = bool(self._operations) and all(
                requirements and all(scheme.key in alternative for alternative in requirements) for requirements in self._operations
            )
            credentials = tuple(
                ir.Credential(name, f"{env_prefix}_{name.upper()}", secret=not (scheme.kind == "basic" and index == 0), required=required)
                for index, name in enumerate(names[scheme.key])
            )
            built.append(ir.SecurityScheme(scheme.key, scheme.type, scheme.kind, scheme.wire_name, credentials))
        return ir.Security(schemes=tuple(built), default=self.default)

    def _requirement_schemes(self) -> set[str]:
        return {key for requirements in (self.default, *self._operations) for alternative in requirements for key in alternative}

    def _read_schemes(self, schemes: Ref) -> None:
        if not isinstance(schemes.value, dict):
            return
        for key in schemes.value:
            ref = self.ctx.resolve(self.ctx.child(schemes, key))
            self._places[str(key)] = ref
            self._schemes[str(key)] = self._scheme(str(key), ref)

    def _scheme(self, key: str, ref: Ref) -> Optional[ir.SecurityScheme]:
        """The scheme at `ref`, or None (with a warning) when a client cannot send it."""
        value = ref.value if isinstance(ref.value, dict) else {}
        kind = value.get("type")
        unused = "operations that require it are sent without it"
        if kind == "apiKey":
            where, name = value.get("in"), value.get("name")
            if where in ("header", "query", "cookie") and isinstance(name, str) and name:
                return _scheme(key, "apiKey", where, name)
            self.ctx.report("warning", f"apiKey security scheme {key!r} needs `in` (header, query or cookie) and a `name`: {unused}", ref)
            return None
        if kind == "http":
            http = value.get("scheme")
            spelled = http.strip().lower() if isinstance(http, str) else ""
            if spelled in ("bearer", "basic"):
                return _scheme(key, "http", "bearer" if spelled == "bearer" else "basic", "Authorization")
            self.ctx.report("warning", f"security scheme {key!r}: HTTP authentication scheme {http!r} is not supported (only basic and bearer): {unused}", ref)
            return None
        if kind in ("oauth2", "openIdConnect"):
            return _scheme(key, str(kind), "bearer", "Authorization")
        if kind == "mutualTLS":
            self.ctx.report("warning", f"security scheme {key!r} is mutual TLS: give the client an `http_client` that presents the certificate", ref)
            return None
        self.ctx.report("warning", f"security scheme {key!r} has type {kind!r}, which sdkgen does not know: {unused}", ref)
        return None

    def _requirements(self, ref: Ref) -> Optional[Requirements]:
        """The alternatives of a `security` list (None when there is none), each kept only when
        every scheme it names can be sent; an empty requirement `{}` lets a call go without any."""
        if not isinstance(ref.value, list):
            return None  # absent, or not a list (which the validator reports)
        out: List[ir.SecurityRequirement] = []
        for index, requirement in enumerate(ref.value):
            if not isinstance(requirement, dict):
                continue
            keys = tuple(str(key) for key in requirement)
            for key in keys:
                if key not in self._schemes:
                    self._undefined.setdefault(key, []).append(self.ctx.child(ref, index))
            if all(self._schemes.get(key) is not None for key in keys) and keys not in out:
                out.append(keys)
        return tuple(out)


def _scheme(key: str, type_: str, kind: ir.SchemeKind, wire_name: str) -> ir.SecurityScheme:
    """A scheme whose credentials are named later (`_credential_names`)."""
    return ir.SecurityScheme(key, type_, kind, wire_name, ())


def _natural(scheme: ir.SecurityScheme) -> Tuple[str, ...]:
    return _NATURAL_NAMES["oauth" if scheme.type in ("oauth2", "openIdConnect") else scheme.kind]


def _credential_names(schemes: List[ir.SecurityScheme], reserved: frozenset[str]) -> Dict[str, Tuple[str, ...]]:
    """The option names of each scheme's credentials: the natural ones, unless another scheme
    wants one of them too; then both are named after their scheme (`<scheme>_username`)."""
    wanted: Dict[str, int] = {}
    for scheme in schemes:
        for name in _natural(scheme):
            wanted[name] = wanted.get(name, 0) + 1
    allocator = naming.Allocator()
    out: Dict[str, Tuple[str, ...]] = {}
    for scheme in schemes:
        names = _natural(scheme)
        if any(wanted[name] > 1 for name in names):
            base = naming.snake(scheme.key)
            names = (base,) if len(names) == 1 else tuple(f"{base}_{name}" for name in names)
        out[scheme.key] = tuple(allocator.claim(naming.member(name, reserved)) for name in names)
    return out
