"""Course charts (coursekit.charts) and the key-numbers data (coursekit.corpus.figures)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from coursekit import charts, corpus
from coursekit.charts import display
from coursekit.charts.display import DESCRIBE_JS, CourseChart, embed_i18n
from coursekit.corpus.figures import QUALIFIERS, load_figures
from coursekit.errors import DataError, QuoteNotFoundError
from coursekit.paths import data_dir

BUILDERS = {
    "timeline": charts.timeline,
    "tenures": charts.tenures,
    "mentions_entity": lambda: charts.mentions_chart(by="entity"),
    "mentions_alias": lambda: charts.mentions_chart(by="alias"),
    "framing_terms": charts.framing_terms,
    "key_numbers": charts.key_numbers,
}


def _datasets(chart: alt.TopLevelMixin) -> list[list[dict]]:
    return list(chart.to_dict()["datasets"].values())


def _rows(chart: alt.TopLevelMixin) -> list[dict]:
    """The single inline dataset of ``chart``."""
    sets = _datasets(chart)
    assert len(sets) == 1, f"expected one inline dataset, got {len(sets)}"
    return sets[0]


def _tooltip_titles(spec: dict) -> set[str]:
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            tip = node.get("tooltip")
            if isinstance(tip, list):
                found.update(t.get("title", t.get("field")) for t in tip)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the data folder."""
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return target


# ----------------------------------------------------------------------------- all charts
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_chart_builds_validates_and_is_described(name: str) -> None:
    chart = BUILDERS[name]()
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    title = spec["title"]
    assert (title["text"] if isinstance(title, dict) else title).strip()
    assert isinstance(chart.description, str) and len(chart.description) > 40
    assert spec["description"] == chart.description
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_inline_data_stays_small_and_has_no_article_text(name: str) -> None:
    text = json.dumps(BUILDERS[name]().to_dict())
    assert len(text.encode("utf-8")) < 60_000
    longest = max((p for d in corpus.load_documents()["doc_id"] for p in corpus.paragraphs(d)), key=len)
    assert longest[:300] not in text


