"""`python -m generator` runs the sdkgen command line."""

import sys

from .cli import main

sys.exit(main())
