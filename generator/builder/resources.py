"""Resource tree and method names: where each operation goes in the SDK, and what it is called.

Names the spec or the config gives win, first found: `[tool.sdkgen.names.operations]`,
`x-speakeasy-group` / `x-speakeasy-name-override` (also the document-level list of operationId
patterns), `x-fern-sdk-group-name` / `x-fern-sdk-method-name`, then a dotted operationId
(`express.users.add`). Otherwise the path says where an operation goes and REST convention what
it is called:

- on a collection (`/things`): GET is `list`, POST `create`; a path with no item below it whose
  GET returns no list is a singleton (`/account`): GET `retrieve`, PUT/PATCH `update`, DELETE
  `delete`;
- on an item (`/things/{id}`): GET `retrieve`, PUT/PATCH/POST `update`, DELETE `delete`;
- a static last segment that is no collection (no other method on it, no path below it) is an
  action of the resource before it, named by that segment (`POST /things/{id}/cancel` →
  `things.cancel(id)`), when it is a POST after an item or after a resource with methods of its
  own, a GET after one that returns no list (`GET /files/{id}/content` → `files.content(id)`),
  or when the operationId begins with that segment (`POST /graders/run`, `runGrader`);
- a path key's `#fragment` names the method (`PUT /files/{id}#add_shared_link`);
- anything else is named by its operationId, without the words that repeat its resource path or
  its tags (`deleteActionsCacheByKey` on `actions.caches` → `delete_by_key`); an all-lowercase
  operationId is split at the words the spec's paths use (`createcontentprovenancecheck`).

The convention beats the operationId's synonyms (`getThing` → `retrieve`, `modifyThing` → `update`),
not another verb (`cancelEvalRun` on an item's POST → `cancel`). When two methods of a resource would
share a name, the one named more firmly keeps it (given names, then conventions,
then PATCH before PUT before POST, then spec order) and the other takes its operationId's name,
else a number; the warning says which operation took the name.
"""

from __future__ import annotations

import dataclasses
import re
import urllib.parse
from typing import Any, Callable, Iterable, Sequence

from .. import ir, naming
from ..load import Ref
from ..problems import pointer_join

# Version prefixes: `v1`, `v2.1`, `api`, and dated versions (`2010-04-01`).
_VERSION_SEGMENT = re.compile(r"^(v\d+(\.\d+)*|api|\d{4}-\d{2}-\d{2})$", re.IGNORECASE)
# A static segment's format suffix (`Calls.json`): the same resource as without it.
_FORMAT_SUFFIX = re.compile(r"\.(json|xml|csv|txt|yaml|yml|html|ndjson|jsonl)$", re.IGNORECASE)
_ITEM_METHODS = {"get": "retrieve", "patch": "update", "put": "update", "post": "update", "delete": "delete"}
# Which of several methods named `update` keeps the name: PATCH is the usual partial update.
_METHOD_RANK = {"patch": 0, "put": 1, "post": 2}
# How firmly a name is given: a lower rank keeps a name another method also wants.
_RANKS = {"config": 0, "extension": 1, "dotted": 2, "convention": 3, "fragment": 4, "operationId": 5, "method": 6}
_MIN_VOCABULARY_WORD = 3  # shorter path words would split ids in the middle of a word
# The verbs an operationId may begin with that mean what the convention's name means: with one of
# them (or an HTTP method's name), the convention names the method; with another verb (`cancel`,
# `follow`, `enable`), the operationId does.
_SYNONYMS = {
    "retrieve": frozenset({"get", "retrieve", "fetch", "read", "show", "describe", "find", "lookup", "view", "load"}),
    "list": frozenset({"list", "get", "retrieve", "fetch", "read", "show", "find", "search", "query", "browse", "all", "view", "load"}),
    "create": frozenset({"create", "add", "new", "make", "insert", "register"}),
    "update": frozenset({"update", "modify", "edit", "change", "set", "replace", "save", "upsert", "alter", "amend"}),
    "delete": frozenset({"delete", "remove", "destroy", "del", "erase", "drop", "purge"}),
}
_HTTP_WORDS = frozenset({"get", "put", "post", "patch", "delete", "head", "options", "trace"})


@dataclasses.dataclass(frozen=True)
class RawOperation:
    """An operation as found in the spec, before it is built."""

    path: str  # the path without a fixed query or fragment: what requests are sent to
    method: str
    ref: Ref
    operation_id: str
    key: str = ""  # the path key as the spec writes it (`/things?beta=true`); "" when it is `path`
    query: tuple[tuple[str, str], ...] = ()  # the fixed query of the key, sent with every call
    fragment: str = ""  # the key's `#fragment`

    @property
    def spec_key(self) -> str:
        return self.key or self.path


