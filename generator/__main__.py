"""`python -m generator` runs the sdkgen command line."""

from .cli import run

run()