def test_import_coursekit_does_not_import_altair() -> None:
    code = (
        "import sys, coursekit; coursekit.load_events(); "
        "import coursekit.corpus.figures as f; f.load_figures(); "
        "assert 'altair' not in sys.modules, 'altair imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ----------------------------------------------------------------------------- timeline
def test_timeline_has_one_row_per_event_with_quote_and_source() -> None:
    events = corpus.load_events()
    chart = charts.timeline()
    rows = _rows(chart)
    assert len(rows) == len(events)
    assert {r["quote"] for r in rows} == set(events["quote"])
    titles = _tooltip_titles(chart.to_dict())
    assert {"Event", "Date (as stated)", "Quote", "Source"} <= titles
    e001 = next(r for r in rows if r["event"] == "Lukashenko comes to power in Belarus")
    assert e001["date"] == "1994 (year)"
    assert "living-integration" in e001["source"]


def test_timeline_selections_and_targets() -> None:
    spec = charts.timeline().to_dict()
    text = json.dumps(spec)
    params = {p["name"]: p for p in spec.get("params", [])}
    for layer in spec["layer"]:
        params.update({p["name"]: p for p in layer.get("params", [])})
    assert params["attribution_pick"]["bind"] == "legend"
    assert params["attribution_pick"]["select"]["fields"] == ["attribution"]
    options = params["actor"]["bind"]["options"]
    assert options[0] == "All" and "Vladimir Putin" in options
    assert "diamond" in text  # targets drawn distinctly

    n_events = int((corpus.load_events()["kind"] == "event").sum())
    no_targets = _rows(charts.timeline(targets=False))
    assert len(no_targets) == n_events
    assert {r["kind"] for r in no_targets} == {"event"}


def test_timeline_initial_choices() -> None:
    spec = charts.timeline(attribution="official", actor="Vladimir Putin").to_dict()
    params = {p["name"]: p for layer in spec["layer"] for p in layer.get("params", [])}
    params.update({p["name"]: p for p in spec.get("params", [])})
    assert params["actor"]["value"] == "Vladimir Putin"
    assert params["attribution_pick"]["value"] == [{"attribution": "official"}]


@pytest.mark.parametrize(
    ("kwargs", "listed"),
    [
        ({"attribution": "rumour"}, "'official', 'anonymous', 'analysis', 'reported'"),
        ({"actor": "Stalin"}, "'Alexander Lukashenko'"),
    ],
)
def test_timeline_rejects_bad_arguments(kwargs: dict, listed: str) -> None:
    with pytest.raises(ValueError, match="must be one of") as info:
        charts.timeline(**kwargs)
    assert listed in str(info.value)


# ----------------------------------------------------------------------------- tenures
def test_tenures_years_and_quotes_come_from_events() -> None:
    rows = _rows(charts.tenures())
    assert {r["from_year"] for r in rows} == {1994, 1999, 2008, 2012}
    pm = [r for r in rows if r["role"] == "Prime Minister"]
    assert [(r["from_year"], r["to_year"]) for r in pm] == [(2008, 2012)]
    latest = int(corpus.load_documents()["start"].max().year)
    assert {r["to_year"] for r in rows if r["role"] != "Prime Minister"} >= {latest}
    quotes = set(corpus.load_events()["quote"])
    assert all(r["quote"] in quotes for r in rows)
    assert "Quote" in _tooltip_titles(charts.tenures().to_dict())


def test_tenures_follow_the_data(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = data_copy / "events.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("E001,1994,", "E001,1993,"), encoding="utf-8")
    monkeypatch.setenv("COURSEKIT_DATA", str(data_copy))
    rows = _rows(charts.tenures())
    luka = [r for r in rows if r["leader"] == "Alexander Lukashenko"]
    assert [r["from_year"] for r in luka] == [1993]


def test_tenures_missing_event_is_a_data_error(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = data_copy / "events.csv"
    lines = [
        ln
        for ln in path.read_text(encoding="utf-8").splitlines(keepends=True)
        if not ln.startswith(("E007,", "E008,"))
    ]
    path.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setenv("COURSEKIT_DATA", str(data_copy))
    with pytest.raises(DataError, match="Prime Minister post"):
        charts.tenures()


# ----------------------------------------------------------------------------- mentions
def test_mentions_chart_by_entity_matches_corpus() -> None:
    rows = _rows(charts.mentions_chart())
    expected = corpus.mentions("entity").set_index(["doc_id", "entity"])["count"]
    luka = {r["article"].split("|")[0]: r["count"] for r in rows if r["entity"] == "Alexander Lukashenko"}
    assert luka == expected.xs("Alexander Lukashenko", level="entity").to_dict()
    assert "Meduza" not in {r["entity"] for r in rows}  # media are not key entities


def test_mentions_chart_by_alias_shows_spelling_variants() -> None:
    rows = _rows(charts.mentions_chart(by="alias"))
    aliases = {r["alias"] for r in rows}
    assert {"Lukashenko", "Lukashenka", "Belarusian", "Belarussian"} <= aliases
    assert "Putin" not in aliases  # a short form, not a spelling variant


def test_mentions_chart_rejects_bad_by() -> None:
    with pytest.raises(ValueError, match="by must be 'entity' or 'alias'"):
        charts.mentions_chart(by="spelling")


# ----------------------------------------------------------------------------- framing terms
def test_framing_terms_counts_and_date_labels() -> None:
    rows = _rows(charts.framing_terms())
    counts = corpus.term_counts(["merger"]).set_index("doc_id")["count"]
    merger = {r["article"].split("|")[0]: r["count"] for r in rows if r["term"] == "merger…"}
    assert merger == counts.to_dict()
    labels = {r["article"] for r in rows}
    assert "living-integration|2021-04-23 (day)" in labels
    assert "sham-acceleration|2021-11-04/2021-11-30 (interval)" in labels
    assert len(rows) == 5 * len(corpus.load_documents())


def test_framing_terms_articles_in_date_order() -> None:
    spec = charts.framing_terms().to_dict()
    order = spec["encoding"]["x"]["sort"]
    starts = corpus.load_documents().set_index("doc_id")["start"]
    assert list(starts[[o.split("|")[0] for o in order]]) == sorted(starts)


def test_framing_terms_arguments() -> None:
    assert {r["term"] for r in _rows(charts.framing_terms("annex"))} == {"annex…"}
    for bad in ([], ["merger", " "]):
        with pytest.raises(ValueError, match="non-empty list"):
            charts.framing_terms(bad)


# ----------------------------------------------------------------------------- key numbers
def test_key_numbers_chart() -> None:
    rows = _rows(charts.key_numbers())
    assert [r["number"] for r in rows] == ["31", "11", "28", "over 400", "25", "29"]
    assert all(r["quote"] and r["source"] for r in rows)


def test_load_figures_values_and_quotes() -> None:
    figs = load_figures()
    assert figs["value"].tolist() == [31, 11, 28, 400, 25, 29]
    assert pd.api.types.is_numeric_dtype(figs["value"])
    assert set(figs["qualifier"]) <= set(QUALIFIERS)
    for doc_id, quote in zip(figs["doc_id"], figs["quote"], strict=True):
        assert corpus.verify_quote(doc_id, quote)


def _edit_figures(folder: Path, old: str, new: str) -> None:
    path = folder / "figures.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "error", "message"),
    [
        (
            "compromise on 11 out of 31",
            "compromise on 12 out of 31",
            QuoteNotFoundError,
            "figures.csv:3: figure F02: quote not found verbatim in unified-parliament",
        ),
        (
            "deadline,11,",
            "deadline,eleven,",
            DataError,
            "figures.csv:3: figure F02: value 'eleven' is not a number",
        ),
        (
            "deadline,11,",
            "deadline,13,",
            DataError,
            "figures.csv:3: figure F02: the quote does not contain the figure as written ('13')",
        ),
        (
            ",400,over,",
            ",400,approximately,",
            DataError,
            "figures.csv:5: figure F04: qualifier 'approximately' is not one of '', 'about'",
        ),
        ("F03,", "F02,", DataError, "figures.csv:4: figure F02: duplicate figure_id"),
        (
            ",sham-acceleration,the 28",
            ",sham,the 28",
            DataError,
            "figures.csv:4: figure F03: unknown doc_id 'sham'; valid: deeper-ties",
        ),
    ],
)
def test_load_figures_rejects_bad_rows(
    data_copy: Path, old: str, new: str, error: type[Exception], message: str
) -> None:
    _edit_figures(data_copy, old, new)
    with pytest.raises(error) as info:
        load_figures(data_copy)
    assert str(info.value).startswith(str(data_copy / message.split(":")[0]) + ":")
    assert message.split(":", 1)[1] in str(info.value)


def test_load_figures_follows_coursekit_data(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _edit_figures(data_copy, "sometime in December.", "sometime in June.")
    monkeypatch.setenv("COURSEKIT_DATA", str(data_copy))
    with pytest.raises(QuoteNotFoundError, match=r"figures\.csv:2: figure F01"):
        load_figures()


def test_load_figures_missing_column(data_copy: Path) -> None:
    _edit_figures(data_copy, "figure_id,label,value,", "figure_id,label,amount,")
    with pytest.raises(DataError, match=r"figures\.csv:1: missing columns value"):
        load_figures(data_copy)


# ----------------------------------------------------------------------------- save
def test_save_svg_png_pdf_html(tmp_path: Path) -> None:
    chart = charts.tenures()
    svg = charts.save(chart, tmp_path / "exports" / "slides" / "t.svg")  # folders are created
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<svg")
    png = charts.save(chart, tmp_path / "t.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pdf = charts.save(chart, str(tmp_path / "t.pdf"))
    assert pdf.read_bytes()[:5] == b"%PDF-"
    html = charts.save(chart, tmp_path / "t.html").read_text(encoding="utf-8")
    assert "<title>Who led, and since when" in html
    assert html.count(f'id="{display.VEGA.script_id}"') == 1  # the library, written in
    assert html.count('class="coursekit-chart"') == 1
    assert "cdn.jsdelivr" not in html and '<script src="http' not in html  # nothing fetched


def test_a_saved_page_names_its_chart_menu_in_the_students_language(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("COURSEKIT_LANG", "ru")
    """As in the notebook it was saved from: vega-embed's menu and the name describeChart gives it."""
    page = charts.save(charts.tenures(), tmp_path / "tenures.html").read_text(encoding="utf-8")
    beside = page.split('<div class="coursekit-chart"', 1)[1].split('<script type="application/json">', 1)[1]
    options = json.loads(beside.split("</script>", 1)[0])["options"]
    assert options["i18n"] == embed_i18n()
    assert options["i18n"]["SVG_ACTION"] == "Сохранить как SVG"


def test_save_html_uses_the_kernels_library_not_vl_convert(tmp_path: Path, monkeypatch) -> None:
    # The page is written from the library the kernel holds for its charts: no
    # bundling and no Vega run per save (vl-convert took about 1 s per course chart).
    import vl_convert

    from coursekit.charts.display import library_source

    library_source()  # as after the notebook's first chart

    def refuse(*args, **kwargs):
        msg = "vl-convert was called"
        raise AssertionError(msg)

    for name in ("vegalite_to_html", "javascript_bundle", "vegalite_to_svg", "vegalite_to_vega"):
        monkeypatch.setattr(vl_convert, name, refuse)
    page = charts.save(charts.timeline(attribution="anonymous"), tmp_path / "t.html")
    assert "anonymous" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix", [".svg", ".html"])
def test_save_never_fetches(tmp_path: Path, suffix: str) -> None:
    remote = alt.Chart("https://example.com/data.csv").mark_point().encode(x="a:Q")
    layered = alt.layer(alt.Chart(alt.Data(values=[{"a": 1}])).mark_point().encode(x="a:Q"), remote)
    for chart in (remote, layered):
        with pytest.raises(ValueError, match="not allowed"):
            charts.save(chart, tmp_path / f"remote{suffix}")
    assert not (tmp_path / f"remote{suffix}").exists()


def test_save_rejects_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.svg, \.png, \.pdf, \.html"):
        charts.save(charts.tenures(), tmp_path / "t.jpg")
    assert not (tmp_path / "t.jpg").exists()


# ----------------------------------------------------------------------------- offline
def test_enable_offline() -> None:
    before = alt.renderers.active
    try:
        assert charts.enable_offline() is None
        assert alt.renderers.active == "coursekit"
    finally:
        alt.renderers.enable(before)


@pytest.fixture
def shell():
    """An IPython shell, with the chart display hook removed again afterwards."""
    from IPython.testing.globalipapp import get_ipython

    ip = get_ipython()
    before = alt.renderers.active
    yield ip
    ip.display_formatter.mimebundle_formatter.pop(alt.TopLevelMixin, None)
    alt.renderers.enable(before)


def _shown_widget(shell, chart):
    from ipywidgets import widget_serialization

    data, _ = shell.display_formatter.format(chart)
    view = data["application/vnd.jupyter.widget-view+json"]
    return widget_serialization["from_json"]("IPY_MODEL_" + view["model_id"], None)


@pytest.mark.parametrize(
    "make",
    [charts.timeline, charts.mentions_chart, charts.key_numbers],
    ids=["timeline", "mentions", "key_numbers"],
)
def test_displayed_chart_is_the_widget_altair_would_build(shell, make) -> None:
    charts.enable_offline()
    chart = make()
    ours = _shown_widget(shell, chart)
    altairs = alt.JupyterChart(alt.Chart.from_dict(chart.to_dict()))  # what Altair's renderer builds
    assert isinstance(ours, charts.CourseChart)
    assert ours.spec == altairs.spec == chart.to_dict()
    assert ours._selection_types == altairs._selection_types
    assert ours._params == altairs._params


def test_chart_display_uses_the_light_widget_too(restore_renderer) -> None:
    charts.enable_offline()
    data, _ = alt.renderers.get()(charts.tenures().to_dict())  # what chart.display() shows
    assert "application/vnd.jupyter.widget-view+json" in data
    assert "CourseChart" in data["text/plain"]


def test_displayed_chart_keeps_the_renderers_embed_options(shell) -> None:
    charts.enable_offline()
    alt.renderers.enable("coursekit", embed_options={"renderer": "canvas"})
    widget = _shown_widget(shell, charts.tenures())
    assert widget.embed_options == {"renderer": "canvas", "i18n": embed_i18n()}


def test_a_charts_actions_menu_speaks_the_students_language(monkeypatch) -> None:
    """vega-embed draws the menu from the widget's embed options; the page's script names
    its <summary> with the same words (describeChart reads options.i18n)."""
    monkeypatch.setenv("COURSEKIT_LANG", "ru")
    widget = CourseChart(charts.tenures(), embed_options={"i18n": {"PNG_ACTION": "PNG, please"}})
    menu = widget.embed_options["i18n"]
    assert menu["SVG_ACTION"] == "Сохранить как SVG"
    assert menu["CLICK_TO_VIEW_ACTIONS"].startswith("Действия с диаграммой")
    assert menu["PNG_ACTION"] == "PNG, please"  # what the author passed wins
    assert "options.i18n.CLICK_TO_VIEW_ACTIONS" in DESCRIBE_JS


def test_displaying_an_invalid_chart_shows_altairs_explanation(shell, capsys) -> None:
    charts.enable_offline()
    bad = alt.Chart(pd.DataFrame({"a": [1]})).mark_point().encode(x=alt.X("a:Q", bin="yes"))
    data, _ = shell.display_formatter.format(bad)
    assert "application/vnd.jupyter.widget-view+json" not in data
    assert "'yes' is an invalid value for `bin`" in capsys.readouterr().out


# ----------------------------------------------------------------------------- one library per page
@pytest.fixture
def restore_renderer():
    before = alt.renderers.active
    yield
    alt.renderers.enable(before)


def test_chart_widget_state_has_no_vega(shell) -> None:
    """The saved state of a chart is its spec and a small module, not the 0.9 MB library."""
    charts.enable_offline()
    widget = _shown_widget(shell, charts.timeline())
    state = widget.get_state()
    assert len(state["_esm"]) < 3_000
    assert "https://" not in state["_esm"]  # nothing fetched from a CDN either
    assert "vega-library" in state["_esm"]


def test_chart_module_listens_for_the_library_from_the_start() -> None:
    """``initialize`` runs before the widget's messages are delivered: no message is missed."""
    esm = charts.CourseChart._esm
    assert esm.rstrip().endswith("return library.render({ model, el });\n},\n};")
    assert "function initialize({ model })" in esm and not esm.lstrip().startswith("import")


def test_written_pages_and_widgets_import_the_library_with_the_same_code() -> None:
    """One piece of JavaScript imports a page's library once: the chart and question
    widgets and the pages written by ``charts.save``/``--to coursekit_html`` cannot drift."""
    from coursekit.charts import page
    from coursekit.page_library import compact
    from coursekit.quiz import question

    importer = display.VEGA.importer()
    assert "import(url).finally(() => URL.revokeObjectURL(url))" in importer
    assert json.dumps(display.VEGA.script_id) in importer  # it finds the page's own copy
    assert page.loader().count(importer) == 1
    assert page.loader().count("import(url)") == 1  # and the page has no other import of it
    assert charts.CourseChart._esm.startswith(compact(importer))
    assert question.LIBRARY.module().startswith(compact(question.LIBRARY.importer()))


def test_the_library_holds_altairs_chart_view_and_describes_each_chart() -> None:
    """The chart's code (Altair's view, 8 KB) is in the page's one library, not in each chart."""
    code = display._library_code()
    assert code.count("await describedEmbed(el, spec, embedOptions)") == 1
    assert "await vegaEmbed(" in code.split("async function render")[0]  # only describedEmbed's own
    assert code.rstrip().endswith("export { render };") and "https://" not in code
    assert "async function render({ model, el })" not in charts.CourseChart._esm


def _ask_for_library(widget) -> list:
    sent = []
    widget.send = lambda content, buffers=None: sent.append((content, buffers))
    display.VEGA.answer(widget, {"type": "something else"}, [])
    assert sent == []  # other messages are not answered
    display.VEGA.answer(widget, {"type": display.VEGA.request}, [])
    return sent


def test_kernel_sends_the_library_when_a_page_asks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(display, "_library", None)
    [(content, buffers)] = _ask_for_library(charts.CourseChart(charts.tenures()))
    assert content == {"type": display.VEGA.reply}
    source = buffers[0].decode("utf-8")
    assert "vegaEmbed" in source and "lodashDebounce" in source and len(source) > 100_000
    assert "https://cdn" not in source
    cached = list((tmp_path / "coursekit").glob("vega-library-*.js"))
    assert len(cached) == 1 and cached[0].read_text(encoding="utf-8") == source

    monkeypatch.setattr(display, "_library", None)  # a new kernel: read from the cache
    cached[0].write_text("export const vegaEmbed = 1, lodashDebounce = 2;", encoding="utf-8")
    [(_, buffers)] = _ask_for_library(charts.CourseChart(charts.tenures()))
    assert buffers[0] == b"export const vegaEmbed = 1, lodashDebounce = 2;"


def test_library_works_without_a_writable_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.setattr(display, "_library", None)
    [(content, buffers)] = _ask_for_library(charts.CourseChart(charts.tenures()))
    assert content == {"type": display.VEGA.reply} and len(buffers[0]) > 100_000


def test_first_chart_displayed_brings_the_library_along(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sent unasked once per kernel, so a page has it while later cells still run."""
    monkeypatch.setattr(display.VEGA, "_pushed", False)
    monkeypatch.setattr(display, "library_source", lambda: "export const vegaEmbed = 1;")
    sent = []
    first, second = charts.CourseChart(charts.tenures()), charts.CourseChart(charts.tenures())
    for widget in (first, second):
        widget.send = lambda content, buffers=None, w=widget: sent.append((w, content, buffers))
    first._repr_mimebundle_()
    second._repr_mimebundle_()
    first._repr_mimebundle_()
    assert sent == [(first, {"type": display.VEGA.reply}, [b"export const vegaEmbed = 1;"])]


def test_a_library_that_cannot_be_built_is_reported_to_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> str:
        msg = "vl-convert is missing"
        raise ImportError(msg)

    monkeypatch.setattr(display, "library_source", broken)
    [(content, buffers)] = _ask_for_library(charts.CourseChart(charts.tenures()))
    assert content["type"] == display.VEGA.reply and "vl-convert is missing" in content["error"]
    assert buffers is None
