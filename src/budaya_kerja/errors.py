"""The package's own error type: every message says what is wrong, where, and how to fix it."""


class BudayaKerjaError(Exception):
    """An input or configuration problem a person can act on."""


class InputFileError(BudayaKerjaError):
    """A whole input file cannot be used (empty, no header, required column missing, ...)."""

    def __init__(self, file: str, problem: str, fix: str):
        self.file, self.problem, self.fix = file, problem, fix
        super().__init__(f"file {file}: {problem}. How to fix: {fix}")


def excepthook(kind, error, traceback):
    """Print the package's own errors as one actionable line (no traceback) and exit 1."""
    import sys

    if issubclass(kind, BudayaKerjaError):
        print(f"ERROR: {error}", file=sys.stderr)
        sys.exit(1)
    sys.__excepthook__(kind, error, traceback)
