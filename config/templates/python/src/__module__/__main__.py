"""Command-line entry point: `python -m {{module}} [NAME]`."""

import sys

from {{module}} import greeting


def main() -> int:
    print(greeting(sys.argv[1] if len(sys.argv) > 1 else "world"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
