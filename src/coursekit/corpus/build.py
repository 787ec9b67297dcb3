"""Build the cleaned corpus (``data/corpus/``) from the raw articles (``data/raw/``).

The raw articles arrive as they were delivered: hard-wrapped lines, duplicated
headlines, photo captions and credits, "Related article" lines, bare URLs and an
author bio. Cleaning is this code, so it is reproducible: ``coursekit corpus
build`` regenerates ``data/corpus/`` and a test checks that the committed files
equal a fresh build.

Cleaning removes layout, never words. Typos stay ("projet", "miltiary"): a quote
must be verbatim. Every removal is written to ``data/corpus/cleaning_log.csv``
with its reason, so a learner can see exactly what was taken out.

The rules, in order:

1. ``split``: a blank line ends a paragraph; so does a line that starts with
   whitespace (how these files mark a new paragraph inside a block). A file
   without any blank line has one paragraph per line.
2. ``url``: a line that is only a URL is removed.
3. ``related``: a line starting with "Related article:" is removed.
4. hard wraps: the remaining lines of a paragraph are joined with one space.
5. ``bullet``: a leading bullet glyph is removed from a paragraph.
6. ``duplicate``: a paragraph identical to the one before it is removed.
7. ``caption``: a paragraph that is a photo caption or credit is removed: it
   starts with "Photo", contains "Photo:", or ends with a bare domain credit
   such as "Kremlin.ru".
8. ``bio``: a last paragraph that is an author bio ("X is the author of...")
   is removed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from coursekit.corpus.dates import BOUND_BASES, edtf_bounds, parse_day, tightest
from coursekit.corpus.documents import DOCUMENT_COLUMNS
from coursekit.corpus.reading import Where
from coursekit.errors import DataError

__all__ = ["CleanedDocument", "Source", "build_corpus", "clean_text", "load_sources"]

LOG_COLUMNS = ["doc_id", "rule", "removed"]

_URL_LINE = re.compile(r"^\s*https?://\S+\s*$")
_RELATED = re.compile(r"^\s*Related article:", re.IGNORECASE)
_BULLET = re.compile(r"^[•·▪●◦‣\-\*]\s+")
_CAPTION = re.compile(r"(^Photo\b)|(\bPhoto:\s)|(\s[A-Za-z0-9-]+\.(ru|by|com|org|net|ua)$)")
_BIO = re.compile(
    r"^[A-Z][\w'-]+ [A-Z][\w'-]+, .*\bis (the|an?) "
    r"(author|editor|journalist|founder|analyst|correspondent)\b"
)


@dataclass(frozen=True)
class Source:
    """One entry of ``data/sources.yaml``: a raw article and what we know of it."""

    doc_id: str
    """Readable slug, used by events and quizzes."""
    seed_file: str
    """File name in ``data/raw/``, exactly as delivered."""
    sha256: str
    """Checksum the raw file must have."""
    has_title: bool
    """Whether the article's first paragraph is its headline."""
    title: str
    """Editorial title, used only when the article has none."""
    outlet: str
    """Publishing outlet, as far as the text supports it; may be empty."""
    outlet_evidence: str
    """How the outlet is known, or why it is not."""
    author: str
    """Byline; may be empty."""
    earliest: str
    """ISO day: the first day the article can have been written."""
    earliest_basis: str
    """``proved`` or ``inferred``: how ``earliest`` is known."""
    earliest_evidence: str
    """Verbatim quote from the cleaned text that sets ``earliest``."""
    earliest_note: str
    """The argument for ``earliest``, in words."""
    latest: str
    """ISO day: the last day the article can have been written."""
    latest_basis: str
    """``proved`` or ``inferred``: how ``latest`` is known."""
    latest_evidence: str
    """Verbatim quote from the cleaned text that sets ``latest``."""
    latest_note: str
    """The argument for ``latest``, in words."""
    archive_date: str
    """Outside context: the exact ISO day a public archive gives; may be empty."""
    archive_source: str
    """Outside context: that archive's URL and a word on it; empty with ``archive_date``."""
    date_evidence: str
    """Verbatim quote from the cleaned text that dates or bounds the article."""
    date_note: str
    """The dating argument, in words."""
    typos: tuple[str, ...] = ()
    """Authors' misspellings that cleaning must keep."""

    @property
    def published(self) -> str:
        """The tightest statement ``earliest`` and ``latest`` support (EDTF)."""
        return tightest(parse_day(self.earliest), parse_day(self.latest))[0]

    @property
    def precision(self) -> str:
        """``year``, ``month``, ``day`` or ``interval``: the form of :attr:`published`."""
        return tightest(parse_day(self.earliest), parse_day(self.latest))[1]


