"""Entry point for `python -m loaders`."""
import sys

from loaders import configure_pandas
from loaders.cli import main

configure_pandas()
sys.exit(main())
