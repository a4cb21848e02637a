"""`python -m quyche` runs the command-line interface."""

from quyche.cli import main

if __name__ == "__main__":
    main()
