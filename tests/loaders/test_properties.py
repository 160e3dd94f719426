"""Property-based tests (hypothesis): any valid registry builds and round-trips; each broken one gives exactly one
located error; arbitrary bytes never crash a reader."""
from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from medkg.loaders import load_registry

from medkg.api import MedKG
from medkg.base.errors import RegistryError

# Any text without NUL or surrogates, trimmed like the reader trims cells: CJK, Traditional, full-width punctuation,
# emoji, RTL, control characters, quotes and query fragments all included.
FRAGMENTS = st.sampled_from(["'", '"', "{", "}", ";", "\\", "' OR 1=1 --", "}} UNION {", "$name", "MATCH (n) DELETE n",
                             "華佗醫院", "（深圳）", "😷", "مستشفى", "\u202e", "\t", "\n", "\r\n", "，、。"])
TEXT = st.lists(st.one_of(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12),
                          FRAGMENTS), min_size=1, max_size=4).map("".join).map(str.strip).filter(bool)
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@st.composite
def registries(draw):  # type: ignore[no-untyped-def]
    n_orgs = draw(st.integers(1, 4))
    n_models = draw(st.integers(1, 5))
    orgs = [{"id": f"o{i}", "name": f"o{i}:{draw(TEXT).replace(';', ',')}", "org_type": draw(st.sampled_from(
        ["enterprise", "university", "research_institute", "hospital", "government"])), "source_url": "https://example.org/o"}
        for i in range(n_orgs)]
    models = []
    for i in range(n_models):
        developers = draw(st.lists(st.integers(0, n_orgs - 1), min_size=1, max_size=2, unique=True))
        models.append({"id": f"m{i}", "name": f"m{i}:{draw(TEXT)}", "model_type": draw(st.sampled_from(["general", "specialty", "tcm", "other"])),
                       "developers": ";".join(f"o{d}" for d in developers), "source_url": "https://example.org/m",
                       "description": draw(TEXT), "aliases": f"a{i}:{draw(TEXT).replace(';', ',')}",
                       "release_date": draw(st.sampled_from(["", "2023", "2023-05", "2024-02-29", "2025年7月"])),
                       "base_models": f"m{i - 1}:finetune" if i and draw(st.booleans()) else ""})
    return {"organizations": orgs, "models": models}


def write_csv(folder: Path, tables: dict[str, list[dict[str, str]]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return folder


@SLOW
@given(registries())
def test_valid_registries_build_and_round_trip(tables) -> None:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_csv(Path(tmp) / "reg", tables)
        registry = load_registry(folder)
        for row in tables["models"]:
            assert registry.model_by_id[row["id"]].name == row["name"]  # stored literally
        kg = MedKG(Path(tmp) / "home", auto_build=False)
        kg.build(folder)
        exported = io.BytesIO()
        kg.export("nt", exported)
        reloaded = ox.Store()
        reloaded.load(exported.getvalue(), format=ox.RdfFormat.N_TRIPLES)
        assert set(reloaded) == set(kg.store().quads_for_pattern(None, None, None, ox.DefaultGraph()))
        for row in tables["models"]:
            assert kg.who_built(row["name"])[0]["model_id"] == row["id"]  # found by its own name, whatever it holds
            assert kg.who_built(row["aliases"])[0]["model_id"] == row["id"]
        kg.close()


BREAKS = [  # (table, column, bad value, words expected in the message)
    ("models", "model_type", "generic", "one of"),
    ("models", "developers", "nobody", "an id of a row in organizations"),
    ("models", "release_date", "2023/13", "a date like"),
    ("models", "source_url", "ftp://x y", "http(s) URL"),
    ("models", "id", "bad id!", "an id of letters"),
    ("models", "base_models", "m0:frobnicate", "derivation kind"),
    ("organizations", "org_type", "startup", "one of"),
    ("models", "name", "", "a value for required column"),
]


@SLOW
@given(registries(), st.sampled_from(BREAKS), st.data())
def test_each_broken_registry_gives_one_located_error(tables, broken, data) -> None:  # type: ignore[no-untyped-def]
    table, column, value, words = broken
    rows = tables[table]
    index = data.draw(st.integers(0, len(rows) - 1))
    if column == "base_models" and index == 0:
        rows[0]["base_models"] = ""
    rows[index][column] = value
    with tempfile.TemporaryDirectory() as tmp, pytest.raises(RegistryError) as caught:
        load_registry(write_csv(Path(tmp) / "reg", tables))
    problems = caught.value.problems
    located = [p for p in problems if p.column == column and p.row is not None]
    assert len(problems) == 1 or column == "id", [str(p) for p in problems]  # a bad id can also orphan references
    assert located and words in str(located[0]) and located[0].file.endswith(f"{table}.csv")


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _load_or_registry_error(path: Path) -> None:
    try:
        load_registry(path)
    except RegistryError as error:
        assert str(error).strip()


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(["models", "organizations"]))
def test_fuzz_csv_bytes(data: bytes, table: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "models.csv").write_bytes(b"id,name,model_type,developers,source_url\nm,M,general,o,https://e.org\n")
        (folder / "organizations.csv").write_bytes(b"id,name,org_type\no,O,hospital\n")
        (folder / f"{table}.csv").write_bytes(data)
        _load_or_registry_error(folder)


@FUZZ
@given(st.one_of(st.binary(max_size=2000), st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20)),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=12), children, max_size=4)),
    max_leaves=20).map(lambda doc: json.dumps(doc).encode())))
def test_fuzz_json_and_yaml(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("r.json", "r.yaml"):
            (Path(tmp) / name).write_bytes(data)
            _load_or_registry_error(Path(tmp) / name)


@FUZZ
@given(st.binary(max_size=3000))
def test_fuzz_xlsx_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "r.xlsx").write_bytes(b"PK\x03\x04" + data)
        _load_or_registry_error(Path(tmp) / "r.xlsx")


def test_yaml_alias_bomb_is_refused(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))
    bomb += "models:\n  - {id: m, name: *i, model_type: general, developers: o, source_url: 'https://e.org'}\n"
    (tmp_path / "bomb.yaml").write_text(bomb, encoding="utf-8")
    with pytest.raises(RegistryError, match="YAML without anchors and aliases"):
        load_registry(tmp_path / "bomb.yaml")
