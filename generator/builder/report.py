"""Build a document and report every problem of the run together."""

from __future__ import annotations

from .. import ir, naming
from ..config import Config
from ..load import Document, Ref
from ..problems import GenerationError, Location, Problem, errors_in, sorted_problems
from .context import BuildContext


def build_reporting_all(doc: Document, config: Config) -> tuple[ir.Api, BuildContext]:
    """`build`, raising one GenerationError with every problem of the run when any is an error.

    The document's own problems (parsing, the validator) and the build's are reported together,
    sorted by place. A spec the validator rejected may break what the build takes for granted:
    then the failure is one more error, next to the findings that explain it.
    """
    from . import build  # this module is imported by build/__init__ itself

    try:
        api, ctx = build(doc, config)
    except GenerationError as exc:
        raise GenerationError(sorted_problems([*doc.problems, *exc.problems])) from None
    except Exception as exc:
        if not doc.problems:
            raise
        reason = " ".join(str(exc).split())[:200]
        failure = Problem("error", f"no SDK can be built from this spec ({type(exc).__name__}: {reason}); see the problems above", Location(doc.root_file.display))
        raise GenerationError([*sorted_problems(doc.problems), failure]) from exc
    if errors_in(ctx.problems):
        raise GenerationError(sorted_problems(ctx.problems))
    return api, ctx


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
