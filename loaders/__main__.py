"""Entry point for `python -m loaders`."""
import sys

from loaders import STARTED_AT, configure_pandas
from loaders.cli import main

configure_pandas()
sys.exit(main(started_at=STARTED_AT))
