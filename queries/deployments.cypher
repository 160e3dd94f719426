// name: deployments
// description: Models deployed by organizations (usually hospitals), with the model's family, the deployer's province, scope, vendor and source.
// description_zh: 机构（多为医院）部署的模型，附模型系列、部署方所在省份、范围、供应商与来源。
// param: of_model name default= -- a model or family (id, name or alias): deployments of it and of models in its family (empty: all)
// param: province string default= -- the deployer's province, e.g. 浙江 (empty: all)
// columns: deployer_id, deployer, deployer_type, deployer_province, model_id, model, family_id, date, scope, vendor_id, hardware, source_url
// engine: cypher
MATCH (d:Organization)-[dep:DEPLOYS]->(m:Model)
WHERE ($province = '' OR d.province = $province)
  AND ($of_model = '' OR EXISTS { MATCH (m)-[:IN_FAMILY*0..6]->(t:Model) WHERE $of_model IN t.search_keys })
MATCH (m)-[:IN_FAMILY*0..6]->(f:Model)
WHERE NOT EXISTS { MATCH (f)-[:IN_FAMILY]->(:Model) }
RETURN d.id AS deployer_id, d.name AS deployer, d.org_type AS deployer_type, d.province AS deployer_province,
       m.id AS model_id, m.name AS model, f.id AS family_id, dep.date AS date, dep.scope AS scope,
       dep.vendor AS vendor_id, dep.hardware AS hardware, dep.source_url AS source_url
ORDER BY deployer_id, model_id, date
