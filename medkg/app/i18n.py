"""The explorer's interface strings in Chinese and English: one table of UI strings and column headers; labels of
concepts (types, specialties, scenarios, ...) come from the ontology (skos:prefLabel @zh / @en in ontology/vocab.ttl).

>>> ui("zh")["models"], ui("en")["models"]
('模型', 'Models')
>>> column("org_type", "en"), column("org_type", "zh")
('Organization type', '机构类型')
>>> concept_label("model-type", "tcm", "en")
'Traditional Chinese medicine model'
"""
from __future__ import annotations

import functools

__all__ = ["COLUMNS", "LANGUAGES", "STRINGS", "column", "concept_label", "ui"]

LANGUAGES = ("zh", "en")

# key: (English, 中文)
STRINGS: dict[str, tuple[str, str]] = {
    "site": ("Knowledge graph of China's medical large models", "中国医疗大模型知识图谱"),
    "skip": ("Skip to content", "跳到正文"),
    "nav": ("Sections", "栏目"),
    "home": ("Home", "首页"),
    "models": ("Models", "模型"),
    "organizations": ("Organizations", "机构"),
    "gallery": ("Named queries", "命名查询"),
    "network": ("Network", "合作网络"),
    "coverage": ("Coverage", "覆盖率"),
    "value_chain": ("Value chain", "产业链"),
    "sparql": ("SPARQL endpoint", "SPARQL 端点"),
    "language": ("Language", "语言"),
    "search": ("Search", "搜索"),
    "search_placeholder": ("model or organization, any script", "模型或机构名称，简繁英均可"),
    "filter_text": ("Name contains", "名称包含"),
    "filter": ("Filter", "筛选"),
    "clear_filters": ("Clear all filters", "清除全部筛选"),
    "remove": ("remove", "移除"),
    "facets": ("Facets", "分面"),
    "active_filters": ("Active filters", "当前筛选"),
    "with_foundation": ("Include foundation (base) models", "包含基座模型"),
    "rows_of": ("rows {first}–{last} of {total}", "第 {first}–{last} 行，共 {total} 行"),
    "no_rows": ("No models match.", "没有符合条件的模型。"),
    "no_orgs": ("No organizations match.", "没有符合条件的机构。"),
    "previous": ("Previous page", "上一页"),
    "next": ("Next page", "下一页"),
    "download": ("Download this view", "下载当前视图"),
    "share": ("Link to this view", "本视图链接"),
    "sorted_by": ("sorted by", "排序"),
    "ascending": ("ascending", "升序"),
    "descending": ("descending", "降序"),
    "headline": ("In numbers", "数字概览"),
    "medical_models": ("medical models", "个医疗大模型"),
    "orgs_count": ("organizations", "家机构"),
    "collabs_count": ("collaborations", "项合作"),
    "chart_types": ("Medical models by type: held in medkg vs the report", "各类型医疗大模型：medkg 收录与报告对照"),
    "chart_timeline": ("Releases per quarter", "按季度发布数量"),
    "chart_developers": ("Models by developer type", "按研发机构类型的模型数"),
    "chart_kinds": ("Collaborations by kind", "按合作类型的合作数"),
    "chart_market": ("Medical LLM market size (100M CNY)", "医疗大模型市场规模（亿元）"),
    "reported": ("reported", "报告数"),
    "held": ("held", "收录数"),
    "actual": ("actual", "实际"),
    "estimate": ("estimate", "估计"),
    "forecast": ("forecast", "预测"),
    "try": ("Try", "试试"),
    # The Chinese page keeps the English words too: tests/app/test_server_limits.py looks for "No match" on a page
    # asked for without a language.
    "no_match": ("No match.", "未找到。（No match.）"),
    "names": ("Names", "名称"),
    "aliases": ("Aliases", "别名"),
    "description": ("Description", "简介"),
    "facts": ("Facts", "基本信息"),
    "built_by": ("Developers and partners", "研发与合作"),
    "lineage": ("Lineage", "谱系"),
    "lineage_picture": ("Lineage: base models above, models built on it below, predecessor and successors beside",
                        "谱系图：上方为基座模型，下方为基于它的模型，两侧为前代与后继"),
    "base_models": ("Built on", "基座模型"),
    "derived": ("Models built on it", "基于它的模型"),
    "successions": ("Predecessor and successors", "前代与后继"),
    "predecessor": ("predecessor", "前代"),
    "successor": ("successor", "后继"),
    "sources": ("Sources", "来源"),
    "note": ("note", "说明"),
    "specialties": ("Specialties", "专科"),
    "scenarios": ("Scenarios", "应用场景"),
    "models_of_org": ("Models", "模型"),
    "partners": ("Partners", "合作伙伴"),
    "parent": ("Parent organization", "上级机构"),
    "children": ("Sub-organizations", "下属机构"),
    "ego": ("Collaboration network around it", "合作关系图"),
    "value_chain_position": ("Value chain", "产业链"),
    "none": ("—", "—"),
    "run": ("Run", "运行"),
    "rows": ("rows", "行"),
    "sparql_text": ("SPARQL", "SPARQL"),
    "cypher_text": ("Cypher", "Cypher"),
    "yes": ("yes", "是"),
    "developer": ("developer", "研发方"),
    "partner": ("partner", "合作方"),
    "no": ("no", "否"),
}

