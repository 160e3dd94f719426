// name: timeline-quarterly
// description: Medical models released per quarter, by type (only dates known at least to the month).
// description_zh: 按季度和类型统计发布的医疗大模型数量（仅统计精确到月份的日期）。
// columns: quarter, model_type, models
// engine: cypher
// precompute: build
MATCH (m:Model) WHERE m.medical AND m.release_quarter IS NOT NULL
RETURN m.release_quarter AS quarter, m.model_type AS model_type, count(m) AS models
ORDER BY quarter, model_type
