"""No cell an outsider controls can run as a spreadsheet formula, in any CSV written (issue 13)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from coursekit.instructor.grade import grade_folder
from coursekit.instructor.report import write_report

from .conftest import QUIZZES
from .hostile import submission, write

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝")  # OWASP, and the full-width '='
HOSTILE = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1+1"]


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_every_csv_written_neutralises_hostile_cells(tmp_path: Path):
    subs = tmp_path / "subs"
    for i, text in enumerate(HOSTILE):
        doc = submission(f"s{i}")
        doc["answers"]["ambassador"] = text  # a text answer: quoted in the report's options
        folder = f"{'=+-@'[i % 4]}cmd{i}"  # a folder name: starts the gradebook's file column
        write(subs / folder, f"s{i}__sampler.json", doc)
    book = grade_folder(subs, QUIZZES)
    assert len(book.table) == len(HOSTILE) and not book.rejected
    gradebook = book.write_csv(tmp_path / "out" / "gradebook.csv")
    _, *tables = write_report(book, tmp_path / "out" / "report.html", charts=False)
    cells = {p.name: [c for row in _rows(p) for c in row] for p in (gradebook, *tables)}
    for name, found in cells.items():
        bad = [c for c in found if c.startswith(FORMULA_STARTS)]
        assert bad == [], (name, bad)
    assert "'=cmd0/s0__sampler.json" in cells["gradebook.csv"]
    assert "'-cmd2/s2__sampler.json" in cells["gradebook.csv"]
    assert "'@cmd3/s3__sampler.json" in cells["gradebook.csv"]
    answers = set(cells["report-options.csv"])
    assert '\'=hyperlink("http://evil","x")' in {a.casefold() for a in answers}
    assert "'@sum(a1)" in {a.casefold() for a in answers}
    # numbers stay numbers: totals and shares are not prefixed
    assert all(not c.startswith("'") for c in _rows(gradebook)[1][2:4])
