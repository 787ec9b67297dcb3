"""Who the student is on a JupyterHub: the authenticated hub user, not a self-declared id.

On Binder and on a laptop a student declares an id with
:func:`coursekit.quiz.set_student`. On a JupyterHub the single-user server is started
for one authenticated user, and the hub says who in ``JUPYTERHUB_USER``; there the
student id *is* that name, and nothing a student types can change it.

This closes the easy impersonation hole (``set_student("someone.else")``). It is not
the last line of defence: a student can change environment variables inside their
own kernel, so the instructor's side (``coursekit collect``) checks every submission
against what the server knows (the file's Unix owner, or the per-user folder the hub
mounted), never against the id written in the file.
"""

from __future__ import annotations

import os

from coursekit.errors import CoursekitError

__all__ = ["HUB_USER_ENV", "HubIdentityError", "hub_user", "refuse_other_student"]

HUB_USER_ENV = "JUPYTERHUB_USER"
"""Set by JupyterHub in every single-user server it starts."""


class HubIdentityError(CoursekitError):
    """A student id other than the hub user was asked for on a JupyterHub."""


def hub_user() -> str | None:
    """Return the JupyterHub user this server runs for, or None outside a hub.

    Examples
    --------
    >>> import os
    >>> os.environ.pop("JUPYTERHUB_USER", None) and None
    >>> hub_user() is None
    True
    """
    name = os.environ.get(HUB_USER_ENV, "").strip()
    return name or None


def refuse_other_student(hub: str, requested: str | None) -> None:
    """Raise :class:`HubIdentityError` if ``requested`` is an id other than ``hub``.

    Examples
    --------
    >>> refuse_other_student("anna", None)
    >>> refuse_other_student("anna", " anna ")
    >>> refuse_other_student("anna", "bob")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    coursekit.quiz.identity.HubIdentityError: you are signed in to JupyterHub as 'anna': ...
    """
    if requested is None or requested.strip() == hub:
        return
    msg = (
        f"you are signed in to JupyterHub as {hub!r}: your answers and submissions are saved "
        f"as {hub!r} and cannot be saved as {requested!r} (a student id can be chosen only "
        "on Binder or on your own computer)"
    )
    raise HubIdentityError(msg)
