// name: built-by
// description: Models an organization developed or partnered in (its sub-organizations included).
// description_zh: 某机构（含下属机构）研发或参与合作的模型。
// param: name name required -- organization id, name or alias in any script
// columns: org_id, org, org_type, role, via_id, model_id, model, model_type, release_date
MATCH (o:Organization) WHERE $name IN o.search_keys
MATCH (via:Organization)-[:PART_OF*0..10]->(o)
MATCH (m:Model)-[r:DEVELOPED_BY|PARTNER_IN]-(via)
RETURN DISTINCT o.id AS org_id, o.name AS org, o.org_type AS org_type, r.role AS role, via.id AS via_id,
       m.id AS model_id, m.name AS model, m.model_type AS model_type, m.release_date AS release_date
ORDER BY org_id, role, model_id, via_id
