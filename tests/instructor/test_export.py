"""``coursekit export``: GIFT, Canvas QTI 1.2 and Markdown, against golden files and parsers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from coursekit.instructor._common import InstructorError
from coursekit.instructor.export import export_quiz
from coursekit.instructor.export.gift import escape
from coursekit.instructor.export.qti import QTI_NS
from coursekit.quiz.loader import load_quiz

from .conftest import SAMPLER, assert_golden, run

NS = {"q": QTI_NS}
SKIPPED_ORDER = "quiz sampler: question leaders-since (order): skipped"


def _unescape_gift(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def test_gift_matches_golden_and_escapes_every_control_character(tmp_path: Path):
    result = export_quiz(SAMPLER, "gift", tmp_path / "sampler.gift.txt")
    text = result.files[0].read_text(encoding="utf-8")
    assert_golden("sampler.gift.txt", text)
    quiz = load_quiz(SAMPLER)
    blocks = [b for b in text.split("\n\n") if b.startswith("// ") and "::" in b]
    assert len(blocks) == result.questions == 6  # the order question is skipped
    for block in blocks:
        body = re.sub(r"\\.", "", block)  # drop escaped characters
        assert body.count("{") == 1 and body.count("}") == 1, block  # only the answer braces remain
    prompt = quiz.question("roadmap-items").prompt
    assert escape(prompt) in text and _unescape_gift(escape(prompt)) == prompt
    weights = re.findall(r"~%(-?[\d.]+)%", blocks[1])
    assert sorted(map(float, weights)) == [-50, -50, 50, 50]


def test_gift_and_qti_warn_once_per_thing_they_cannot_carry(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
):
    code, out, err = run(capsys, "export", SAMPLER, "--format", "gift", "--out", tmp_path / "s.txt")
    assert code == 0 and out == f"wrote {tmp_path / 's.txt'} (6 question(s), gift)\n"
    assert err.splitlines() == [
        "coursekit: warning: quiz sampler: question codes (multiple): worth 2 points here, but GIFT "
        "carries no points: set its mark in Moodle",
        f"coursekit: warning: {SKIPPED_ORDER}: GIFT has no ordering question",
        "coursekit: warning: quiz sampler: question ambassador (text): pattern "
        "'(ambassador )?(vladimir )?semashko' dropped: GIFT short answers have no regular expressions; "
        "only the listed answers are accepted",
    ]
    code, _, err = run(capsys, "export", SAMPLER, "--format", "qti", "--out", tmp_path / "s.zip")
    assert code == 0 and len(err.splitlines()) == 2 and SKIPPED_ORDER in err


def test_qti_zip_is_well_formed_canvas_qti(tmp_path: Path):
    path = export_quiz(SAMPLER, "qti", tmp_path / "sampler.zip").files[0]
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    assert sorted(files) == [
        "coursekit-sampler/assessment_meta.xml",
        "coursekit-sampler/coursekit-sampler.xml",
        "imsmanifest.xml",
    ]
    for name, data in files.items():
        assert_golden(f"sampler-qti/{name.rsplit('/', 1)[-1]}", data.decode("utf-8"))
        ET.fromstring(data)  # well-formed
    manifest = ET.fromstring(files["imsmanifest.xml"])
    hrefs = {f.get("href") for f in manifest.iter() if f.tag.endswith("file")}
    assert hrefs == set(files) - {"imsmanifest.xml"}
    root = ET.fromstring(files["coursekit-sampler/coursekit-sampler.xml"])
    quiz = load_quiz(SAMPLER)
    items = root.findall(".//q:item", NS)
    kinds = {
        i.get("title"): i.find(".//q:qtimetadatafield[q:fieldlabel='question_type']/q:fieldentry", NS).text
        for i in items
    }
    assert kinds == {
        "roadmap-items": "multiple_choice_question",
        "codes": "multiple_answers_question",
        "embassy": "true_false_question",
        "in-power-since": "numerical_question",
        "who-said": "matching_question",
        "ambassador": "short_answer_question",
    }
    for item in items:
        labels = {
            lab.get("ident"): lab.find(".//q:mattext", NS).text
            for lab in item.findall(".//q:response_label", NS)
            if lab.find(".//q:mattext", NS) is not None
        }
        q = quiz.question(item.get("title"))
        if q.type == "single":
            right = item.find(".//q:respcondition/q:conditionvar/q:varequal", NS).text
            assert labels[right] == q.answer
        if q.type == "multiple":
            both = item.find(".//q:conditionvar/q:and", NS)
            chosen = {labels[v.text] for v in both.findall("q:varequal", NS)}
            assert chosen == set(q.answer)
        if q.type == "numeric":
            assert item.find(".//q:vargte", NS).text == item.find(".//q:varlte", NS).text == "1994"
        if q.type == "match":
            for lid in item.findall(".//q:response_lid", NS):
                left = lid.find("q:material/q:mattext", NS).text
                cond = next(
                    c for c in item.iter(f"{{{QTI_NS}}}varequal") if c.get("respident") == lid.get("ident")
                )
                assert labels[cond.text] == q.pairs[left]
        if q.type == "text":
            accepted = [v.text for v in item.findall(".//q:conditionvar/q:varequal", NS)]
            assert accepted == list(q.answer)
    title = root.find("q:assessment", NS).get("title")
    assert title == quiz.title  # "<special>" and "&" survive the XML escaping


def test_markdown_quiz_and_separate_key(tmp_path: Path):
    paper, key = export_quiz(SAMPLER, "markdown", tmp_path / "sampler.md").files
    assert key.name == "sampler-key.md"
    assert_golden("sampler.md", paper.read_text(encoding="utf-8"))
    assert_golden("sampler-key.md", key.read_text(encoding="utf-8"))
    text = paper.read_text(encoding="utf-8")
    for q in load_quiz(SAMPLER).questions:
        assert q.explanation not in text and all(s.quote not in text for s in q.cited)
        assert q.explanation in key.read_text(encoding="utf-8")
    assert "Vladimir Semashko" not in text and "1994" not in text


def test_export_refuses_exam_copies_and_empty_results(tmp_path: Path):
    exam = Path(__file__).parents[1] / "quiz" / "fixtures" / "good" / "exam.yaml"
    with pytest.raises(InstructorError, match=r"exam copy .* export the practice quiz"):
        export_quiz(exam, "gift", tmp_path / "x.txt")
    only_order = tmp_path / "orders.yaml"
    text = SAMPLER.read_text(encoding="utf-8")
    start, end = text.index("  - id: leaders-since"), text.index("  - id: who-said")
    only_order.write_text(text[: text.index("questions:\n") + 11] + text[start:end], encoding="utf-8")
    only_order.write_text(only_order.read_text().replace("id: sampler", "id: orders"), encoding="utf-8")
    for fmt in ("gift", "qti"):
        with pytest.raises(InstructorError, match="nothing to export"):
            export_quiz(only_order, fmt, tmp_path / f"o.{fmt}")
        assert not (tmp_path / f"o.{fmt}").exists()


def _hostile_quiz():
    from coursekit.quiz.model import Quiz

    source = {"doc_id": "d", "quote": "<script>q</script>"}
    return Quiz.model_validate(
        {
            "id": "hostile",
            "title": "<b>T</b>",
            "questions": [
                {
                    "id": "share",
                    "type": "single",
                    "prompt": "<img src=x onerror=alert(1)> How many?",
                    "choices": ["%50%Half", " %100%All", "None"],
                    "answer": "None",
                    "explanation": "<i>e</i>",
                    "source": source,
                },
                {
                    "id": "parts",
                    "type": "order",
                    "prompt": "Order",
                    "items": ["<u>a</u>", "b"],
                    "answer": ["<u>a</u>", "b"],
                    "explanation": "e",
                    "source": source,
                },
            ],
        }
    )


def test_gift_never_turns_a_leading_percent_into_a_weight():
    from coursekit.instructor.export.gift import to_gift

    text, _, _ = to_gift(_hostile_quiz())
    answers = [line.strip() for line in text.splitlines() if line.strip()[:1] in ("~", "=")]
    assert len(answers) == 3
    assert not any(a[1:].lstrip().startswith("%") for a in answers), answers
    assert "~&\\#37;50%Half" in answers


def test_markdown_shows_html_in_author_text_and_never_runs_it():
    from coursekit.instructor.export.markdown import to_markdown

    paper, key = to_markdown(_hostile_quiz())
    for text in (paper, key):
        assert "<img" not in text and "<b>" not in text and "<u>" not in text and "<script" not in text
    assert "&lt;img src=x onerror=alert(1)&gt; How many?" in paper
    assert "&lt;i&gt;e&lt;/i&gt;" in key
