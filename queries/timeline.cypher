// name: timeline
// description: Medical models released per year, by type (models without a known date are left out).
// description_zh: 按年份和类型统计发布的医疗大模型数量（无发布日期的模型不计入）。
// columns: year, model_type, models
// engine: cypher
// precompute: build
MATCH (m:Model) WHERE m.medical AND m.release_year IS NOT NULL
RETURN m.release_year AS year, m.model_type AS model_type, count(m) AS models
ORDER BY year, model_type
