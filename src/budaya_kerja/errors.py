"""The package's own error type: every message says what is wrong, where, and how to fix it."""

from budaya_kerja.messages import message

__all__ = ["BudayaKerjaError", "InputFileError", "excepthook"]


class BudayaKerjaError(Exception):
    """An input or configuration problem a person can act on."""


class InputFileError(BudayaKerjaError):
    """A whole input file cannot be used (empty, no header, required column missing, ...)."""

    def __init__(self, file: str, problem: str, fix: str):
        self.file, self.problem, self.fix = file, problem, fix
        super().__init__(message("error.file", file=file, problem=problem, fix=fix))


def excepthook(kind, error, traceback):
    """Print the package's own errors as one actionable line (no traceback) and exit 1."""
    import sys

    if issubclass(kind, BudayaKerjaError):
        print(message("error.prefix", error=error), file=sys.stderr)
        sys.exit(1)
    sys.__excepthook__(kind, error, traceback)
