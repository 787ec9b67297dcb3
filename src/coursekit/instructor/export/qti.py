"""Canvas QTI 1.2 export: a zip to import with *Settings > Import course content > QTI .zip file*.

The zip holds, as Canvas's own exports do::

    imsmanifest.xml                         the IMS content package manifest
    coursekit-<quiz_id>/coursekit-<quiz_id>.xml       the assessment (QTI 1.2 items)
    coursekit-<quiz_id>/assessment_meta.xml           Canvas quiz settings (title, points)

==============  =============================  ============================================
coursekit type  Canvas question type           scoring in Canvas
==============  =============================  ============================================
``single``      ``multiple_choice_question``   the right choice
``multiple``    ``multiple_answers_question``  all right choices and no wrong one; Canvas
                                               gives partial credit by its own rule
``true_false``  ``true_false_question``        the right value
``numeric``     ``numerical_question``         answer ± tolerance
``match``       ``matching_question``          each left item adds its share; distractors
                                               are extra options
``text``        ``short_answer_question``      any listed answer (a ``pattern`` is dropped,
                                               with a warning)
``order``       none                           skipped, with a warning
==============  =============================  ============================================

Each type is rendered by one function in :data:`RENDERERS`; a new question type
adds itself with :func:`register`. A type without a renderer is skipped, with a
warning.

Prompts are rendered to HTML (:func:`coursekit.quiz.render.to_html`); the
explanation and source become the question's general feedback. Points are kept.
The XML is built with :mod:`xml.etree.ElementTree`, so it is well-formed whatever
the text, and the zip is byte-for-byte reproducible.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coursekit.instructor._common import InstructorError, write_bytes
from coursekit.instructor.export._base import Export, warning

__all__ = ["QTI_NS", "RENDERERS", "Build", "Item", "QtiRenderer", "qti_files", "register", "write_qti"]

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
"""The QTI 1.2 namespace."""
_CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
_CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Item:
    """The parts of one QTI item that a type's renderer fills in."""

    quiz: Any
    """The quiz."""
    q: Any
    """The question."""
    ident: str
    """The item's identifier (response labels are ``<ident>-<n>``)."""
    presentation: ET.Element
    """Where the prompt is: the renderer adds the response elements."""
    resprocessing: ET.Element
    """Where the score is set: the renderer adds the conditions."""


Build = Callable[[Item], tuple[list[str], list[str]]]
"""Fills in an :class:`Item`; returns the answer ids (``original_answer_ids``) and warnings."""


@dataclass(frozen=True)
class QtiRenderer:
    """How QTI renders one question type."""

    canvas_type: str
    """Canvas's ``question_type``."""
    render: Build
    """Fills in an :class:`Item`; returns the answer ids (``original_answer_ids``) and warnings."""


RENDERERS: dict[str, QtiRenderer] = {}
"""Question type -> its QTI renderer."""
_NO_SUCH = {"order": "ordering"}
"""How a skip warning names a type QTI lacks (default: the type's name)."""


def register(type_name: str, canvas_type: str) -> Callable[[Build], Build]:
    """Register the decorated function as the QTI renderer of ``type_name`` (Canvas's ``canvas_type``)."""

    def add(render: Build) -> Build:
        RENDERERS[type_name] = QtiRenderer(canvas_type, render)
        return render

    return add


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _material(parent: ET.Element, html: str) -> None:
    _sub(_sub(parent, "material"), "mattext", html, texttype="text/html")


def _number(value: float) -> str:
    return format(value, ".15g")


def _prompt_html(q: Any) -> str:
    from coursekit.quiz.render import escape, to_html

    html = to_html(q.prompt)
    if getattr(q, "unit", None):
        html += f"<p>(in {escape(q.unit)})</p>"
    return html


def _feedback_html(q: Any) -> str:
    from coursekit.quiz.render import escape, to_html

    cited = "".join(f"<p>Source: {escape(s.doc_id)}, “{escape(s.quote)}”</p>" for s in q.cited)
    return to_html(q.explanation) + cited


def _set_score(resprocessing: ET.Element, condition: ET.Element) -> None:
    respcondition = _sub(resprocessing, "respcondition", **{"continue": "No"})
    respcondition.append(condition)
    _sub(respcondition, "setvar", "100", action="Set", varname="SCORE")


