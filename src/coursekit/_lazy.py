"""Public names that load on first use (PEP 562), for coursekit's packages.

``import coursekit``, ``import coursekit.quiz`` and ``import coursekit.instructor``
stay light: each lists its public names and the module that defines each, and
:func:`attach` gives the package the module-level ``__getattr__`` and ``__dir__``
that import that module when a name is first used.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["attach"]


def attach(package: str, names: dict[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``, whose ``names`` load on first use.

    Parameters
    ----------
    package
        The package's ``__name__``.
    names
        Public name -> the module that defines it. A submodule is listed as itself
        (``"corpus": "coursekit.corpus"``) and is the value of its name.

    Examples
    --------
    >>> import coursekit.quiz as quiz
    >>> "score" in dir(quiz)
    True
    >>> quiz.no_such_name
    Traceback (most recent call last):
    ...
    AttributeError: module 'coursekit.quiz' has no attribute 'no_such_name'
    """
    namespace = sys.modules[package].__dict__

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            msg = f"module {package!r} has no attribute {name!r}"
            raise AttributeError(msg)
        found = importlib.import_module(module)
        value = found if module == f"{package}.{name}" else getattr(found, name)
        namespace[name] = value  # found once: the next use is a plain attribute
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(names))

    return __getattr__, __dir__