def split_path_key(key: str) -> tuple[str, tuple[tuple[str, str], ...], str]:
    """`/things?beta=true#fast` → (`/things`, (("beta", "true"),), `fast`)."""
    rest, _, fragment = key.partition("#")
    path, _, query = rest.partition("?")
    return path, tuple(urllib.parse.parse_qsl(query, keep_blank_values=True)), fragment


@dataclasses.dataclass(frozen=True)
class Naming:
    """Where an operation goes and its method name, how firmly given, and the name from its
    operationId for when another method keeps this one ("" when it has none or it is the same)."""

    resource: tuple[str, ...]
    method: str
    rule: str  # a key of _RANKS
    fallback: str = ""


def path_segments(path: str) -> list[str]:
    """The segments of a path as naming sees them: version prefixes left out, and each segment
    that holds a parameter beside text split into the parameter and the words around it, so
    that no parameter is ever read as a name (see `_split_segment`)."""
    out = [part for segment in path.strip("/").split("/") for part in _split_segment(segment)]
    return [s for s in out if s and not _VERSION_SEGMENT.match(s)]


def _split_segment(segment: str) -> list[str]:
    """One path segment as naming sees it.

    `{Sid}.json` and `{report_id}.{format}` are an item (the parameter; a `.suffix` after it is
    a format); `thumbnail.{extension}` is a static word before an item; `{connector_id}:sync`
    and `connectors:search` end in a custom verb (AIP-136), a static segment of its own;
    `Messages.json` is `Messages`, its format left out.
    """
    verb = re.fullmatch(r"(.+?):([A-Za-z][\w-]*)", segment)
    if verb is not None and verb.group(1).count("{") == verb.group(1).count("}"):
        return _split_segment(verb.group(1)) + [verb.group(2)]
    first, last = segment.find("{"), segment.rfind("}")
    if first < 0 or last < first:
        return [_FORMAT_SUFFIX.sub("", segment) or segment]
    before, item, after = segment[:first], segment[first : last + 1], segment[last + 1 :]
    parts = [_words_only(before)] if _is_word(before) else []
    parts.append(item)
    if _is_word(after) and not after.startswith("."):
        parts.append(_words_only(after))
    return parts


def _is_word(text: str) -> bool:
    """Whether text beside a parameter in a segment names something: two letters or more."""
    return sum(c.isalpha() for c in text) >= 2


def _words_only(text: str) -> str:
    """`thumbnail.` → `thumbnail`: the text without the punctuation joining it to a parameter."""
    return re.sub(r"^[\W_]+|[\W_]+$", "", text)


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def _statics(segments: Iterable[str]) -> list[str]:
    return [s for s in segments if not _is_param(s)]


def resource_path(names: Sequence[str]) -> tuple[str, ...]:
    """Attribute names of a resource path: the first one on the client, the others on resources."""
    return tuple(naming.resource_name(n, top_level=i == 0) for i, n in enumerate(names))


def _lower_words(text: str) -> list[str]:
    return [w.lower() for w in naming.words(text)]


