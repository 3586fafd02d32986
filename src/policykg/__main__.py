"""``python -m policykg`` runs the command-line interface."""

from policykg.cli import main

if __name__ == "__main__":
    main()
