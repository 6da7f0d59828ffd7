"""Build a document and report every problem of the run together."""

from __future__ import annotations

from .. import ir
from ..config import Config
from ..load import Document
from ..problems import GenerationError, Location, Problem, errors_in, sorted_problems
from . import build
from .context import BuildContext


def build_reporting_all(doc: Document, config: Config) -> tuple[ir.Api, BuildContext]:
    """`build`, raising one GenerationError with every problem of the run when any is an error.

    The document's own problems (parsing, the validator) and the build's are reported together,
    sorted by place. A spec the validator rejected may break what the build takes for granted:
    then the failure is one more error, next to the findings that explain it.
    """
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
