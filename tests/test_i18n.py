"""The quiz speaks English, Russian and Belarusian: every message translated, catalogues compiled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from coursekit import i18n

SRC = Path(i18n.__file__).parent
PLACEHOLDER = re.compile(r"\{\w+\}")


def source_messages() -> set[str]:
    """Every message the code passes to gettext/ngettext (singular msgid), found by Babel."""
    found: set[str] = set()
    for path in sorted(SRC.rglob("*.py")):
        if "coursekit.i18n import" not in path.read_text(encoding="utf-8"):
            continue
        for _line, message, _comments, _context in extract_from_file("python", str(path)):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("lang", ["ru", "be"])
def test_every_message_is_translated(lang: str):
    with (i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "coursekit.po").open("rb") as handle:
        catalogue = read_po(handle, locale=lang)
    translated = {}
    for message in catalogue:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(s.strip() for s in strings), f"{lang}: {key!r} is not translated"
        for s in strings:
            assert set(PLACEHOLDER.findall(s)) == set(PLACEHOLDER.findall(key)), f"{lang}: {key!r} -> {s!r}"
        if isinstance(message.id, tuple):
            assert len(strings) == catalogue.num_plurals, f"{lang}: {key!r} lacks plural forms"
        assert not message.fuzzy, f"{lang}: {key!r} is marked fuzzy"
        translated[key] = strings
    wanted = source_messages()
    assert len(wanted) > 25, "the extraction found the quiz's messages"
    assert sorted(wanted - set(translated)) == [], f"{lang}: messages without a translation"
    assert sorted(set(translated) - wanted) == [], f"{lang}: translations of messages no longer used"


def test_the_compiled_catalogues_are_up_to_date():
    assert i18n.compile_catalogues(check=True) == [], "run: python -m coursekit.i18n"


def test_the_language_comes_from_coursekit_lang_then_jupyterlab(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("COURSEKIT_LANG", raising=False)
    monkeypatch.setenv("JUPYTERLAB_SETTINGS_DIR", str(tmp_path))
    assert i18n.language() == "en"  # nothing chosen
    settings = tmp_path / "@jupyterlab" / "translation-extension" / "plugin.jupyterlab-settings"
    settings.parent.mkdir(parents=True)
    settings.write_text('{\n  // JupyterLab writes comments\n  "locale": "ru_RU"\n}\n', encoding="utf-8")
    assert i18n.language() == "ru"
    assert i18n.gettext("Check") == "Проверить"
    monkeypatch.setenv("COURSEKIT_LANG", "be")
    assert i18n.language() == "be" and i18n.gettext("Check") == "Праверыць"
    monkeypatch.setenv("COURSEKIT_LANG", "fr")
    assert i18n.language() == "en" and i18n.gettext("Check") == "Check"


@pytest.mark.parametrize(
    ("n", "ru", "be"),
    [(1, "1 балл", "1 бал"), (3, "3 балла", "3 балы"), (5, "5 баллов", "5 балаў"), (21, "21 балл", "21 бал")],
)
def test_plural_forms_follow_each_language(n: int, ru: str, be: str, monkeypatch: pytest.MonkeyPatch):
    for lang, expected in (("ru", ru), ("be", be)):
        monkeypatch.setenv("COURSEKIT_LANG", lang)
        assert i18n.ngettext("{n} point", "{n} points", n).format(n=n) == expected


def test_the_quiz_speaks_russian(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    from coursekit.quiz import show

    monkeypatch.setenv("COURSEKIT_LANG", "ru")
    monkeypatch.setenv("COURSEKIT_PROGRESS", str(tmp_path))
    monkeypatch.setenv("COURSEKIT_QUIZZES", str(Path(__file__).parent / "quiz" / "fixtures" / "good"))
    qz = show("roadmaps", student="anna")
    qw = qz.question("open-items")
    assert qw.check_button.description == "Проверить" and qz.submit_button.description == "Отправить"
    assert "<strong>Вопрос 4</strong>" in qw.spec["heading_html"]
    qw.set_response(30)
    qw.check()
    assert qw.feedback_text.startswith("✗ Неверно. 0 из 1 балла.")
    assert "осталось 2 попытки" in qw.feedback_text
    assert str(qz.score).startswith("Баллы: 0 из 8")


@pytest.mark.parametrize(
    ("lang", "name"), [("ru", "Таблица: event"), ("be", "Табліца: event"), ("en", "Table: event")]
)
def test_a_course_table_is_named_in_the_students_language(
    lang: str, name: str, monkeypatch: pytest.MonkeyPatch
):
    """A screen reader names a table's scrolling region in the language of the rest of the UI."""
    import pandas as pd

    import coursekit as ck

    monkeypatch.setenv("COURSEKIT_LANG", lang)
    shown = ck.table(pd.DataFrame({"event": ["Sochi meeting"]}), index=False)._repr_html_()
    assert f'aria-label="{name}"' in shown


def test_the_essay_rubric_speaks_the_students_language_and_exports_stay_english(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    import zipfile

    from coursekit.instructor.export import export_quiz
    from coursekit.instructor.export.markdown import to_markdown
    from coursekit.quiz import load_quiz
    from coursekit.quiz.rubric import asked, rubric_html, rubric_lines, word_range

    essays = Path(__file__).parent / "instructor" / "fixtures" / "essays" / "essays.yaml"
    quiz = load_quiz(essays)
    q = next(q for q in quiz.questions if q.type == "essay")
    assert (q.min_words, q.max_words, q.rubric[0].points) == (20, 200, 4)
    monkeypatch.setenv("COURSEKIT_LANG", "ru")
    student = rubric_html(q, lang=None, region=True)  # the widget's: the student's language
    for russian in (
        "aria-label='Критерии оценивания'",
        "<caption>Критерии оценивания · от 20 до 200 слов</caption>",
        "<th scope='col'>Критерий</th><th scope='col'>Баллы</th><th scope='col'>Уровни</th>",
        "<td>4 балла</td>",
    ):
        assert russian in student, (russian, student)
    for english in ("Rubric", "Criterion", "Marks", "Levels", "marks", " to ", " words"):
        assert english not in student
    assert asked(q) == "(нужно: от 20 до 200 слов)"
    monkeypatch.setenv("COURSEKIT_LANG", "be")
    assert asked(q) == "(трэба: ад 20 да 200 слоў)"
    assert rubric_lines(q, lang=None)[0].startswith("Use of sources (4 балы): ")
    # the instructor's outputs stay English whatever the language
    assert "<caption>Rubric · 20 to 200 words</caption>" in rubric_html(q)
    assert word_range(q) == "20 to 200 words" and "(4 marks)" in rubric_lines(q)[0]
    paper, _key = to_markdown(quiz)
    assert "Write 20 to 200 words." in paper and "Use of sources (4 marks)" in paper
    archive = export_quiz(quiz, "qti", tmp_path / "essays.zip").files[0]
    with zipfile.ZipFile(archive) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
    assert "Criterion" in xml and "Rubric · 20 to 200 words" in xml and "Критер" not in xml