@dataclass
class CleanedDocument:
    """The result of cleaning one article."""

    source: Source
    """The manifest entry it came from."""
    title: str
    """Headline (or the editorial title)."""
    paragraphs: list[str]
    """The cleaned paragraphs, headline first when the article has one."""
    removed: list[tuple[str, str]] = field(default_factory=list)
    """``(rule, text)`` for everything cleaning removed."""

    @property
    def text(self) -> str:
        """The cleaned text: paragraphs separated by one blank line."""
        return "\n\n".join(self.paragraphs) + "\n"


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def load_sources(path: Path) -> list[Source]:
    """Read and validate ``sources.yaml``.

    Raises
    ------
    DataError
        Naming the file and the entry when the manifest is missing or invalid.
    """
    import yaml

    if not path.is_file():
        msg = "manifest not found"
        raise DataError(msg, path=path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        msg = f"not a valid YAML file ({_one_line(exc)})"
        raise DataError(msg, path=path) from None
    entries = raw.get("sources") if isinstance(raw, dict) else None
    if not isinstance(entries, list) or not entries:
        msg = "expected a top-level 'sources:' list"
        raise DataError(msg, path=path)
    text_fields = [
        "doc_id",
        "seed_file",
        "sha256",
        "outlet",
        "outlet_evidence",
        "author",
        "earliest",
        "earliest_basis",
        "earliest_evidence",
        "earliest_note",
        "latest",
        "latest_basis",
        "latest_evidence",
        "latest_note",
        "archive_date",
        "archive_source",
        "date_evidence",
        "date_note",
    ]
    sources: list[Source] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries, start=1):
        item = entry.get("doc_id", f"#{i}") if isinstance(entry, dict) else f"#{i}"
        where: Where = {"path": path, "item": str(item), "item_kind": "source"}
        if not isinstance(entry, dict):
            msg = "each source must be a mapping"
            raise DataError(msg, **where)
        missing = [k for k in [*text_fields, "has_title"] if k not in entry]
        if missing:
            msg = f"missing keys: {', '.join(missing)}"
            raise DataError(msg, **where)
        values = {k: _one_line(entry[k]) for k in text_fields}
        _check_dates(values, where)
        if values["doc_id"] in seen:
            msg = "duplicate doc_id"
            raise DataError(msg, **where)
        seen.add(values["doc_id"])
        has_title = bool(entry["has_title"])
        title = _one_line(entry.get("title", ""))
        if not has_title and not title:
            msg = "an article without a headline needs an editorial 'title'"
            raise DataError(msg, **where)
        sources.append(
            Source(
                has_title=has_title,
                title=title,
                typos=tuple(str(t) for t in entry.get("typos") or ()),
                **values,
            )
        )
    return sources


def _check_dates(values: dict[str, str], where: Where) -> None:
    """Check an entry's date bounds, and that ``published`` says exactly what they say."""
    days = {}
    for bound in ("earliest", "latest"):
        try:
            days[bound] = parse_day(values[bound])
        except ValueError as exc:
            msg = f"{bound}: {exc}"
            raise DataError(msg, **where) from None
        basis = values[f"{bound}_basis"]
        if basis not in BOUND_BASES:
            msg = f"{bound}_basis {basis!r} is not one of {', '.join(BOUND_BASES)}"
            raise DataError(msg, **where)
        if not values[f"{bound}_evidence"] or not values[f"{bound}_note"]:
            msg = f"{bound} needs its {bound}_evidence (a verbatim quote) and {bound}_note"
            raise DataError(msg, **where)
    try:
        published, _ = tightest(days["earliest"], days["latest"])
    except ValueError as exc:
        raise DataError(str(exc), **where) from None
    # The EDTF library reads the statement back: it must mean exactly the two bounds.
    if edtf_bounds(published) != (days["earliest"], days["latest"]):
        msg = f"published {published!r} does not span {values['earliest']}..{values['latest']}"
        raise DataError(msg, **where)
    if values["archive_date"]:
        try:
            parse_day(values["archive_date"])
        except ValueError as exc:
            msg = f"archive_date: {exc}"
            raise DataError(msg, **where) from None
        if not values["archive_source"].startswith("https://"):
            msg = "archive_date needs an archive_source starting with the public https:// URL"
            raise DataError(msg, **where)
    elif values["archive_source"]:
        msg = "archive_source given without an archive_date"
        raise DataError(msg, **where)


