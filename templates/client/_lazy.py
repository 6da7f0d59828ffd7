"""Lazy names for the package's `__init__` modules: each loads from its module on first use.

This keeps importing the package from importing httpx, pydantic or any resource or model until
a name that needs them is touched. Type checkers never see `__getattr__`: each `__init__` imports its
names under `TYPE_CHECKING` instead, so a misspelt name is still reported.
"""

import importlib
from typing import Any, Callable, Collection, Dict, List, Mapping, MutableMapping, Tuple

__all__ = ["lazy_module"]


def lazy_module(
    package: str,
    namespace: MutableMapping[str, Any],
    attributes: Mapping[str, str],
    submodules: Collection[str],
) -> Tuple[Callable[[str], object], Callable[[], List[str]]]:
    """The `__getattr__` and `__dir__` of `package`.

    `attributes` maps each lazy name to the module (relative to `package`) that defines it;
    `submodules` are subpackages that load on first attribute access.
    """

    def __getattr__(name: str) -> object:
        if name in submodules:
            return importlib.import_module(f"{package}.{name}")
        module = attributes.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        namespace[name] = value  # later lookups no longer come here
        return value

    def __dir__() -> List[str]:
        public: Dict[str, None] = dict.fromkeys([*namespace, *attributes, *submodules])
        return sorted(public)

    return __getattr__, __dir__
