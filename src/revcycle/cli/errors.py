"""How every command fails: a RevcycleError becomes one line on stderr and exit code 2 (a file that
cannot be read is one: `read_bytes`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import typer

from revcycle.kernel.errors import ErrorCode, RevcycleError

F = TypeVar("F", bound=Callable[..., Any])


def one_line_errors(command: F) -> F:
    """A RevcycleError, or an OSError on a file (a folder that does not exist, a file where a folder is
    wanted, no permission), becomes one line on stderr and exit code 2, never a traceback."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except RevcycleError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(2) from error
        except OSError as error:  # a file to read or write: the path and the reason, on one line
            where = f"{error.filename}: " if error.filename else ""
            typer.echo(f"error: cannot use {where}{error.strerror or error}", err=True)
            raise typer.Exit(2) from error

    return run  # type: ignore[return-value]


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a file that cannot be read is a RevcycleError (not found) naming it."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise RevcycleError(ErrorCode.NOT_FOUND, f"cannot read {path}: {error.strerror}") from error
