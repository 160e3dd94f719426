// name: stages
// description: Development stages of medical AI, from expert systems to large models.
// description_zh: 医疗人工智能的发展阶段：从专家系统到大模型。
// columns: stage_id, stage, stage_en, start_year, end_year, source_url
MATCH (s:Stage)
RETURN s.id AS stage_id, s.name AS stage, s.name_en AS stage_en, s.start_year AS start_year, s.end_year AS end_year,
       s.source_url AS source_url
ORDER BY start_year
