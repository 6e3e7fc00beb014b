"""horizonscan: watch official sources for one field and write the monthly report."""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
