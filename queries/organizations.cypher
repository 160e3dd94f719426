// name: organizations
// description: Organizations by type with how many models they developed or partnered in.
// description_zh: 按类型列出机构及其研发或参与的模型数量。
// param: type string default= -- enterprise | university | research_institute | hospital | government (empty: all)
// columns: org_id, org, org_type, province, city, ticker, developed, partnered
// engine: cypher
MATCH (o:Organization) WHERE $type = "" OR o.org_type = $type
OPTIONAL MATCH (d:Model)-[:DEVELOPED_BY]->(o)
OPTIONAL MATCH (o)-[:PARTNER_IN]->(p:Model)
RETURN o.id AS org_id, o.name AS org, o.org_type AS org_type, o.province AS province, o.city AS city, o.ticker AS ticker,
       count(DISTINCT d.id) AS developed, count(DISTINCT p.id) AS partnered
ORDER BY developed DESC, org_id
