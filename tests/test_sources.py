"""Sources as a trainer writes them and as a player reads them: a company's level may cite the
game's digests, its own sources (a title and a link, or a digest file beside the level) or none,
and players see each source's title in their language, never a file name or an id."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pygame
import pytest
import yaml

from game import paths
from game.app import App
from game.content.errors import ContentFileError
from game.content.figures import load_figures
from game.content.levels import Library, default_library, load_level
from game.content.sources import load_sources
from game.content.strings import languages, load_strings
from game.core.session import Session
from game.dev.drive import show

GOOD = (paths.LEVELS / "tutorial.yaml").read_text(encoding="utf-8")
SOURCES_LINE = "sources: [003-service-is-marketing, 002-word-of-mouth]"
LANGS = ("en", "nb", "da", "sv")


def level_with(tmp_path: Path, sources: str, lessons: str = "", name: str = "mine") -> Path:
    """The tutorial as `<name>.yaml`, with its sources line (and, when given, a lessons block) replaced."""
    assert SOURCES_LINE in GOOD
    text = GOOD.replace(SOURCES_LINE, sources).replace("id: tutorial", f"id: {name}")
    if lessons:
        text = text.replace("shift_minutes: 40", lessons + "shift_minutes: 40")
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def errors(path: Path, library: Library, lang: str = "en") -> list[str]:
    with pytest.raises(ContentFileError) as info:
        load_level(path, library, lang)
    return [str(e) for e in info.value.errors]


# -- a trainer's own sources ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sources", "shown"),
    [
        ("sources: []", ()),
        ("", ()),  # no sources line at all
        ("sources: [{title: Our front desk handbook}]", ("Our front desk handbook",)),
        (
            'sources: [{title: "Guest care, our way", link: "https://intranet.example.com/guest-care"}]',
            ("Guest care, our way",),
        ),
        (
            "sources:\n  - 002-word-of-mouth\n  - {title: Hotel standards 2024, link: http://example.org/s}\n",
            ("002-word-of-mouth", "Hotel standards 2024"),
        ),
    ],
)
def test_a_level_may_cite_its_own_sources_or_none(tmp_path, library, sources, shown):
    level = load_level(level_with(tmp_path, sources), library)
    assert level.sources == shown


def test_a_digest_beside_the_level_is_cited_by_its_id_and_shown_by_its_heading(tmp_path, library):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "front-desk.md").write_text("# Our front desk handbook\n\nWhat we do.\n", "utf-8")
    (tmp_path / "sources" / "no-heading.md").write_text("Just notes.\n", "utf-8")
    lesson = "lessons:\n  our-way:\n    text: Greet every guest by name.\n    source: front-desk\n"
    level = load_level(level_with(tmp_path, "sources: [front-desk, no-heading, 002-word-of-mouth]", lesson), library)
    assert level.sources == ("Our front desk handbook", "No heading", "002-word-of-mouth")
    assert level.lessons["our-way"].source == "Our front desk handbook"
    assert library.cite(level.lessons["our-way"].source) == "Our front desk handbook"


@pytest.mark.parametrize(
    ("source_line", "expected"),
    [
        ("    source: 003-service-is-marketing\n", "003-service-is-marketing"),
        ("    source: Our front desk handbook\n", "Our front desk handbook"),
        ("", ""),  # a lesson may cite nothing
    ],
)
def test_a_levels_own_lesson_cites_a_digest_an_own_title_or_nothing(tmp_path, library, source_line, expected):
    lessons = "lessons:\n  our-way:\n    text: Greet every guest by name.\n" + source_line
    level = load_level(level_with(tmp_path, "sources: [{title: Our front desk handbook}]", lessons), library)
    assert level.lessons["our-way"].source == expected


@pytest.mark.parametrize(
    ("sources", "lessons", "message"),
    [
        ("sources: [999-nowhere]", "", "sources[0]: no digest named '999-nowhere' in seeds/ or in sources/"),
        ("sources: [Our front desk handbook]", "", "sources[0]: expected a digest id"),
        ("sources: [Our front desk handbook]", "", 'write {title: "Our front desk handbook"}'),
        ("sources: [{title: Handbook, link: www.example.com}]", "", "sources[0].link: expected a web address"),
        ("sources: [{title: Handbook, link: ftp://example.com/x}]", "", "sources[0].link: expected a web address"),
        ('sources: [{title: Handbook, link: "https://exa mple.com"}]', "", "sources[0].link: expected a web address"),
        ("sources: [{link: https://example.com}]", "", "sources[0].title: missing"),
        ("sources: [{title: Handbook, url: https://example.com}]", "", "sources[0].url: unknown key"),
        ("sources: [5]", "", "sources[0]: expected a digest id"),
        (
            "sources: [{title: Handbook}]",
            "lessons:\n  our-way:\n    text: Be kind.\n    source: Handbok\n",
            "lessons.our-way.source: no source named 'Handbok'",
        ),
    ],
)
def test_a_wrong_source_is_one_clear_line(tmp_path, library, sources, lessons, message):
    path = level_with(tmp_path, sources, lessons)
    lines = errors(path, library)
    assert any(message in line for line in lines), lines
    assert all(line.startswith(f"{path}:") and "\n" not in line for line in lines)
    assert all(re.match(rf"{re.escape(str(path))}:\d+: ", line) for line in lines)


def test_a_translation_gives_the_titles_of_the_levels_own_sources(tmp_path, library):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "front-desk.md").write_text("# Our front desk handbook\n", "utf-8")
    path = level_with(tmp_path, "sources: [front-desk, {title: Guest care}, 002-word-of-mouth]")
    (tmp_path / "nb").mkdir()
    (tmp_path / "nb" / "mine.yaml").write_text(
        "sources: {front-desk: Resepsjonshåndboken, Guest care: Gjestepleie}\n", "utf-8"
    )
    assert load_level(path, library, "nb").sources == ("Resepsjonshåndboken", "Gjestepleie", "002-word-of-mouth")
    assert load_level(path, library, "da").sources == ("Our front desk handbook", "Guest care", "002-word-of-mouth")
    (tmp_path / "nb" / "mine.yaml").write_text("sources: {002-word-of-mouth: Jungeltelegrafen}\n", "utf-8")
    assert any("assets/sources.yaml" in line for line in errors(path, library, "nb"))


def test_the_briefing_shows_own_titles_and_no_sources_line_without_sources(tmp_path):
    user = tmp_path / "levels"
    user.mkdir()
    level_with(user, "sources: [{title: Our front desk handbook}, 003-service-is-marketing]", name="cited")
    level_with(user, "sources: []", name="none")
    app = App(size=(1920, 1080), seed=3, lang="nb", data_dir=tmp_path)
    try:
        levels = {lv.id: lv for lv in app.catalogue.levels}
        assert not app.catalogue.errors, app.catalogue.errors
        show(app, "briefing", Session.solo(levels["cited"], app.figures, 3, "Kari"))
        texts = [t for _, t in app.draw(record=True).record]
        drawn = app.strings("briefing.sources", sources="Our front desk handbook, Service er markedsføring")
        assert drawn in texts, texts
        show(app, "briefing", Session.solo(levels["none"], app.figures, 3, "Kari"))
        texts = [t for _, t in app.draw(record=True).record]
        prefix = app.strings("briefing.sources", sources="")
        assert not any(t.startswith(prefix.strip()) for t in texts), texts
    finally:
        pygame.quit()


# -- titles a player reads ------------------------------------------------------------------


def test_every_digest_has_a_title_in_every_language():
    table = load_sources()
    digests = {p.stem for p in paths.SEEDS.glob("*.md") if p.stem.lower() != "readme"}
    assert digests and digests <= set(table.titles)
    for source, titles in table.titles.items():
        assert set(titles) == set(LANGS), source
        assert all(titles[lang] != titles["en"] for lang in LANGS if lang != "en"), source  # translated
        for lang, title in titles.items():
            assert source not in title and ".md" not in title and "seeds" not in title, (source, lang)
    for lang in LANGS:
        words = table.quoting[lang]
        assert {f for _, f, _, _ in string.Formatter().parse(words) if f} == {"source", "via"}, lang


@pytest.mark.parametrize("lang", LANGS)
def test_cite_gives_the_title_in_the_librarys_language(lang):
    library = default_library(lang)
    table = load_sources()
    for source in library.sources:
        assert library.cite(source) == table.titles[source][lang]
        assert source not in library.cite(source)


def test_cite_falls_back_to_english_then_to_the_id():
    library = Library(titles={"a-source": "A source"}, lang="nb")
    assert library.cite("a-source") == "A source"
    assert library.cite("unknown-id") == "unknown-id"
    assert library.cite("Our own handbook") == "Our own handbook"
    assert library.cite("") == ""
    table = load_sources()
    table.titles["002-word-of-mouth"].pop("sv")
    assert table.title("002-word-of-mouth", "sv") == table.titles["002-word-of-mouth"]["en"]


@pytest.mark.parametrize("lang", LANGS)
def test_a_figure_is_cited_by_title_and_via_in_the_players_language(lang, figures):
    library = default_library(lang)
    for figure in figures.all():
        cited = library.cite_figure(figure)
        assert figure.source not in cited and cited.startswith(library.titles[figure.source])
        if figure.source == "002-word-of-mouth":
            assert cited == load_sources().quoting[lang].format(source=library.titles[figure.source], via="Groove")
    if lang != "en":
        assert "quoting" not in library.cite_figure(figures.ambassador_tells)


def test_a_figures_source_is_a_known_id_or_a_title_in_words(tmp_path):
    text = paths.FIGURES.read_text(encoding="utf-8")
    mine = tmp_path / "figures.yaml"
    mine.write_text(text.replace("source: game-design", "source: Our 2024 customer survey"), "utf-8")
    assert load_figures(mine).apology_minutes.source == "Our 2024 customer survey"
    mine.write_text(text.replace("source: game-design", "source: 002-word-of-mouth (quoting Groove)"), "utf-8")
    assert load_figures(mine).apology_minutes.source == "002-word-of-mouth (quoting Groove)"  # words: shown as is
    mine.write_text(text.replace("source: game-design", "source: 009-nowhere"), "utf-8")
    with pytest.raises(ContentFileError) as info:
        load_figures(mine)
    assert "apology_minutes.source: expected the id of a source in seeds/ or assets/sources.yaml" in str(info.value)
    mine.write_text(text.replace("via: Groove", "via: {en: Groove, nb: Groove-studien}", 1), "utf-8")
    figure = load_figures(mine).ambassador_tells
    assert default_library("nb").cite_figure(figure).endswith("Groove-studien")
    assert default_library("sv").cite_figure(figure).endswith("Groove")  # English where a language has none


def test_the_figures_file_keeps_source_and_via_apart():
    data = yaml.safe_load(paths.FIGURES.read_text(encoding="utf-8"))
    for name, figure in data.items():
        assert re.fullmatch(r"[a-z0-9-]+", figure["source"]), name
        assert "quoting" not in str(figure.get("via", "")), name


# -- words meant for trainers stay out of the interface -----------------------------------------


ALLOWED_SAME = {  # the same in every language by nature: names, numbers and units, a layout
    "app.title",
    "case.ask_cost",
    "case.answer",
    "case.cost",
    "case.clock_short",
    "case.budget_short",
    "case.timer_short",
    "debrief.choice",
    "settings.language.en",
    "settings.language.nb",
    "settings.language.da",
    "settings.language.sv",
    "settings.timer.normal",
    "settings.text_size.normal",
}


@pytest.mark.parametrize("lang", [x for x in languages() if x != "en"])
def test_no_string_is_left_in_english(lang):
    english = load_strings("en").table
    table = load_strings(lang).table
    same = sorted(k for k, v in table.items() if v == english.get(k) and k not in ALLOWED_SAME)
    assert not same, same
    words = {"Team", "team", "quoting", "Source", "Drawn from"}
    words_of = {k: re.sub(r"\{[a-z_]+\}", "", v) for k, v in table.items()}  # placeholders are not words
    leftover = sorted(k for k, v in words_of.items() if any(re.search(rf"\b{w}\b", v) for w in words))
    assert not leftover, leftover


@pytest.mark.parametrize("lang", languages())
def test_no_string_sends_players_to_a_file(lang):
    table = load_strings(lang).table
    assert not [k for k, v in table.items() if "assets/" in v or "seeds/" in v or ".yaml" in v or ".md" in v]
