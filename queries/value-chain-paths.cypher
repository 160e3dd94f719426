// name: value-chain-paths
// description: Paths through the value chain: an upstream supplier's chip, cloud or framework → the model it trained or runs (or a model built on it) → the organization that deployed that model.
// description_zh: 产业链路径：上游供给方（芯片、云、框架）→ 由其训练或运行的模型（或基于它的模型）→ 部署该模型的机构。
// columns: upstream_id, upstream, relation, product, supplied_model_id, model_id, model, downstream_id, downstream
MATCH (u:Organization)-[s:SUPPLIES]->(sm:Model)
MATCH (d:Organization)-[:DEPLOYS]->(dm:Model)
WHERE dm.id = sm.id
   OR EXISTS { MATCH (dm)-[:BASED_ON|IN_FAMILY*1..12]->(x:Model) WHERE x.id = sm.id }
   OR EXISTS { MATCH (sm)-[:IN_FAMILY*1..6]->(y:Model) WHERE y.id = dm.id }
RETURN DISTINCT u.id AS upstream_id, u.name AS upstream, s.relation AS relation, s.product AS product,
       sm.id AS supplied_model_id, dm.id AS model_id, dm.name AS model, d.id AS downstream_id, d.name AS downstream
ORDER BY upstream_id, model_id, downstream_id, supplied_model_id, product
