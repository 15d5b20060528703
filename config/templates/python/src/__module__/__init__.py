"""{{name}}."""

__version__ = "0.1.0"


def greeting(who: str) -> str:
    """Return the greeting for `who`."""
    return f"hello, {who}"
