// name: developer-types
// description: Medical models by developer type, split into single-organization and collaborative models.
// description_zh: 按研发机构类型统计医疗大模型，区分单一机构研发与合作研发。
// columns: developer_type, organizations, models, single_org_models, collaborative_models
// engine: cypher
// precompute: build
MATCH (m:Model)-[:DEVELOPED_BY]->(o:Organization) WHERE m.medical
OPTIONAL MATCH (m)-[:DEVELOPED_BY|PARTNER_IN]-(other:Organization) WHERE other.id <> o.id
WITH o.org_type AS developer_type, o, m, count(other) AS others
WITH developer_type, collect(DISTINCT o.id) AS orgs, collect(DISTINCT m.id) AS all_models,
     collect(DISTINCT CASE WHEN others = 0 THEN m.id ELSE NULL END) AS solo
RETURN developer_type, size(orgs) AS organizations, size(all_models) AS models, size(solo) AS single_org_models,
       size(all_models) - size(solo) AS collaborative_models
ORDER BY models DESC, developer_type
