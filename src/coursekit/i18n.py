"""The language of what students read in the quiz, tables and charts: gettext catalogues, chosen per student.

Catalogues live in ``coursekit/locale/<lang>/LC_MESSAGES/coursekit.po`` (edited by
people) and ``.mo`` (compiled by Babel: ``python -m coursekit.i18n``; a test checks
they are up to date). English is the source language. A new message is wrapped in
``gettext``/``ngettext`` where it is said; ``tests/test_i18n.py`` extracts every
message with Babel and names any that a catalogue lacks.

The language is ``$COURSEKIT_LANG`` if set, else JupyterLab's own display language
(its translation settings in
``~/.jupyter/lab/user-settings/@jupyterlab/translation-extension/plugin.jupyterlab-settings``,
or under ``$JUPYTERLAB_SETTINGS_DIR``), else English. ``ru_RU``, ``ru-RU`` and
``ru`` all mean Russian; a language with no catalogue falls back to English.

Examples
--------
>>> import os
>>> os.environ["COURSEKIT_LANG"] = "ru_RU.UTF-8"
>>> language()
'ru'
>>> del os.environ["COURSEKIT_LANG"]
"""

from __future__ import annotations

import gettext as _gettext
import json
import os
import re
from functools import lru_cache
from pathlib import Path

__all__ = [
    "LANGUAGES",
    "LOCALE_DIR",
    "compile_catalogues",
    "gettext",
    "language",
    "ngettext",
    "translation",
]

LOCALE_DIR = Path(__file__).parent / "locale"
"""Where the catalogues are."""
DOMAIN = "coursekit"
LANGUAGES = ("en", "ru", "be")
"""The languages the quiz speaks (English is the source)."""
_LAB_SETTINGS = Path("@jupyterlab", "translation-extension", "plugin.jupyterlab-settings")
_LOCALE_RE = re.compile(r'"locale"\s*:\s*"([^"\\]{1,40})"')


def _normalise(code: str) -> str | None:
    """``ru_RU``, ``ru-RU``, ``RU`` -> ``ru``; None if not a language we have."""
    base = re.split(r"[_\-.@]", code.strip().lower(), maxsplit=1)[0]
    return base if base in LANGUAGES else None


def _lab_settings_file() -> Path:
    root = os.environ.get("JUPYTERLAB_SETTINGS_DIR")
    base = Path(root) if root else Path.home() / ".jupyter" / "lab" / "user-settings"
    return base / _LAB_SETTINGS


@lru_cache(maxsize=8)
def _lab_locale(path: Path, mtime_ns: int) -> str | None:
    try:
        text = path.read_text(encoding="utf-8")[:20_000]
    except (OSError, UnicodeDecodeError):
        return None
    try:  # JupyterLab writes JSON5 (comments allowed): try JSON, then a plain search
        doc = json.loads(text)
        found = doc.get("locale") if isinstance(doc, dict) else None
    except ValueError:
        match = _LOCALE_RE.search(text)
        found = match.group(1) if match else None
    return found if isinstance(found, str) else None


def language() -> str:
    """The language code to speak: ``en``, ``ru`` or ``be`` (see the module docstring)."""
    env = os.environ.get("COURSEKIT_LANG")
    if env:
        return _normalise(env) or "en"
    path = _lab_settings_file()
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return "en"
    code = _lab_locale(path, mtime)
    return (_normalise(code) if code else None) or "en"


@lru_cache(maxsize=len(LANGUAGES))
def _catalogue(lang: str) -> _gettext.NullTranslations:
    return _gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


def translation(lang: str | None = None) -> _gettext.NullTranslations:
    """The catalogue of ``lang`` (``"en"``, ``"ru_RU"``, ...), or of the student's language if None.

    For output whose language its caller decides (an instructor's export stays
    English whatever ``$COURSEKIT_LANG`` says). A language with no catalogue
    gives English.

    Examples
    --------
    >>> translation("ru").gettext("Check")
    'Проверить'
    >>> translation("en").gettext("Check")
    'Check'
    """
    return _catalogue((_normalise(lang) or "en") if lang is not None else language())


def gettext(message: str) -> str:
    """``message`` in the student's language."""
    return _catalogue(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """``singular`` or ``plural`` (by the language's plural rules for ``n``), translated."""
    return _catalogue(language()).ngettext(singular, plural, n)


def _messages(mo: bytes) -> dict[object, str]:
    """The translations in a compiled catalogue, without its header (Babel dates it)."""
    import io

    catalogue = _gettext.GNUTranslations(io.BytesIO(mo))
    return {k: v for k, v in catalogue._catalog.items() if k != ""}  # type: ignore[attr-defined]


def compile_catalogues(check: bool = False) -> list[Path]:
    """Compile every ``.po`` catalogue to its ``.mo`` with Babel; return the ``.mo`` files.

    With ``check=True`` nothing is written: the ``.mo`` files that are missing or
    differ from what the ``.po`` files compile to are returned instead.
    """
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    stale: list[Path] = []
    for po in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po.open("rb") as handle:
            catalogue = read_po(handle, locale=po.parent.parent.name, domain=DOMAIN)
        buffer = io.BytesIO()
        write_mo(buffer, catalogue)
        mo = po.with_suffix(".mo")
        if check:
            if not mo.is_file() or _messages(mo.read_bytes()) != _messages(buffer.getvalue()):
                stale.append(mo)
        else:
            mo.write_bytes(buffer.getvalue())
            stale.append(mo)
    return stale


if __name__ == "__main__":  # python -m coursekit.i18n: compile the catalogues
    for written in compile_catalogues():
        print(written)
