"""``coursekit link``: one nbgitpuller link per class.

A student who opens the link signs in to the hub; nbgitpuller then clones the course
into their home (or, the next time, merges the instructor's new commits while keeping
the student's own edits) and opens the first notebook, in JupyterLab or in Voila's
reading mode. The link has the form nbgitpuller documents::

    <hub>/hub/user-redirect/git-pull?repo=<repo>&branch=<branch>&targetpath=<dir>&urlpath=<where>

Every value is percent-encoded. ``targetpath`` is always given, so the folder (and so
``urlpath``) does not depend on whether the repository URL ends in ``.git``.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote, urlsplit

from coursekit.errors import CoursekitError
from coursekit.instructor._common import InstructorError

__all__ = ["CourseLink", "course_link", "default_repo"]

_DIR = re.compile(r"[A-Za-z0-9_][\w.-]*")


@dataclass(frozen=True)
class CourseLink:
    """A link and what it does."""

    url: str
    """The link to share."""
    repo: str
    """The repository pulled."""
    branch: str
    """Its branch."""
    folder: str
    """The folder it is cloned into, in each student's home."""
    opens: str
    """The path (under the single-user server) the link opens."""


def default_repo() -> str | None:
    """Return the ``origin`` remote of the course checkout, or None."""
    from coursekit.paths import project_root

    try:
        root = project_root()
        done = subprocess.run(
            ["git", "-C", str(root), "config", "--get", "remote.origin.url"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError, CoursekitError):  # no checkout, no git
        return None
    url = done.stdout.strip()
    return url or None


def _hub(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        msg = f"--hub must be the hub's address, e.g. https://hub.example.org, not {url!r}"
        raise InstructorError(msg)
    path = parts.path.rstrip("/")
    path = path.removesuffix("/hub")  # the hub's own page was pasted: keep its base URL only
    return f"{parts.scheme}://{parts.netloc}{path}"


def _folder(repo: str) -> str:
    name = repo.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1].removesuffix(".git")
    if not _DIR.fullmatch(name):
        msg = f"cannot name a folder after the repository {repo!r}; give a repository URL ending in its name"
        raise InstructorError(msg)
    return name


def course_link(
    hub: str,
    repo: str,
    *,
    branch: str = "main",
    notebook: str = "00-start-here.ipynb",
    voila: bool = False,
) -> CourseLink:
    """Return the nbgitpuller link that pulls ``repo`` and opens ``notebook``.

    Parameters
    ----------
    hub
        The hub's address (with its base URL, if any), e.g. ``https://hub.example.org``.
    repo
        The course's git repository, as the hub's servers can reach it.
    notebook
        A notebook of the course: a name in ``notebooks/`` or a path from the
        repository root.
    voila
        Open the notebook in Voila (reading mode: code hidden) instead of JupyterLab.

    Examples
    --------
    >>> link = course_link("https://hub.example.org/", "https://github.com/u/coursekit.git")
    >>> link.url  # doctest: +NORMALIZE_WHITESPACE
    'https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fu%2Fcoursekit.git&branch=main&targetpath=coursekit&urlpath=lab%2Ftree%2Fcoursekit%2Fnotebooks%2F00-start-here.ipynb'
    >>> course_link("https://h.org", "https://g.org/coursekit", notebook="05-review.ipynb", voila=True).opens
    'voila/render/coursekit/notebooks/05-review.ipynb'
    """
    base = _hub(hub)
    repo = repo.strip()
    if not repo or any(c.isspace() for c in repo):
        msg = f"--repo must be a git URL without spaces, not {repo!r}"
        raise InstructorError(msg)
    if not branch.strip() or any(c.isspace() for c in branch):
        msg = f"--branch must be a branch name without spaces, not {branch!r}"
        raise InstructorError(msg)
    nb = PurePosixPath(notebook.strip())
    if nb.suffix != ".ipynb" or nb.is_absolute() or ".." in nb.parts:
        msg = f"--notebook must be a notebook of the course, e.g. 00-start-here.ipynb, not {notebook!r}"
        raise InstructorError(msg)
    if len(nb.parts) == 1:
        nb = PurePosixPath("notebooks") / nb
    folder = _folder(repo)
    opens = f"{'voila/render' if voila else 'lab/tree'}/{folder}/{nb}"
    query = "&".join(
        f"{key}={quote(value, safe='')}"
        for key, value in (("repo", repo), ("branch", branch), ("targetpath", folder), ("urlpath", opens))
    )
    return CourseLink(f"{base}/hub/user-redirect/git-pull?{query}", repo, branch, folder, opens)
