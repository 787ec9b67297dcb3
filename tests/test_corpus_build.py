"""The raw articles, their manifest, and the reproducible cleaning."""

from __future__ import annotations

import hashlib
import re
import shutil

import pytest
import yaml

from coursekit.corpus.build import build_corpus, clean_text, load_sources, render_corpus
from coursekit.errors import DataError
from tests import goldens

from .conftest import DATA, ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
SOURCES = load_sources(DATA / "sources.yaml")
CORPUS = DATA / "corpus"


def cleaned(doc_id: str) -> str:
    return (CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8")


def test_five_raw_articles_with_their_delivered_names():
    raw = sorted(p.name for p in (DATA / "raw").iterdir())
    assert raw == sorted(s.seed_file for s in SOURCES)
    assert len(raw) == 5


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")
def test_raw_articles_are_byte_for_byte_the_seeds():
    for source in SOURCES:
        assert (DATA / "raw" / source.seed_file).read_bytes() == (SEEDS / source.seed_file).read_bytes()


def test_manifest_records_each_raw_sha256():
    for source in SOURCES:
        digest = hashlib.sha256((DATA / "raw" / source.seed_file).read_bytes()).hexdigest()
        assert digest == source.sha256, source.doc_id


def test_committed_corpus_equals_a_fresh_build():
    fresh = render_corpus(DATA)
    goldens.update_folder(CORPUS, fresh)  # --update-goldens: as `coursekit corpus build` does
    committed = {p.name: p.read_text(encoding="utf-8") for p in CORPUS.iterdir()}
    assert committed == fresh


def test_build_writes_into_another_folder(tmp_path):
    written = build_corpus(DATA, tmp_path / "out")
    assert {p.name for p in written} == {p.name for p in CORPUS.iterdir()}


def test_a_changed_raw_file_is_refused_with_its_name(data_copy):
    raw = data_copy / "raw" / SOURCES[0].seed_file
    raw.write_bytes(raw.read_bytes().replace(b"Semashko", b"Semashk0", 1))
    with pytest.raises(DataError) as err:
        render_corpus(data_copy)
    message = str(err.value)
    assert SOURCES[0].seed_file in message and "sha256" in message and "\n" not in message


def test_a_missing_raw_file_is_refused(data_copy):
    (data_copy / "raw" / SOURCES[1].seed_file).unlink()
    with pytest.raises(DataError, match=rf"{re.escape(SOURCES[1].seed_file)}.*missing"):
        render_corpus(data_copy)


def test_cleaning_removes_layout_but_keeps_paragraphs():
    for source in SOURCES:
        text = cleaned(source.doc_id)
        paragraphs = text.strip("\n").split("\n\n")
        assert all("\n" not in p for p in paragraphs), "hard line-wraps survived"
        assert not re.search(r"https?://", text), "bare URL survived"
        assert "Related article" not in text
        assert "Photo" not in text
        assert len(paragraphs) >= 5


def test_duplicated_title_caption_and_bio_are_removed():
    text = cleaned("living-integration")
    title = (
        "No Merger of Russia, Belarus, Just ‘Living Integration’, Kremlin Says after Putin-Lukashenko Meeting"
    )
    assert text.count(title) == 1
    assert "Presidency of Belarus" not in text  # photo credit
    assert "Ugly Bargain" not in text  # author bio
    # the unified-parliament caption repeated a body sentence and ended with a credit
    assert "Kremlin.ru" not in cleaned("unified-parliament")
    assert cleaned("unified-parliament").count("possible quiet annexation by Moscow") == 1


def test_every_removal_is_logged_with_its_rule():
    log = (CORPUS / "cleaning_log.csv").read_text(encoding="utf-8")
    for rule in ("url", "related", "duplicate", "caption", "bio"):
        assert f",{rule}," in log, rule
    assert "themoscowtimes.com/2025/" in log  # an impossible-year URL, removed and recorded


def test_typos_are_kept_verbatim():
    typos = [(s.doc_id, t) for s in SOURCES for t in s.typos]
    assert typos, "the manifest lists the authors' typos"
    for doc_id, typo in typos:
        assert typo in cleaned(doc_id), (doc_id, typo)


def test_spelling_variants_survive_cleaning():
    assert "Alyaksandr Lukashenka" in cleaned("sham-acceleration")
    assert "Aleksandr Lukashenko" in cleaned("deeper-ties")
    assert "Belarussian" in cleaned("unified-parliament")


def test_clean_text_joins_wraps_and_splits_indented_paragraphs():
    raw = " A headline that\nwraps\n A caption credit. Kremlin.ru\n\nBody line one\nline two.\n\nhttps://x.org/2026/01\n"
    paragraphs, removed = clean_text(raw)
    assert paragraphs == ["A headline that wraps", "Body line one line two."]
    assert ("caption", "A caption credit. Kremlin.ru") in removed
    assert ("url", "https://x.org/2026/01") in removed


def test_a_file_without_blank_lines_has_one_paragraph_per_line():
    paragraphs, _ = clean_text("Title\nFirst paragraph.\nSecond paragraph.\n")
    assert paragraphs == ["Title", "First paragraph.", "Second paragraph."]


def test_date_evidence_must_be_verbatim(data_copy):
    manifest = data_copy / "sources.yaml"
    doc = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    doc["sources"][2]["date_evidence"] = "on Thursday, April 22, 2021"
    manifest.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError, match=r"sources\.yaml: source living-integration: date_evidence"):
        render_corpus(data_copy)


@pytest.mark.parametrize(
    ("published", "precision", "message"),
    [
        ("2021", "week", "published: precision 'week' is not one of year, month, day"),
        ("2021-13", "month", "published: date '2021-13' does not match precision 'month' (YYYY-MM)"),
        ("2021-02-30", "day", "published: date '2021-02-30' is not a real date"),
    ],
)
def test_manifest_rejects_bad_dates(data_copy, published, precision, message):
    manifest = data_copy / "sources.yaml"
    doc = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    doc["sources"][3].update(published=published, precision=precision)
    manifest.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(message)):
        load_sources(manifest)


def test_stale_files_are_removed_by_a_build(data_copy):
    (data_copy / "corpus" / "old.txt").write_text("stale", encoding="utf-8")
    build_corpus(data_copy)
    assert not (data_copy / "corpus" / "old.txt").exists()
    shutil.rmtree(data_copy / "corpus")
    build_corpus(data_copy)
    assert (data_copy / "corpus" / "documents.csv").is_file()
