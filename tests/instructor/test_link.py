"""``coursekit link``: an nbgitpuller link whose every value survives the round trip."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from coursekit.cli import main
from coursekit.instructor._common import InstructorError
from coursekit.instructor.link import course_link


def _query(url: str) -> dict[str, str]:
    parsed = parse_qs(urlsplit(url).query, strict_parsing=True)
    assert all(len(v) == 1 for v in parsed.values())
    return {k: v[0] for k, v in parsed.items()}


@pytest.mark.parametrize(
    ("hub", "base"),
    [
        ("https://hub.example.org", "https://hub.example.org"),
        ("https://hub.example.org/", "https://hub.example.org"),
        ("https://hub.example.org/hub/", "https://hub.example.org"),  # the hub page pasted
        ("http://uni.example/jupyter/", "http://uni.example/jupyter"),  # a base URL is kept
    ],
)
def test_link_goes_through_the_hubs_user_redirect(hub: str, base: str):
    link = course_link(hub, "https://github.com/me/coursekit")
    assert link.url.startswith(f"{base}/hub/user-redirect/git-pull?")


def test_values_are_percent_encoded_and_round_trip():
    repo = "https://git.example.org/a b/course&x=1?.git"
    link = course_link("https://h.org", "https://git.example.org/x/course.git", branch="spring+2025/week#1")
    q = _query(link.url)
    assert q == {
        "repo": "https://git.example.org/x/course.git",
        "branch": "spring+2025/week#1",
        "targetpath": "course",
        "urlpath": "lab/tree/course/notebooks/00-start-here.ipynb",
    }
    assert "#" not in link.url and "+" not in link.url.split("?", 1)[1]
    with pytest.raises(InstructorError, match="without spaces"):
        course_link("https://h.org", repo)


def test_voila_reading_mode_and_other_notebooks():
    q = _query(
        course_link("https://h.org", "file:///srv/course.git", notebook="05-review.ipynb", voila=True).url
    )
    assert q["urlpath"] == "voila/render/course/notebooks/05-review.ipynb"
    assert q["repo"] == "file:///srv/course.git" and q["targetpath"] == "course"
    q = _query(course_link("https://h.org", "git@github.com:me/course.git", notebook="extra/a.ipynb").url)
    assert q["urlpath"] == "lab/tree/course/extra/a.ipynb"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"hub": "hub.example.org"}, "--hub must be the hub's address"),
        ({"hub": "ftp://h.org"}, "--hub must be"),
        ({"notebook": "../secret.ipynb"}, "--notebook must be a notebook of the course"),
        ({"notebook": "notes.txt"}, "--notebook must be"),
        ({"branch": " "}, "--branch must be"),
    ],
)
def test_bad_input_is_one_clear_error(kwargs: dict[str, str], message: str):
    args = {"hub": "https://h.org", **kwargs}
    with pytest.raises(InstructorError, match=message):
        course_link(args.pop("hub"), "https://g.org/course", **args)


def test_cli_prints_only_the_link(capsys):
    assert main(["link", "--hub", "https://h.org", "--repo", "https://g.org/me/course", "--voila"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert _query(out.strip())["urlpath"] == "voila/render/course/notebooks/00-start-here.ipynb"
    assert main(["link", "--hub", "nope", "--repo", "https://g.org/c"]) == 1
    assert "--hub must be the hub's address" in capsys.readouterr().err
