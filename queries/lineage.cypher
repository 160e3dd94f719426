// name: lineage
// description: What a model is built on, transitively (base models and their bases).
// description_zh: 某模型的基座模型谱系（可传递）。
// param: name name required -- model id, name or alias
// columns: model_id, model, ancestor_id, ancestor, ancestor_type, direct
MATCH (m:Model) WHERE $name IN m.search_keys
MATCH (m)-[:BASED_ON*1..30]->(a:Model)
OPTIONAL MATCH (m)-[d:BASED_ON]->(a)
RETURN DISTINCT m.id AS model_id, m.name AS model, a.id AS ancestor_id, a.name AS ancestor, a.model_type AS ancestor_type,
       d IS NOT NULL AS direct
ORDER BY model_id, ancestor_id
