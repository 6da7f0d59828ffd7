"""What makes the output an installable distribution: its `pyproject.toml`'s values, spelled for TOML.

The generated package needs Python 3.9+ and three libraries at run time (`RUNTIME_DEPENDENCIES`,
the same ranges sdkgen's own `[project.optional-dependencies] client` installs for its tests);
its generated tests need pytest (and anyio's pytest plugin, which httpx brings with anyio).
"""

from __future__ import annotations

import re

REQUIRES_PYTHON = ">=3.9"
RUNTIME_DEPENDENCIES = ("httpx>=0.25,<1", "pydantic>=2.7,<3", "typing-extensions>=4.10")
TEST_DEPENDENCIES = ("pytest>=7",)

# A release as PEP 440 writes it (the forms specs use: `1.2.3`, `v2`, `1.0.0rc1`, `2.0.post1`).
_PEP_440 = re.compile(r"v?(\d+(?:\.\d+)*)((?:a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?", re.IGNORECASE)


def version(text: str) -> str:
    """`text` (the spec's `info.version`, or the configured version) as a PEP 440 version that
    pip accepts: as it is when it is one, else its numbers joined by dots (`2024-06-01` →
    `2024.6.1`), else 0.0.0."""
    found = _PEP_440.fullmatch(text.strip())
    if found:
        return text.strip().lower().removeprefix("v")
    numbers = [str(int(n)) for n in re.findall(r"\d+", text)]
    return ".".join(numbers) if numbers else "0.0.0"


def toml_string(text: str) -> str:
    """`text` as a TOML basic string: quotes, backslashes and control characters escaped, and
    anything that is no Unicode scalar value (a lone surrogate) replaced."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\\ufffd")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
