// name: who-built
// description: Developers and partners of a model, with their types, its direct base models and its source.
// description_zh: 某个模型由哪些机构研发、与谁合作、直接基座模型，以及数据来源（完整谱系见 lineage）。
// param: name name required -- model id, name or alias in any script
// columns: model_id, model, model_type, release_date, role, org_id, org, org_type, base_models:list, source_url
MATCH (m:Model) WHERE $name IN m.search_keys
MATCH (m)-[r:DEVELOPED_BY|PARTNER_IN]-(o:Organization)
OPTIONAL MATCH (m)-[:BASED_ON]->(b:Model)
RETURN m.id AS model_id, m.name AS model, m.model_type AS model_type, m.release_date AS release_date,
       r.role AS role, o.id AS org_id, o.name AS org, o.org_type AS org_type, collect(DISTINCT b.id) AS base_models,
       m.source_url AS source_url
ORDER BY model_id, role, org_id
