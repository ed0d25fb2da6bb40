"""Entry point for `python -m loaders`."""
import sys

from loaders import IMPORTED_AT, configure_pandas
from loaders.cli import main

configure_pandas()
sys.exit(main(started_at=IMPORTED_AT))
