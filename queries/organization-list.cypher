// name: organization-list
// description: Organizations filtered by type, province, value-chain tier, listing and name, with their tiers and how many models they developed or partnered in, sorted.
// description_zh: 按类型、省份、产业链环节、是否上市和名称筛选并排序机构，附所在环节及其研发或参与的模型数。
// param: type string default= -- enterprise | university | research_institute | hospital | government (empty: all)
// param: in_province string default= -- province as written in the registry (e.g. 广东)
// param: tier string default= -- upstream | midstream | downstream
// param: listed string default= -- yes: has a stock ticker; no: has none (empty: both)
// param: text name default= -- part of a name, English name or alias, in any script
// param: sort string default=org_id -- org_id | org | org_type | province
// param: reverse int default=0 -- 1: descending order
// columns: org_id, org, name_en, org_type, province, city, tiers:list, ticker, models
// engine: cypher
MATCH (o:Organization)
WITH o, $text AS name_part  // a parameter inside any(...) trips LadybugDB: bind it to a name first
WHERE ($type = '' OR o.org_type = $type)
  AND ($in_province = '' OR o.province = $in_province)
  AND ($listed = '' OR ($listed = 'yes' AND coalesce(o.ticker, '') <> '') OR ($listed = 'no' AND coalesce(o.ticker, '') = ''))
  AND ($tier = '' OR EXISTS { MATCH (o)-[:IN_TIER]->(t:Tier) WHERE t.id = $tier })
  AND (name_part = '' OR any(k IN o.search_keys WHERE k CONTAINS name_part))
WITH o, CASE WHEN $sort = 'org' THEN o.name WHEN $sort = 'org_type' THEN o.org_type
              WHEN $sort = 'province' THEN coalesce(o.province, '') ELSE o.id END AS sort_key
WITH o, CASE WHEN $reverse = 1 THEN '' ELSE sort_key END AS up, CASE WHEN $reverse = 1 THEN sort_key ELSE '' END AS down
OPTIONAL MATCH (o)-[:IN_TIER]->(tr:Tier)
WITH o, up, down, collect(DISTINCT tr.id) AS tiers
OPTIONAL MATCH (d:Model)-[:DEVELOPED_BY]->(o)
WITH o, up, down, tiers, collect(DISTINCT d.id) AS developed
OPTIONAL MATCH (o)-[:PARTNER_IN]->(p:Model) WHERE NOT p.id IN developed
WITH o, up, down, tiers, developed, count(DISTINCT p) AS partnered_only
RETURN o.id AS org_id, o.name AS org, o.name_en AS name_en, o.org_type AS org_type, o.province AS province,
       o.city AS city, tiers, o.ticker AS ticker, size(developed) + partnered_only AS models
ORDER BY up, down DESC, org_id
