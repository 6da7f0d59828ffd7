"""Problems the build reports about an operation as a whole."""

from __future__ import annotations

from .. import ir, naming
from ..load import Ref
from .context import BuildContext


def report_renamed_params(ctx: BuildContext, operation: ir.Operation, where: Ref) -> None:
    """Warn about each argument of `operation` whose Python name had to differ from its wire name's.

    Two wire names with one Python name (`page-size`, `page_size`) both stay usable: the later
    one gets a numbered name, which is stable but not what anyone would guess.
    """
    wanted = {p.name: p.wire_name for p in operation.params if p.name == naming.snake(p.wire_name)}
    for param in operation.params:
        natural = naming.snake(param.wire_name)
        if param.name != natural and natural in wanted:
            ctx.report(
                "warning",
                f"{param.location} parameters {wanted[natural]!r} and {param.wire_name!r} have one Python name; "
                f"{param.wire_name!r} is `{param.name}`",
                ctx.child(where, "parameters") if param.location != "body" else ctx.child(where, "requestBody"),
            )
