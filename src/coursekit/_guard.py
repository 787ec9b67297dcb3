"""Never destroy an input: where a command may write, given what it reads.

Every command that writes files (``grade``, ``export``, ``preview``,
``release``, ``quiz schema``) calls :func:`guard_outputs` with the files and
folders it was given before it writes anything. An output may not be

- an input (``grade --out quizzes/02.yaml`` overwrote the answer key);
- in the same folder as an input file (``export --format markdown --out
  quizzes/02.md`` wrote its ``-key`` file among the quizzes);
- inside an input folder (``grade subs/ --out subs/grades.csv``).

An output *folder* (``release --out``) may not hold an input either. The check
compares real paths (links resolved), so ``./a/../quizzes/x.yaml`` or a link
to the key is caught too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from coursekit.errors import CoursekitError

__all__ = ["OutputError", "guard_outputs"]


class OutputError(CoursekitError):
    """An output would write over, next to or into an input of the same command."""


def _real(path: str | Path) -> str:
    return os.path.realpath(os.path.abspath(path))  # noqa: PTH100 (realpath of a maybe-missing path)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def guard_outputs(
    outputs: Iterable[str | Path | None],
    inputs: Iterable[str | Path | None],
    *,
    out_folders: Iterable[str | Path | None] = (),
    beside: bool = False,
) -> None:
    """Refuse outputs that would write over, next to or into an input.

    Parameters
    ----------
    outputs
        Files the command will write (None entries are ignored).
    inputs
        Files and folders the command reads (None entries are ignored; missing
        paths are ignored, the command reports them itself).
    out_folders
        Folders the command writes into (``release --out``): none may be, or be
        inside, an input folder, hold an input, or be the folder of an input file.
    beside
        Allow outputs in the same folder as an input file (``quiz schema``
        writes ``quizzes/schema.json`` among the quizzes, never over one).

    Raises
    ------
    OutputError
        ``OUTPUT: reason``, naming the input and what to do.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> key = folder / "quizzes" / "02.yaml"
    >>> key.parent.mkdir(); _ = key.write_text("id: x")
    >>> guard_outputs([key], [key])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    coursekit._guard.OutputError: .../02.yaml: is an input of this command ...
    >>> guard_outputs([folder / "gradebook.csv"], [key])  # fine: another folder
    """
    given = [(Path(p), _real(p)) for p in inputs if p is not None and Path(p).exists()]
    files = [(p, r) for p, r in given if not Path(r).is_dir()]
    folders = [(p, r) for p, r in given if Path(r).is_dir()]
    for out in outputs:
        if out is None:
            continue
        real = _real(out)
        for shown, path in files:
            if real == path:
                msg = f"is an input of this command ({shown}); refusing to write over it: choose another file"
                raise OutputError(msg, path=out)
            if not beside and os.path.dirname(real) == os.path.dirname(path):  # noqa: PTH120
                msg = (
                    f"is in the folder of the input {shown}; refusing to write next to an input: "
                    "choose a file in another folder"
                )
                raise OutputError(msg, path=out)
        for shown, path in folders:
            if _inside(real, path):
                msg = f"is inside the input folder {shown}; choose a file outside it"
                raise OutputError(msg, path=out)
    for out in out_folders:
        if out is None:
            continue
        real = _real(out)
        for shown, path in given:
            is_dir = Path(path).is_dir()
            beside_file = not is_dir and real == os.path.dirname(path)  # noqa: PTH120
            if _inside(path, real) or beside_file or (is_dir and _inside(real, path)):
                msg = f"holds or is inside the input {shown}; choose a new folder for the output"
                raise OutputError(msg, path=out)