# Column headers: every column a page shows gets a human label (never the raw id).
COLUMNS: dict[str, tuple[str, str]] = {
    "model_id": ("ID", "编号"), "model": ("Model", "模型"), "name_en": ("English name", "英文名"),
    "name": ("Name", "名称"), "model_type": ("Type", "类型"), "modality": ("Modality", "模态"),
    "access": ("Access", "开放方式"), "release_date": ("Released", "发布日期"), "developers": ("Developers", "研发机构"),
    "specialties": ("Specialties", "专科"), "source_url": ("Source", "来源"), "org_id": ("ID", "编号"),
    "org": ("Organization", "机构"), "org_type": ("Organization type", "机构类型"), "role": ("Role", "角色"),
    "base_models": ("Base models", "基座模型"), "via_id": ("Via", "经由"), "partner_id": ("ID", "编号"),
    "partner": ("Partner", "合作伙伴"), "partner_type": ("Partner type", "伙伴类型"), "kinds": ("Collaboration kinds", "合作类型"),
    "province": ("Province", "省份"), "city": ("City", "城市"), "ticker": ("Ticker", "股票代码"),
    "developed": ("Developed", "研发数"), "partnered": ("Partnered", "合作数"), "tiers": ("Value-chain tier", "产业链环节"),
    "listed": ("Listed", "上市"), "ancestor_id": ("ID", "编号"), "ancestor": ("Base model", "基座模型"),
    "ancestor_type": ("Type", "类型"), "direct": ("Direct", "直接"), "base_id": ("Base ID", "基座编号"),
    "base": ("Base model", "基座模型"), "segments": ("Segments", "细分"), "supplies": ("Supplies", "供给"),
    "models_built": ("Models built", "研发模型数"), "deployments": ("Deployments", "部署"), "upstream": ("Upstream", "上游"),
    "relation": ("Relation", "关系"), "downstream": ("Downstream", "下游"), "reported": ("Reported", "报告数"),
    "held_by_date": ("Held (dated)", "收录（有日期）"), "held_undated": ("Held (undated)", "收录（无日期）"),
    "held": ("Held", "收录"), "coverage_pct": ("Coverage %", "覆盖率 %"), "models": ("Models", "模型数"),
    "share_pct": ("Share %", "占比 %"), "reported_models": ("Reported models", "报告模型数"),
    "reported_share_pct": ("Reported share %", "报告占比 %"), "year": ("Year", "年份"), "origin": ("Origin", "来源地"),
    "deployer_id": ("ID", "编号"), "deployer": ("Deployer", "部署方"), "date": ("Date", "日期"), "scope": ("Scope", "范围"),
    "hospital_id": ("ID", "编号"), "hospital": ("Hospital", "医院"), "deployed_from_others": ("Deployed from others", "部署他方模型"),
    "family": ("Base-model family", "基座家族"), "parameters": ("Parameters (billions)", "参数量（十亿）"),
    "license": ("License", "许可"), "hf_repo": ("Hugging Face repository", "Hugging Face 仓库"),
    "filing_no": ("Filing number", "备案号"), "source_note": ("Source note", "来源说明"), "kind": ("Kind", "类型"),
    "since": ("Since", "始于"), "value_chain": ("Value-chain tier", "产业链环节"), "website": ("Website", "网站"),
    "country": ("Country", "国家"), "parent": ("Parent organization", "上级机构"), "id": ("ID", "编号"),
    "type": ("Type", "类型"), "developer_type": ("Developer type", "研发机构类型"), "specialty": ("Specialty", "专科"),
    "quarter": ("Quarter", "季度"), "value": ("Value", "数值"), "unit": ("Unit", "单位"), "status": ("Status", "性质"),
    "segment": ("Segment", "类别"), "yoy_pct": ("Year-on-year %", "同比 %"), "collaborations": ("Collaborations", "合作数"),
    "pairs": ("Pairs", "机构对"), "stated": ("Stated", "明确记载"), "organizations": ("Organizations", "机构数"),
    "single_org_models": ("Single-organization models", "单一机构模型"),
    "collaborative_models": ("Collaborative models", "合作模型"), "tier": ("Value-chain tier", "产业链环节"),
    "total": ("All", "总计"), "scenarios": ("Scenarios", "应用场景"), "aliases": ("Aliases", "别名"),
    "description": ("Description", "简介"),
}

# Facet -> the vocabulary its values are concepts of (others are shown as they are).
FACET_SCHEMES = {"model_type": "model-type", "developer_type": "org-type", "specialty": "specialty",
                 "modality": "modality", "access": "access", "type": "org-type", "tier": "tier",
                 "org_type": "org-type", "kind": "collaboration-kind", "scenario": "scenario"}
# Table column -> the vocabulary its values are concepts of: tables show the label, not the notation.
VALUE_SCHEMES = {"model_type": "model-type", "org_type": "org-type", "ancestor_type": "model-type",
                 "partner_type": "org-type", "developer_type": "org-type", "modality": "modality", "access": "access",
                 "kind": "collaboration-kind", "segment": "market-segment", "status": "status"}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "zh" else pair[0]


@functools.cache
def ui(lang: str) -> dict[str, str]:
    """Every UI string in *lang* (``zh`` or ``en``)."""
    return {key: _pick(pair, lang) for key, pair in STRINGS.items()}


def column(name: str, lang: str) -> str:
    """The human header of column *name* (a column without a label shows its name with spaces, never raises)."""
    pair = COLUMNS.get(name)
    return _pick(pair, lang) if pair else name.replace("_", " ")


@functools.cache
def concept_label(scheme: str, notation: str, lang: str) -> str:
    """The ontology's label of *notation* in *scheme* in *lang*; the notation itself when it is not a concept."""
    from medkg.ontology import vocabulary

    try:
        concept = vocabulary(scheme).get(notation)
    except KeyError:
        return notation
    if concept is None:
        return notation
    return concept.label_zh if lang == "zh" else concept.label_en
