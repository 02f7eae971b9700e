"""``python -m tierassess``."""

from tierassess.cli import main

if __name__ == "__main__":
    main()
