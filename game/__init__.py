"""Ambassador: a customer-service training game where a complaint is a chance to win an ambassador."""

import os

# pygame prints a greeting on import; it would land in front of `bench --json` and the other
# machine-readable output.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

__version__ = "0.1.0"
