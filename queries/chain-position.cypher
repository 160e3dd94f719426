// name: chain-position
// description: An organization's place in the value chain: its segments and tiers, what it supplies, builds and deploys.
// description_zh: 某机构在产业链中的位置：所属细分与环节，以及其供给、研发与部署的数量。
// param: name name required -- organization id, name or alias in any script
// columns: org_id, org, org_type, segments:list, tiers:list, supplies, models_built, deployments
// engine: cypher
MATCH (o:Organization) WHERE $name IN o.search_keys
OPTIONAL MATCH (o)-[:IN_SEGMENT]->(sg:Segment)
WITH o, collect(DISTINCT sg.id) AS segments
OPTIONAL MATCH (o)-[:IN_TIER]->(t:Tier)
WITH o, segments, collect(DISTINCT t.id) AS tiers
OPTIONAL MATCH (o)-[s:SUPPLIES]->(:Model)
WITH o, segments, tiers, count(DISTINCT s.id) AS supplies
OPTIONAL MATCH (o)-[:DEVELOPED_BY|PARTNER_IN]-(m:Model)
WITH o, segments, tiers, supplies, count(DISTINCT m.id) AS models_built
OPTIONAL MATCH (o)-[d:DEPLOYS]->(:Model)
RETURN o.id AS org_id, o.name AS org, o.org_type AS org_type, segments, tiers, supplies, models_built,
       count(DISTINCT d.id) AS deployments
