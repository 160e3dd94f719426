// name: value-chain-paths
// description: Paths from upstream suppliers (compute, chips, frameworks) to downstream application organizations, through the models they built together.
// description_zh: 从上游供应方（算力、芯片、框架）到下游应用机构的合作路径及共同产出的模型。
// columns: upstream_id, upstream, kind, model_id, model, downstream_id, downstream
MATCH (u:Organization)-[c:COLLABORATES_WITH]-(d:Organization)
WHERE u.id <> d.id
  AND EXISTS { MATCH (u)-[:IN_TIER]->(tu:Tier) WHERE tu.id = "upstream" }
  AND EXISTS { MATCH (d)-[:IN_TIER]->(td:Tier) WHERE td.id = "downstream" }
OPTIONAL MATCH (m:Model) WHERE m.id = c.model
RETURN DISTINCT u.id AS upstream_id, u.name AS upstream, c.kind AS kind, m.id AS model_id, m.name AS model,
       d.id AS downstream_id, d.name AS downstream
ORDER BY upstream_id, downstream_id, model_id
