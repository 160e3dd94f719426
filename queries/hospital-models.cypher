// name: hospital-models
// description: Hospitals that developed models, with each model's enterprise partners or co-developers.
// description_zh: 自研模型的医院，以及每个模型的企业合作方或共同研发企业。
// columns: hospital_id, hospital, model_id, model, model_type, enterprises:list
// engine: cypher
MATCH (m:Model)-[:DEVELOPED_BY]->(h:Organization) WHERE h.org_type = "hospital"
OPTIONAL MATCH (m)-[:DEVELOPED_BY|PARTNER_IN]-(e:Organization) WHERE e.org_type = "enterprise"
RETURN h.id AS hospital_id, h.name AS hospital, m.id AS model_id, m.name AS model, m.model_type AS model_type,
       collect(DISTINCT e.name) AS enterprises
ORDER BY hospital_id, model_id