class Namer:
    """Names every operation of a spec; built once from all of them (the shape of the whole path
    tree says which segments are collections)."""

    def __init__(
        self,
        ops: Sequence[RawOperation],
        *,
        returns_list: Callable[[RawOperation], bool],
        config_names: dict[str, str],
        root: Any,
    ) -> None:
        self._returns_list = returns_list
        self._config = config_names
        self._ops_at: dict[tuple[str, ...], list[RawOperation]] = {}
        for op in ops:
            self._ops_at.setdefault(tuple(path_segments(op.path)), []).append(op)
        self._prefixes = {key[:depth] for key in self._ops_at for depth in range(len(key))}
        # Paths with an item below them (`/things` of `/things/{id}`): collections, whatever they answer.
        self._collections = {key[:depth] for key in self._ops_at for depth in range(len(key)) if _is_param(key[depth])}
        vocabulary = {w for key in self._ops_at for s in _statics(key) for w in _lower_words(s)}
        vocabulary |= {naming.singular(w) for w in vocabulary}
        self._vocabulary = sorted((w for w in vocabulary if len(w) >= _MIN_VOCABULARY_WORD), key=lambda w: (-len(w), w))
        self._patterns = _speakeasy_patterns(root)

    def name(self, op: RawOperation, report: Callable[[str, Ref], None]) -> Naming:
        """The resource and method of `op`; `report(message, where)` warns about a name it cannot use."""
        structural = self._structural(op)
        given = self._given(op, structural, report)
        return given if given is not None else structural

    def _given(self, op: RawOperation, structural: Naming, report: Callable[[str, Ref], None]) -> Naming | None:
        """The name the config or the spec gives, if any."""
        configured = self._config.get(op.operation_id) if op.operation_id else None
        configured = configured or self._config.get(f"{op.method.upper()} {op.spec_key}")
        if configured:
            *prefix, method = configured.split(".")
            resource = resource_path(prefix) if prefix else structural.resource
            return Naming(resource, naming.method_name(method), "config")
        value = op.ref.value
        group: list[str] = []
        method = ""
        for key in ("x-speakeasy-group", "x-fern-sdk-group-name"):
            found = value.get(key)
            if found is None or group:
                continue
            parts = found.split(".") if isinstance(found, str) else found if isinstance(found, list) else None
            if not parts or not all(isinstance(p, str) and p.strip() for p in parts):
                report(f"{key} must be a non-empty string{' or a list of strings' if key.startswith('x-fern') else ''}; ignored", _child(op.ref, key))
                continue
            group = [p.strip() for p in parts]
        for key in ("x-speakeasy-name-override", "x-fern-sdk-method-name"):
            found = value.get(key)
            if found is None or method:
                continue
            if not isinstance(found, str) or not found.strip():
                report(f"{key} must be a non-empty string; ignored", _child(op.ref, key))
                continue
            method = found
        if not method and op.operation_id:
            method = next((name for pattern, name in self._patterns if pattern.search(op.operation_id)), "")
        if group or method:
            resource = resource_path(group) if group else structural.resource
            return Naming(resource, naming.method_name(method) if method else structural.method, "extension", structural.fallback)
        if op.operation_id and "." in op.operation_id.strip("."):
            parts = [p for p in op.operation_id.split(".") if p]
            return Naming(resource_path(parts[:-1]), naming.method_name(parts[-1]), "dotted")
        return None

    # -- names from the path -----------------------------------------------------------------

    def _structural(self, op: RawOperation) -> Naming:
        segments = path_segments(op.path)
        leaf = segments[-1] if segments and not _is_param(segments[-1]) else None
        parent = tuple(segments[:-1])
        if op.fragment and not self._fragment_tells_apart(op, segments):
            resource = self._resource(_statics(segments))
            return Naming(resource, naming.method_name(op.fragment), "fragment", self._derived(op, resource))
        if leaf is not None and _statics(parent) and self._is_action(op, tuple(segments), leaf, parent):
            resource = self._resource(_statics(parent))
            return Naming(resource, naming.method_name(leaf), "convention", self._derived(op, resource))
        resource = self._resource(_statics(segments))
        conventional = self._conventional(op, tuple(segments), leaf is None)
        derived = self._derived(op, resource)
        if conventional and derived and self._other_verb(op, conventional, resource):
            return Naming(resource, derived, "operationId", conventional)
        if conventional:
            return Naming(resource, conventional, "convention", derived if derived != conventional else "")
        if derived:
            return Naming(resource, derived, "operationId")
        return Naming(resource, naming.method_name(op.method), "method")

    @staticmethod
    def _fragment_tells_apart(op: RawOperation, segments: list[str]) -> bool:
        """Whether the path key's fragment only tells apart keys that differ in a parameter's
        name (`/connectors/{connector_id_or_name}#idOrName` beside `/connectors/{connector_id}#id`),
        its words all words of the path's parameters: it names no method then."""
        words = {w for s in segments if "{" in s for w in _lower_words(s)}
        return bool(words) and set(_lower_words(op.fragment)) <= words

    @staticmethod
    def _resource(statics: list[str]) -> tuple[str, ...]:
        return resource_path(statics or ["client"])

    def _is_action(self, op: RawOperation, path: tuple[str, ...], leaf: str, parent: tuple[str, ...]) -> bool:
        """Whether `op`, on a static last segment, is an action of the resource before it."""
        if len(self._ops_at.get(path, ())) > 1 or path in self._prefixes:
            return False  # a collection: it has other methods, or paths below it
        after_item = _is_param(parent[-1])
        parent_has_methods = bool(self._ops_at.get(parent))
        if op.method == "post" and (after_item or parent_has_methods):
            return True
        if op.method == "get" and (after_item or parent_has_methods) and not self._returns_list(op):
            return True
        if op.operation_id:
            # The operationId begins with the segment: it is the verb (`runGrader` on `/graders/run`).
            words = [w for w in self._id_words(op.operation_id) if w not in self._repeats(self._resource(_statics(parent)), ())]
            wanted = _lower_words(leaf)
            return words[: len(wanted)] == wanted
        return False

    def _conventional(self, op: RawOperation, path: tuple[str, ...], on_item: bool) -> str:
        """The REST convention's name for `op`, or ""."""
        if on_item:
            return _ITEM_METHODS.get(op.method, "")
        if op.method == "post":
            return "create"
        getters = [other for other in self._ops_at.get(path, ()) if other.method == "get"]
        if op.method == "get":
            return "list" if path in self._collections or self._returns_list(op) else "retrieve"
        singleton = path not in self._collections and not any(self._returns_list(g) for g in getters)
        if singleton and op.method in ("put", "patch"):
            return "update"
        if singleton and op.method == "delete":
            return "delete"
        return ""

    # -- names from the operationId ----------------------------------------------------------

    def _other_verb(self, op: RawOperation, conventional: str, resource: tuple[str, ...]) -> bool:
        """Whether the operationId begins with a verb other than the convention's (`cancelEvalRun`
        on an item's POST): not one of its synonyms, an HTTP method's name or a word of the
        resource. The verb of `repos/check-collaborator` is after its namespace: `check`."""
        words = self._id_words(op.operation_id.rsplit("/", 1)[-1])
        verb = words[0] if words else ""
        tags = op.ref.value.get("tags")
        repeats = self._repeats(resource, tags if isinstance(tags, list) else ())
        return bool(verb) and verb not in _SYNONYMS.get(conventional, frozenset()) | _HTTP_WORDS | repeats

    def _derived(self, op: RawOperation, resource: tuple[str, ...]) -> str:
        """The operationId without the words that repeat the resource path or the tags; "" when
        there is no operationId."""
        if not op.operation_id:
            return ""
        words = self._id_words(op.operation_id)
        tags = op.ref.value.get("tags")
        repeats = self._repeats(resource, tags if isinstance(tags, list) else ())
        kept = [w for w in words if w not in repeats]
        return naming.method_name_of_words(kept or words)

    @staticmethod
    def _repeats(resource: tuple[str, ...], tags: Iterable[Any]) -> set[str]:
        """The words of a resource path and tags, each also in its possible singulars and plurals
        (with no dictionary, `caches` may be `cache` or `cach`: both are repeats)."""
        words = {w for part in resource for w in _lower_words(part)}
        words |= {w for tag in tags if isinstance(tag, str) for w in _lower_words(tag)}
        singulars = {naming.singular(w) for w in words} | {w[:-1] for w in words if w.endswith("s") and len(w) > 3}
        plurals = {w + "s" for w in words} | {w + "es" for w in words} | {w[:-1] + "ies" for w in words if w.endswith("y")}
        return words | singulars | plurals

    def _id_words(self, operation_id: str) -> list[str]:
        """The words of an operationId; one all in lower case with no separator is split where
        the spec's own path words occur in it (`createcontentprovenancecheck` → create, content,
        provenance, check)."""
        if not re.fullmatch(r"[a-z][a-z0-9]*", operation_id):
            return _lower_words(operation_id)
        found: list[str] = []
        pending = ""
        index = 0
        while index < len(operation_id):
            match = next((w for w in self._vocabulary if operation_id.startswith(w, index)), None)
            if match is None:
                pending += operation_id[index]
                index += 1
                continue
            if pending:
                found.append(pending)
                pending = ""
            found.append(match)
            index += len(match)
        if pending:
            found.append(pending)
        return found


