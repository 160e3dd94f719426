// name: model-details
// description: One model's English name and specialties, by registry id.
// description_zh: 按编号查询某个模型的英文名与专科。
// param: id string required -- registry id of the model
// columns: id, name_en, specialties:list
// engine: cypher
MATCH (m:Model {id: $id})
OPTIONAL MATCH (m)-[:HAS_SPECIALTY]->(s:Specialty)
RETURN m.id AS id, m.name_en AS name_en, collect(DISTINCT s.id) AS specialties
