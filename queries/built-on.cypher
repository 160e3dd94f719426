// name: built-on
// description: Every model built on a given base model, directly or through other models (e.g. every medical model on Qwen); a family row such as qwen includes all its versions.
// description_zh: 基于某个基座模型（直接或间接）构建的全部模型，例如所有基于通义千问的医疗大模型。
// param: name name required -- base model id, name or alias
// columns: base_id, base, model_id, model, model_type, direct
// order: base_id, model_id
MATCH (b:Model) WHERE $name IN b.search_keys
MATCH (m:Model)-[:BASED_ON*1..30]->(:Model)-[:IN_FAMILY*0..5]->(b)
OPTIONAL MATCH (m)-[d:BASED_ON]->(b)
RETURN DISTINCT b.id AS base_id, b.name AS base, m.id AS model_id, m.name AS model, m.model_type AS model_type,
       d IS NOT NULL AS direct