def _child(ref: Ref, key: str) -> Ref:
    value = ref.value.get(key) if isinstance(ref.value, dict) else None
    return Ref(ref.file, pointer_join(ref.pointer, key), value)


def _speakeasy_patterns(root: Any) -> list[tuple[re.Pattern[str], str]]:
    """The document-level `x-speakeasy-name-override` list: (operationId pattern, method name).
    Entries that are not such pairs, or whose pattern is no regular expression, are skipped."""
    entries = root.get("x-speakeasy-name-override") if isinstance(root, dict) else None
    out = []
    for entry in entries if isinstance(entries, list) else ():
        if not isinstance(entry, dict):
            continue
        pattern, name = entry.get("operationId"), entry.get("methodNameOverride")
        if isinstance(pattern, str) and isinstance(name, str) and name.strip():
            try:
                out.append((re.compile(pattern), name))
            except re.error:
                continue
    return out


def assign_names(named: Sequence[tuple[RawOperation, Naming]], report: Callable[[str, Ref], None]) -> list[str]:
    """The final method name of each operation: unique in its resource, never a sub-resource's.

    Firmer names are claimed first; an operation whose name is taken gets the name from its
    operationId when that is free, else a number, with a warning that says which took it.
    """
    children: dict[tuple[str, ...], set[str]] = {}
    for _op, n in named:
        for depth in range(1, len(n.resource)):
            children.setdefault(n.resource[:depth], set()).add(n.resource[depth])
    order = sorted(range(len(named)), key=lambda i: (_RANKS[named[i][1].rule], _METHOD_RANK.get(named[i][0].method, 3), i))
    taken: dict[tuple[str, ...], dict[str, int]] = {}
    final = [""] * len(named)
    for index in order:
        op, n = named[index]
        used = taken.setdefault(n.resource, {})
        subresources = children.get(n.resource, set())
        blocked = _RESOURCE_ATTRS | subresources

        def free(name: str) -> bool:
            return bool(name) and name not in used and name not in blocked

        name = n.method
        if not free(name):
            if free(n.fallback):
                name = n.fallback
            else:
                allocator = naming.Allocator(set(used) | blocked)
                name = allocator.claim(n.method)
            full = ".".join(n.resource + (n.method,))
            if n.method in subresources:
                why = "a sub-resource has that name"
            elif n.method in used:
                other = named[used[n.method]][0]
                why = f"{other.method.upper()} {other.spec_key} has that name"
            else:
                why = "every resource has an attribute of that name"
            report(f"operation {full} ({op.method.upper()} {op.spec_key}): {why}; this one is {name}", op.ref)
        used[name] = index
        final[index] = name
    return final