def _item(section: ET.Element, quiz: Any, quiz_ident: str, q: Any, renderer: QtiRenderer) -> list[str]:
    """Add the item of one question to ``section``; return the renderer's warnings."""
    ident = f"{quiz_ident}-{q.id}"
    item = _sub(section, "item", ident=ident, title=q.id)
    meta = _sub(_sub(item, "itemmetadata"), "qtimetadata")

    def field(label: str, entry: str) -> ET.Element:
        box = _sub(meta, "qtimetadatafield")
        _sub(box, "fieldlabel", label)
        return _sub(box, "fieldentry", entry)

    field("question_type", renderer.canvas_type)
    field("points_possible", _number(q.points))
    original = field("original_answer_ids", "")
    field("assessment_question_identifierref", f"{ident}-ref")

    presentation = _sub(item, "presentation")
    _material(presentation, _prompt_html(q))
    resprocessing = ET.Element("resprocessing")
    outcomes = _sub(resprocessing, "outcomes")
    _sub(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    general = _sub(resprocessing, "respcondition", **{"continue": "Yes"})
    _sub(_sub(general, "conditionvar"), "other")
    _sub(general, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    answer_ids, warnings = renderer.render(Item(quiz, q, ident, presentation, resprocessing))
    original.text = ",".join(answer_ids)
    item.append(resprocessing)
    feedback = _sub(item, "itemfeedback", ident="general_fb")
    _material(_sub(feedback, "flow_mat"), _feedback_html(q))
    return warnings


def _choice(item: Item, labels: list[tuple[str, bool]], *, multiple: bool) -> list[str]:
    """A choice among ``labels`` (text, is right); return the label ids."""
    from coursekit.quiz.render import inline_html

    lid = _sub(
        item.presentation,
        "response_lid",
        ident="response1",
        rcardinality="Multiple" if multiple else "Single",
    )
    choice = _sub(lid, "render_choice")
    idents = []
    for n, (text, _) in enumerate(labels, 1):
        label_id = f"{item.ident}-{n}"
        idents.append(label_id)
        _material(_sub(choice, "response_label", ident=label_id), inline_html(text))
    condition = ET.Element("conditionvar")
    if multiple:
        both = _sub(condition, "and")
        for label_id, (_, is_right) in zip(idents, labels, strict=True):
            target = both if is_right else _sub(both, "not")
            _sub(target, "varequal", label_id, respident="response1")
    else:
        right_id = next(i for i, (_, ok) in zip(idents, labels, strict=True) if ok)
        _sub(condition, "varequal", right_id, respident="response1")
    _set_score(item.resprocessing, condition)
    return idents


@register("single", "multiple_choice_question")
def _single(item: Item) -> tuple[list[str], list[str]]:
    q = item.q
    return _choice(item, [(c, c == q.answer) for c in q.choices], multiple=False), []


@register("multiple", "multiple_answers_question")
def _multiple(item: Item) -> tuple[list[str], list[str]]:
    q = item.q
    return _choice(item, [(c, c in set(q.answer)) for c in q.choices], multiple=True), []


@register("true_false", "true_false_question")
def _true_false(item: Item) -> tuple[list[str], list[str]]:
    q = item.q
    return _choice(item, [("True", q.answer is True), ("False", q.answer is False)], multiple=False), []


@register("numeric", "numerical_question")
def _numeric(item: Item) -> tuple[list[str], list[str]]:
    q = item.q
    fib = _sub(
        _sub(item.presentation, "response_str", ident="response1", rcardinality="Single"),
        "render_fib",
        fibtype="Decimal",
    )
    _sub(fib, "response_label", ident="answer1")
    condition = ET.Element("conditionvar")
    either = _sub(condition, "or")
    _sub(either, "varequal", _number(q.answer), respident="response1")
    within = _sub(either, "and")
    _sub(within, "vargte", _number(q.answer - q.tolerance), respident="response1")
    _sub(within, "varlte", _number(q.answer + q.tolerance), respident="response1")
    _set_score(item.resprocessing, condition)
    return [], []


@register("text", "short_answer_question")
def _text(item: Item) -> tuple[list[str], list[str]]:
    q = item.q
    warnings = []
    if q.pattern:
        message = (
            f"pattern '{q.pattern}' dropped: Canvas short answers have no regular expressions; "
            "only the listed answers are accepted"
        )
        warnings.append(warning(item.quiz, q, message))
    fib = _sub(
        _sub(item.presentation, "response_str", ident="response1", rcardinality="Single"), "render_fib"
    )
    _sub(fib, "response_label", ident="answer1", rshuffle="No")
    condition = ET.Element("conditionvar")
    for accepted in q.answer:
        _sub(condition, "varequal", accepted, respident="response1")
    _set_score(item.resprocessing, condition)
    return [], warnings


@register("match", "matching_question")
def _match(item: Item) -> tuple[list[str], list[str]]:
    from coursekit.quiz.render import inline_html

    q, ident = item.q, item.ident
    options = list(dict.fromkeys([*q.pairs.values(), *q.distractors]))
    option_ids = {text: f"{ident}-o{n}" for n, text in enumerate(options, 1)}
    share = _number(round(100 / len(q.pairs), 4))
    for n, (left, right) in enumerate(q.pairs.items(), 1):
        lid = _sub(item.presentation, "response_lid", ident=f"response_{ident}-l{n}")
        _sub(_sub(lid, "material"), "mattext", left, texttype="text/plain")
        choice = _sub(lid, "render_choice")
        for text, option_id in option_ids.items():
            _material(_sub(choice, "response_label", ident=option_id), inline_html(text))
        respcondition = _sub(item.resprocessing, "respcondition")
        _sub(
            _sub(respcondition, "conditionvar"),
            "varequal",
            option_ids[right],
            respident=f"response_{ident}-l{n}",
        )
        _sub(respcondition, "setvar", share, varname="SCORE", action="Add")
    return list(option_ids.values()), []


@register("essay", "essay_question")
def _essay(item: Item) -> tuple[list[str], list[str]]:
    from coursekit.quiz.rubric import rubric_html

    _material(item.presentation, rubric_html(item.q))
    fib = _sub(
        _sub(item.presentation, "response_str", ident="response1", rcardinality="Single"), "render_fib"
    )
    _sub(fib, "response_label", ident="answer1", rshuffle="No")
    return [], []


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()


def _manifest(ident: str) -> bytes:
    root = ET.Element("manifest", {"identifier": f"{ident}-manifest", "xmlns": _CP_NS})
    metadata = _sub(root, "metadata")
    _sub(metadata, "schema", "IMS Content")
    _sub(metadata, "schemaversion", "1.1.3")
    _sub(root, "organizations")
    resources = _sub(root, "resources")
    resource = _sub(resources, "resource", identifier=ident, type="imsqti_xmlv1p2")
    _sub(resource, "file", href=f"{ident}/{ident}.xml")
    _sub(resource, "dependency", identifierref=f"{ident}-meta")
    meta = _sub(
        resources,
        "resource",
        identifier=f"{ident}-meta",
        type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
        href=f"{ident}/assessment_meta.xml",
    )
    _sub(meta, "file", href=f"{ident}/assessment_meta.xml")
    return _xml(root)


def _assessment_meta(ident: str, quiz: Any, points: float) -> bytes:
    root = ET.Element("quiz", {"identifier": ident, "xmlns": _CANVAS_NS})
    _sub(root, "title", quiz.title)
    _sub(root, "description", "")
    _sub(root, "shuffle_answers", "true" if quiz.settings.shuffle else "false")
    _sub(root, "scoring_policy", "keep_highest")
    _sub(root, "quiz_type", "assignment")
    _sub(root, "points_possible", _number(points))
    _sub(root, "allowed_attempts", "1")
    _sub(root, "show_correct_answers", "true")
    _sub(root, "available", "false")
    return _xml(root)


def qti_files(quiz: Any) -> tuple[dict[str, bytes], list[str], int]:
    """Return the files of the QTI package (name -> bytes), the warnings, and the question count.

    Examples
    --------
    >>> from coursekit.quiz.model import Quiz
    >>> quiz = Quiz.model_validate({"id": "demo", "title": "Demo & co", "questions": [
    ...     {"id": "n", "type": "numeric", "prompt": "How many <items>?", "answer": 31,
    ...      "tolerance": 0.5, "explanation": "e", "source": {"doc_id": "d", "quote": "q"}}]})
    >>> files, warnings, n = qti_files(quiz)
    >>> sorted(files)
    ['coursekit-demo/assessment_meta.xml', 'coursekit-demo/coursekit-demo.xml', 'imsmanifest.xml']
    >>> import xml.etree.ElementTree as ET
    >>> root = ET.fromstring(files["coursekit-demo/coursekit-demo.xml"])
    >>> [e.text for e in root.iter(f"{{{QTI_NS}}}vargte")], root[0].get("title")
    (['30.5'], 'Demo & co')
    """
    ident = f"coursekit-{quiz.id}"
    root = ET.Element("questestinterop", {"xmlns": QTI_NS})
    assessment = _sub(root, "assessment", ident=ident, title=quiz.title)
    meta = _sub(_sub(assessment, "qtimetadata"), "qtimetadatafield")
    _sub(meta, "fieldlabel", "cc_maxattempts")
    _sub(meta, "fieldentry", "1")
    section = _sub(assessment, "section", ident="root_section")
    warnings: list[str] = []
    count, points = 0, 0.0
    for q in quiz.questions:
        renderer = RENDERERS.get(q.type)
        if renderer is None:
            name = _NO_SUCH.get(q.type, q.type)
            warnings.append(warning(quiz, q, f"skipped: Canvas (QTI 1.2) has no {name} question"))
            continue
        warnings.extend(_item(section, quiz, ident, q, renderer))
        count += 1
        points += q.points
    # ElementTree writes the namespace as a plain attribute: children inherit it.
    files = {
        "imsmanifest.xml": _manifest(ident),
        f"{ident}/{ident}.xml": _xml(root),
        f"{ident}/assessment_meta.xml": _assessment_meta(ident, quiz, points),
    }
    return files, warnings, count


def write_qti(quiz: Any, path: str | Path) -> Export:
    """Write a quiz as a Canvas QTI 1.2 zip to ``path``.

    Raises
    ------
    InstructorError
        If QTI can express none of the questions, or the file cannot be written.
    """
    files, warnings, count = qti_files(quiz)
    if count == 0:
        msg = f"quiz {quiz.id}: nothing to export: QTI can express none of its questions"
        raise InstructorError(msg)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return Export(files=(write_bytes(path, buffer.getvalue()),), warnings=tuple(warnings), questions=count)
