"""Bad input: one clear line per problem naming file, row and column; nothing built."""
from __future__ import annotations

from pathlib import Path

import pytest
from medkg.loaders import Limits, load_registry

from medkg.base.errors import RegistryError


def _edit(folder: Path, table: str, old: str, new: str) -> None:
    path = folder / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture lacks {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problem(folder: Path, limits: Limits | None = None):  # type: ignore[no-untyped-def]
    with pytest.raises(RegistryError) as caught:
        load_registry(folder, limits)
    assert len(caught.value.problems) == 1, str(caught.value)
    return caught.value.problems[0]


@pytest.mark.parametrize(("table", "old", "new", "row", "column", "words"), [
    ("models", "id,name,name_en", "ident,name,name_en", 1, "ident", "required column 'id'"),
    ("models", ",general,,cuhk-sz;sribd,,baichuan-7b:finetune", ",generic,,cuhk-sz;sribd,,baichuan-7b:finetune", 4,
     "model_type", "one of"),
    ("models", "2023年11月", "2023年13月", 5, "release_date", "a date like"),
    ("models", "zoc,huawei,huatuogpt:finetune", "zoc,huawai,huatuogpt:finetune", 6, "partners", "an id of a row in organizations"),
    ("models", "huatuogpt:finetune", "huatuogpt:tuned", 6, "base_models", "derivation kind"),
    ("models", "eye-gpt,眼科大模型", "huatuogpt,眼科大模型", 6, "id", "a unique id"),
    ("models", "https://example.org/fixture/shennong", "not a url", 8, "source_url", "http(s) URL"),
    ("models", ",ecnu,,llama-7b:adapter", ",,,llama-7b:adapter", 8, "developers", "required column"),
    ("models", "眼科大模型,EyeGPT,", "眼科大模型,EyeGPT,華佗GPT", 6, "name", "names that no other row uses"),
    ("models", "tcm,tcm,ecnu", "tcm,tcm;cardiologie,ecnu", 8, "specialties", "did you mean 'cardiology'"),
    ("organizations", "杭州,09988.HK", "杭州,9988 HK", 11, "listed", "stock ticker"),
    ("organizations", "hospital,sysu", "hospital,sysu-x", 7, "parent", "an id of a row in organizations"),
    ("organizations", "research_institute,,广东", "institute,,广东", 5, "org_type", "did you mean 'research_institute'"),
    ("collaborations", "ruijin,huawei,hospital-enterprise", "ruijin,huawei,university-enterprise", 2, "kind",
     "'hospital-enterprise' for a hospital and a enterprise"),
    ("collaborations", "alibaba,nhc,,,2024", "alibaba,alibaba,,,2024", 3, "org_b", "other than org_a"),
    ("market_sizes", "med-2024,medical_llm,2024,41.8", "med-2024,medical_llm,2024,41.8亿", 2, "value", "a number"),
    ("statistics", "total-2025-07,2025-07,", "total-2025-07,July 2025,", 2, "as_of", "a date like"),
    ("stages", "expert-systems,专家系统,Expert systems,1978", "expert-systems,专家系统,Expert systems,78", 2, "start_year",
     "four-digit year"),
])
def test_each_error_names_file_row_column(registry_copy: Path, table: str, old: str, new: str, row: int,
                                          column: str, words: str) -> None:
    _edit(registry_copy, table, old, new)
    problem = _problem(registry_copy)
    assert problem.file.endswith(f"{table}.csv")
    assert (problem.row, problem.column) == (row, column)
    assert words in str(problem)
    assert str(problem).startswith(str(registry_copy / f"{table}.csv"))


def test_cycle_in_lineage_is_refused(registry_copy: Path) -> None:
    _edit(registry_copy, "models", "LLaMA,foundation,,meta,,,", "LLaMA,foundation,,meta,,shennong,")
    problem = _problem(registry_copy)
    assert problem.column == "base_models" and "no cycle" in str(problem)


def test_empty_table(registry_copy: Path) -> None:
    (registry_copy / "stages.csv").write_text("id,name,start_year,source_url\n", encoding="utf-8")
    problem = _problem(registry_copy)
    assert problem.file.endswith("stages.csv") and "at least one row" in str(problem)


def test_missing_required_table(registry_copy: Path) -> None:
    (registry_copy / "organizations.csv").unlink()
    problem = _problem(registry_copy)
    assert "table 'organizations'" in str(problem)


def test_undecodable_bytes(registry_copy: Path) -> None:
    (registry_copy / "stages.csv").write_bytes(b"id,name,start_year,source_url\nx,\xff\xfe\xff,1978,https://e.org\n")
    problem = _problem(registry_copy)
    assert problem.file.endswith("stages.csv") and "UTF-8 or GB18030" in str(problem) and "offset" in str(problem)


def test_unclosed_quote(registry_copy: Path) -> None:
    (registry_copy / "stages.csv").write_text('id,name,start_year,source_url\nx,"broken,1978,https://e.org\n',
                                             encoding="utf-8")
    problem = _problem(registry_copy)
    assert "well-formed CSV" in str(problem)


def test_cell_limit_can_be_raised(registry_copy: Path) -> None:
    _edit(registry_copy, "models", "Fixture general model", "x" * 500)
    problem = _problem(registry_copy, Limits(max_cell_chars=100))
    assert (problem.row, problem.column) == (4, "description") and "--max-cell-chars" in str(problem)
    assert load_registry(registry_copy, Limits(max_cell_chars=1000))


def test_all_problems_are_reported_together(registry_copy: Path) -> None:
    _edit(registry_copy, "models", "2023年11月", "2023年13月")
    _edit(registry_copy, "organizations", "杭州,09988.HK", "杭州,9988 HK")
    with pytest.raises(RegistryError) as caught:
        load_registry(registry_copy)
    assert [p.column for p in caught.value.problems] == ["release_date", "listed"]


def test_hostile_names_are_plain_data(small_registry: Path) -> None:
    model = load_registry(small_registry).model_by_id["quote-model"]
    assert model.name == "Model \"X\"; {DROP} ' OR 1=1 --"
