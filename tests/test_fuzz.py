"""Whatever a level file holds, the loader gives a level or clean one-line errors, never a crash."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import paths
from game.content import yamlfile
from game.content.errors import ContentFileError
from game.content.levels import load_level
from game.content.yamlparse import line_count

BASE = yaml.safe_load((paths.LEVELS / "tutorial.yaml").read_text(encoding="utf-8"))
# The tutorial as a company might write it: its own sources and a lesson of its own citing one.
OWN = {
    **BASE,
    "sources": ["002-word-of-mouth", {"title": "Our front desk handbook", "link": "https://example.com/handbook"}],
    "lessons": {"our-way": {"text": "Greet every guest by name.", "source": "Our front desk handbook"}},
}

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.floats(allow_nan=True), st.text(max_size=30)
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=12,
)


def mutate(data, path: list, value):
    """The tutorial with one value somewhere replaced."""
    import copy

    out = copy.deepcopy(data)
    node = out
    for key in path[:-1]:
        node = node[key] if isinstance(node, dict) else node[key % len(node)]
    last = path[-1]
    if isinstance(node, dict):
        node[last] = value
    elif isinstance(node, list) and node:
        node[last % len(node)] = value
    return out


def paths_of(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for k, v in data.items():
            yield from paths_of(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from paths_of(v, (*prefix, i))


ALL_PATHS = [p for p in paths_of(BASE) if p]
OWN_PATHS = [p for p in paths_of(OWN) if p and p[0] in ("sources", "lessons")]


def only_clean_errors(tmp_path, library, text: str) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        load_level(path, library)
    except ContentFileError as exc:
        assert exc.errors
        lines = line_count(text.replace("\r\n", "\n").replace("\r", "\n"))
        for e in exc.errors:
            line = str(e)
            assert line.startswith(str(path)) and "\n" not in line and "Traceback" not in line
            assert e.line <= lines, f"{line} points past the end of a {lines}-line file"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.sampled_from(ALL_PATHS), value=values)
def test_a_level_with_any_value_anywhere_loads_or_reports(tmp_path, library, where, value):
    text = yaml.safe_dump(mutate(BASE, list(where), value), allow_unicode=True)
    only_clean_errors(tmp_path, library, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.sampled_from(OWN_PATHS), value=values)
def test_a_companys_own_sources_with_any_value_load_or_report(tmp_path, library, where, value):
    text = yaml.safe_dump(mutate(OWN, list(where), value), allow_unicode=True)
    only_clean_errors(tmp_path, library, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400))
def test_any_text_at_all_loads_or_reports(tmp_path, library, text):
    only_clean_errors(tmp_path, library, text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, 4000), junk=st.text(max_size=20))
def test_a_truncated_or_spliced_file_loads_or_reports(tmp_path, library, cut, junk):
    text = (paths.LEVELS / "tutorial.yaml").read_text(encoding="utf-8")
    only_clean_errors(tmp_path, library, text[:cut] + junk + text[cut + len(junk) :])


# Tags YAML knows, tags it does not, and Python's (which the safe loader must never build).
TAGS = st.sampled_from(
    [
        "",
        "!!int",
        "!!float",
        "!!bool",
        "!!null",
        "!!str",
        "!!timestamp",
        "!!binary",
        "!!set",
        "!!omap",
        "!!pairs",
        "!!seq",
        "!!map",
        "!!merge",
        "!!value",
        "!x",
        "!",
        "!<tag:yaml.org,2002:int>",
        "!<tag:example.com,2000:app/thing>",
        "!!python/object/apply:os.system",
        "!!python/name:os.system",
        "!!python/tuple",
    ]
)
# Scalars that look like something else: dates that may not exist, numbers in every YAML 1.1 form.
DATES = st.builds(
    lambda y, m, d, t: f"{y:04d}-{m:02d}-{d:02d}{t}",
    st.integers(0, 9999),
    st.integers(0, 99),
    st.integers(0, 99),
    st.sampled_from(["", " 10:00:00", "T25:61:61Z", " 1:2:3.5 +99:99", "t00:00:00.1234567890123"]),
)
NUMBERS = st.one_of(
    st.from_regex(
        r"[-+]?(0x[0-9a-fA-F_]{0,6}|0b[01_]{0,6}|0[0-7_]{0,6}|[0-9_]{1,8}|\.[0-9_]{0,4}|[1-9][0-9_]*(:[0-5]?[0-9]){1,4})",
        fullmatch=True,
    ),
    st.from_regex(r"[-+]?[0-9_]*\.[0-9_]*([eE][-+]?[0-9]{1,4})?|[-+]?\.(inf|Inf|nan|NaN)", fullmatch=True),
)
ODD = st.one_of(DATES, NUMBERS, st.sampled_from(["~", "yes", "No", "maybe", "=", "<<", "0o17", "1e999", "[a]", "{}"]))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.sampled_from(ALL_PATHS), tag=TAGS, value=ODD | st.text(max_size=12))
def test_a_tagged_or_odd_value_anywhere_loads_or_reports(tmp_path, library, where, tag, value):
    """A value with any tag, or a bare one YAML reads as a date or a number that cannot exist,
    in any place of a level: a level or one-line errors, never a crash."""
    text = yaml.safe_dump(mutate(BASE, list(where), "PLACEHOLDER-VALUE"), allow_unicode=True, width=10_000)
    only_clean_errors(tmp_path, library, text.replace("PLACEHOLDER-VALUE", f"{tag} {value}".strip(), 1))


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path, library, monkeypatch):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as f:
        f.truncate(50 * 1024 * 1024)
    from pathlib import Path

    def no_reading(self):
        raise AssertionError("the whole file was read")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    try:
        load_level(big, library)
    except ContentFileError as exc:
        assert "expected a file under 1000 kB" in str(exc)
    else:
        raise AssertionError("a 50 MB level loaded")


def test_an_alias_bomb_is_refused_before_it_expands(tmp_path, library):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        yamlfile.read(bomb)
    except ContentFileError as exc:
        assert "far too big" in str(exc)
    else:
        raise AssertionError("the alias bomb was accepted")
