// name: hospital-roles
// description: Hospitals that build their own models, deploy models built by others, or both.
// description_zh: 医院的角色：自研模型、部署他人研发的模型，或两者兼有。
// columns: hospital_id, hospital, province, models_built, models_deployed, deployed_from_others, role
// engine: cypher
// precompute: build
// compute: role = hospital_role(models_built, deployed_from_others)
MATCH (h:Organization) WHERE h.org_type = 'hospital'
OPTIONAL MATCH (h)-[:DEVELOPED_BY|PARTNER_IN]-(b:Model)
WITH h, count(DISTINCT b.id) AS models_built
OPTIONAL MATCH (h)-[:DEPLOYS]->(d:Model)
WITH h, models_built, count(DISTINCT d.id) AS models_deployed
OPTIONAL MATCH (h)-[:DEPLOYS]->(x:Model) WHERE NOT EXISTS { MATCH (h)-[:DEVELOPED_BY|PARTNER_IN]-(x) }
WITH h, models_built, models_deployed, count(DISTINCT x.id) AS deployed_from_others
WHERE models_built + models_deployed > 0
RETURN h.id AS hospital_id, h.name AS hospital, coalesce(h.province, '') AS province, models_built, models_deployed,
       deployed_from_others
ORDER BY hospital_id
