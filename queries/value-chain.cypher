// name: value-chain
// description: Organizations and the models they built or partnered in, per value-chain tier.
// description_zh: 产业链各环节（上游、中游、下游）的机构数量及其研发或参与的模型数量。
// columns: tier, tier_zh, organizations, models
// engine: cypher
// precompute: build
MATCH (t:Tier)
OPTIONAL MATCH (o:Organization)-[:IN_TIER]->(t)
OPTIONAL MATCH (o)-[:DEVELOPED_BY|PARTNER_IN]-(m:Model)
RETURN t.id AS tier, t.name_zh AS tier_zh, count(DISTINCT o.id) AS organizations, count(DISTINCT m.id) AS models
ORDER BY tier
