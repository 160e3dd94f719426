// name: type-distribution
// description: Medical models by type with shares, next to the counts and shares the report states.
// description_zh: 各类型医疗大模型数量与占比，并与报告数据对照。
// columns: model_type, models, share_pct, reported_models, reported_share_pct
// engine: cypher
// precompute: build
MATCH (x:Model) WHERE x.medical
WITH count(x) AS total
MATCH (m:Model) WHERE m.medical
WITH m.model_type AS model_type, count(m) AS models, total
OPTIONAL MATCH (c:Statistic) WHERE c.model_type = model_type AND c.unit = 'models'
OPTIONAL MATCH (s:Statistic) WHERE s.model_type = model_type AND s.unit = 'percent'
RETURN model_type, models, round(100.0 * models / total, 2) AS share_pct,
       max(c.value) AS reported_models, max(s.value) AS reported_share_pct
ORDER BY models DESC, model_type
