// name: collaborations
// description: Collaboration pairs with their kind and the model they produced; filter by kind.
// description_zh: 合作机构对及其合作类型与共同产出的模型，可按合作类型筛选。
// param: of_kind string default= -- e.g. hospital-enterprise (empty: all)
// columns: kind, org_a_id, org_a, org_b_id, org_b, model_id, inferred, source_url
// engine: cypher
MATCH (a:Organization)-[c:COLLABORATES_WITH]->(b:Organization)
WHERE $of_kind = "" OR c.kind = $of_kind
RETURN c.kind AS kind, a.id AS org_a_id, a.name AS org_a, b.id AS org_b_id, b.name AS org_b, c.model AS model_id,
       c.inferred AS inferred, c.source_url AS source_url
ORDER BY kind, org_a_id, org_b_id, model_id
