"""sdkgen: generate a typed Python SDK from an OpenAPI document.

load → build (IR) → render (Jinja) → format (black) → write; see the modules of the same names.
"""

__version__ = "0.1.0"
