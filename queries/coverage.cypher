// name: coverage
// description: Medical models held in the graph against the counts a report states, by type (partial dates compare by their first day).
// description_zh: 图谱收录的医疗大模型与报告统计数量对比（按类型）。
// param: as_of string default=2025-07-31 -- count models released on or before this date (YYYY-MM-DD)
// columns: model_type, reported, held_by_date, held_undated, held, coverage_pct
MATCH (s:Statistic) WHERE s.unit = 'models' AND s.model_type <> ''
OPTIONAL MATCH (m:Model) WHERE m.model_type = s.model_type
WITH s.model_type AS model_type, s.value AS reported,
     collect(DISTINCT CASE WHEN coalesce(m.release_date, '') <> '' AND m.release_date <= $as_of THEN m.id ELSE NULL END) AS dated,
     collect(DISTINCT CASE WHEN m.id IS NOT NULL AND coalesce(m.release_date, '') = '' THEN m.id ELSE NULL END) AS undated
RETURN model_type, reported, size(dated) AS held_by_date, size(undated) AS held_undated,
       size(dated) + size(undated) AS held, round(100.0 * (size(dated) + size(undated)) / reported, 1) AS coverage_pct
ORDER BY reported DESC, model_type