def read_raw(raw_dir: Path, source: Source) -> str:
    """Return a raw article's text after checking it against the manifest's sha256.

    Raises
    ------
    DataError
        If the file is missing, differs from its recorded checksum, or is not UTF-8.
    """
    path = raw_dir / source.seed_file
    if not path.is_file():
        msg = "raw article is missing"
        raise DataError(msg, path=path, item=source.doc_id, item_kind="source")
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != source.sha256:
        msg = (
            f"sha256 {digest[:12]}... differs from the manifest's {source.sha256[:12]}...: "
            "the raw article was changed; restore it from the delivered seeds"
        )
        raise DataError(
            msg,
            path=path,
            item=source.doc_id,
            item_kind="source",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        msg = f"not UTF-8 ({exc.reason} at byte {exc.start})"
        raise DataError(msg, path=path) from None


def _split(raw: str) -> tuple[list[list[str]], list[tuple[str, str]]]:
    """Rules 1-3: split into paragraphs of lines, dropping URL and related lines."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    has_blank = any(not line.strip() for line in lines[:-1])
    removed: list[tuple[str, str]] = []
    paragraphs: list[list[str]] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            paragraphs.append(current.copy())
            current.clear()

    for line in lines:
        if not line.strip():
            flush()
            continue
        if _URL_LINE.match(line):
            removed.append(("url", line.strip()))
            continue
        if _RELATED.match(line):
            removed.append(("related", line.strip()))
            continue
        if not has_blank or line[:1].isspace():
            flush()
        current.append(line.strip())
    flush()
    return paragraphs, removed


def clean_text(raw: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Clean one raw article.

    Parameters
    ----------
    raw
        The article as delivered.

    Returns
    -------
    paragraphs, removed
        The cleaned paragraphs and a list of ``(rule, removed text)``.

    Examples
    --------
    >>> raw = "Title\\n\\nTitle\\n\\nA hard-\\nwrapped line\\nhttps://example.org/x\\n"
    >>> clean_text(raw)[0]
    ['Title', 'A hard- wrapped line']
    """
    blocks, removed = _split(raw)
    paragraphs: list[str] = []
    for lines in blocks:
        text = " ".join(lines)
        if _BULLET.match(text):
            text = _BULLET.sub("", text, count=1)
        if paragraphs and text == paragraphs[-1]:
            removed.append(("duplicate", text))
            continue
        if _CAPTION.search(text):
            removed.append(("caption", text))
            continue
        paragraphs.append(text)
    if paragraphs and _BIO.match(paragraphs[-1]):
        removed.append(("bio", paragraphs.pop()))
    return paragraphs, removed


def clean_document(raw_dir: Path, source: Source) -> CleanedDocument:
    """Read, verify and clean one article, and check its date evidence is verbatim."""
    paragraphs, removed = clean_text(read_raw(raw_dir, source))
    if not paragraphs:
        msg = "nothing left after cleaning"
        raise DataError(msg, path=raw_dir / source.seed_file)
    title = paragraphs[0] if source.has_title else source.title
    doc = CleanedDocument(source=source, title=title, paragraphs=paragraphs, removed=removed)
    # Quotes may span a paragraph break only as a space: compare on one line.
    for key in ("date_evidence", "earliest_evidence", "latest_evidence"):
        quote = getattr(source, key)
        if quote not in " ".join(paragraphs):
            msg = f"{key} is not verbatim in the cleaned text: {quote!r}"
            raise DataError(
                msg,
                path=raw_dir.parent / "sources.yaml",
                item=source.doc_id,
                item_kind="source",
            )
    return doc


def _csv(rows: list[dict[str, object]], columns: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def render_corpus(data: Path) -> dict[str, str]:
    """Return the files of ``corpus/`` as ``{file name: content}``, without writing."""
    sources = load_sources(data / "sources.yaml")
    files: dict[str, str] = {}
    doc_rows: list[dict[str, object]] = []
    log_rows: list[dict[str, object]] = []
    for source in sources:
        doc = clean_document(data / "raw", source)
        text_file = f"{source.doc_id}.txt"
        files[text_file] = doc.text
        doc_rows.append(
            {
                "doc_id": source.doc_id,
                "title": doc.title,
                "title_source": "article" if source.has_title else "editor",
                "outlet": source.outlet,
                "outlet_evidence": source.outlet_evidence,
                "author": source.author,
                "published": source.published,
                "precision": source.precision,
                **{
                    key: getattr(source, key)
                    for key in DOCUMENT_COLUMNS
                    if key.startswith(("earliest", "latest", "archive"))
                },
                "date_evidence": source.date_evidence,
                "date_note": source.date_note,
                "seed_file": source.seed_file,
                "sha256": source.sha256,
                "text_file": text_file,
                "paragraphs": len(doc.paragraphs),
                "words": len(doc.text.split()),
            }
        )
        log_rows.extend({"doc_id": source.doc_id, "rule": r, "removed": t} for r, t in doc.removed)
    files["documents.csv"] = _csv(doc_rows, DOCUMENT_COLUMNS)
    files["cleaning_log.csv"] = _csv(log_rows, LOG_COLUMNS)
    return files


def build_corpus(data: Path, out: Path | None = None) -> list[Path]:
    """Regenerate the cleaned corpus.

    Parameters
    ----------
    data
        The data folder, holding ``sources.yaml`` and ``raw/``.
    out
        Where to write; defaults to ``data/corpus``. Stale files there are removed.

    Returns
    -------
    list of Path
        The files written.
    """
    out = out if out is not None else data / "corpus"
    files = render_corpus(data)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.iterdir():
        if stale.is_file() and stale.name not in files:
            stale.unlink()
    written = []
    for name, content in files.items():
        path = out / name
        path.write_text(content, encoding="utf-8", newline="\n")
        written.append(path)
    return written