# Attributes every resource class has; a method of that name would hide them.
_RESOURCE_ATTRS = naming.RESOURCE_ATTRS | {"_client"}


def module_layout(path: tuple[str, ...], has_children: bool, children: frozenset[str] | set[str] = frozenset()) -> tuple[str, str]:
    """(module defining the resource class, module its parent imports it from).

    A resource with children is a package whose own module is named after it, unless a child
    has that name (`users.users`): then it is the first free `users2`.
    """
    base = "resources." + ".".join(naming.shorten(part) for part in path)
    if has_children:
        return f"{base}.{naming.shorten(naming.Allocator(children).claim(path[-1]))}", base
    return base, base


def build_tree(
    operations: dict[tuple[str, ...], list[ir.Operation]],
    descriptions: dict[tuple[str, ...], str],
) -> tuple[ir.Resource, ...]:
    """Nest resources by path; every prefix of a resource path is a resource too.

    Resources and their methods keep the order in which the spec first mentions them.
    """
    below: dict[tuple[str, ...], dict[tuple[str, ...], None]] = {}  # parent → children, in first-mention order
    for path in operations:
        for depth in range(1, len(path) + 1):
            below.setdefault(path[: depth - 1], {}).setdefault(path[:depth], None)

    # Resource classes are unique across the package: a parent module imports its children's
    # classes, and `users.users` must not import a class of its own name. Shallower resources
    # claim first; a deeper one whose name is taken is named by its whole path
    # (`chat.completions` → ChatCompletionsResource beside a top-level CompletionsResource).
    class_names = naming.Allocator(naming.RESERVED_CLASSES)
    chosen: dict[tuple[str, ...], str] = {}
    level = list(below.get((), {}))
    while level:
        for path in level:
            own = naming.pascal(path[-1]) + "Resource"
            whole = "".join(naming.pascal(part) for part in path) + "Resource"
            chosen[path] = class_names.claim(own if own not in class_names or len(path) == 1 else whole)
        level = [child for path in level for child in below.get(path, {})]

    def make(path: tuple[str, ...]) -> ir.Resource:
        class_name = chosen[path]
        children = tuple(make(p) for p in below.get(path, {}))
        module, package_module = module_layout(path, bool(children), {c.attr for c in children})
        return ir.Resource(
            attr=path[-1],
            path=path,
            class_name=class_name,
            raw_class_name=class_name + "WithRawResponse",
            module=module,
            package_module=package_module,
            operations=tuple(operations.get(path, [])),
            children=children,
            description=descriptions.get(path, ""),
        )

    return tuple(make(p) for p in below.get((), {}))
