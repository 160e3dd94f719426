// name: organization-facets
// description: Counts of the organizations that pass the filters of `organization-list`, per value of each facet: type, province, value-chain tier and listed (facet total: all of them).
// description_zh: 满足 organization-list 筛选条件的机构按各维度取值的计数：类型、省份、产业链环节和是否上市（total 为总数）。
// param: type string default= -- enterprise | university | research_institute | hospital | government (empty: all)
// param: in_province string default= -- province as written in the registry (e.g. 广东)
// param: tier string default= -- upstream | midstream | downstream
// param: listed string default= -- yes: has a stock ticker; no: has none (empty: both)
// param: text name default= -- part of a name, English name or alias, in any script
// columns: facet, value, organizations
// order: facet, organizations desc, value
// engine: cypher
// precompute: build
MATCH (o:Organization)
WITH o, $text AS name_part  // a parameter inside any(...) trips LadybugDB: bind it to a name first
WHERE ($type = '' OR o.org_type = $type)
  AND ($in_province = '' OR o.province = $in_province)
  AND ($listed = '' OR ($listed = 'yes' AND coalesce(o.ticker, '') <> '') OR ($listed = 'no' AND coalesce(o.ticker, '') = ''))
  AND ($tier = '' OR EXISTS { MATCH (o)-[:IN_TIER]->(t:Tier) WHERE t.id = $tier })
  AND (name_part = '' OR any(k IN o.search_keys WHERE k CONTAINS name_part))
WITH 'total' AS facet, 'all' AS value, o WHERE value IS NOT NULL
RETURN facet, value, count(DISTINCT o) AS organizations
UNION ALL
MATCH (o:Organization)
WITH o, $text AS name_part  // a parameter inside any(...) trips LadybugDB: bind it to a name first
WHERE ($type = '' OR o.org_type = $type)
  AND ($in_province = '' OR o.province = $in_province)
  AND ($listed = '' OR ($listed = 'yes' AND coalesce(o.ticker, '') <> '') OR ($listed = 'no' AND coalesce(o.ticker, '') = ''))
  AND ($tier = '' OR EXISTS { MATCH (o)-[:IN_TIER]->(t:Tier) WHERE t.id = $tier })
  AND (name_part = '' OR any(k IN o.search_keys WHERE k CONTAINS name_part))
WITH 'org_type' AS facet, o.org_type AS value, o WHERE value IS NOT NULL
RETURN facet, value, count(DISTINCT o) AS organizations
UNION ALL
MATCH (o:Organization)
WITH o, $text AS name_part  // a parameter inside any(...) trips LadybugDB: bind it to a name first
WHERE ($type = '' OR o.org_type = $type)
  AND ($in_province = '' OR o.province = $in_province)
  AND ($listed = '' OR ($listed = 'yes' AND coalesce(o.ticker, '') <> '') OR ($listed = 'no' AND coalesce(o.ticker, '') = ''))
  AND ($tier = '' OR EXISTS { MATCH (o)-[:IN_TIER]->(t:Tier) WHERE t.id = $tier })
  AND (name_part = '' OR any(k IN o.search_keys WHERE k CONTAINS name_part))
WITH 'province' AS facet, o.province AS value, o WHERE value IS NOT NULL
RETURN facet, value, count(DISTINCT o) AS organizations
UNION ALL
MATCH (o:Organization)
WITH o, $text AS name_part  // a parameter inside any(...) trips LadybugDB: bind it to a name first
WHERE ($type = '' OR o.org_type = $type)
  AND ($in_province = '' OR o.province = $in_province)
  AND ($listed = '' OR ($listed = 'yes' AND coalesce(o.ticker, '') <> '') OR ($listed = 'no' AND coalesce(o.ticker, '') = ''))
  AND ($tier = '' OR EXISTS { MATCH (o)-[:IN_TIER]->(t:Tier) WHERE t.id = $tier })
  AND (name_part = '' OR any(k IN o.search_keys WHERE k CONTAINS name_part))
MATCH (o)-[:IN_TIER]->(tr:Tier)
WITH 'tier' AS facet, tr.id AS value, o WHERE value IS NOT NULL
RETURN facet, value, count(DISTINCT o) AS organizations
UNION ALL
MATCH (o:Organization)
WITH o, $text AS name_part  // a parameter inside any(...) trips LadybugDB: bind it to a name first
WHERE ($type = '' OR o.org_type = $type)
  AND ($in_province = '' OR o.province = $in_province)
  AND ($listed = '' OR ($listed = 'yes' AND coalesce(o.ticker, '') <> '') OR ($listed = 'no' AND coalesce(o.ticker, '') = ''))
  AND ($tier = '' OR EXISTS { MATCH (o)-[:IN_TIER]->(t:Tier) WHERE t.id = $tier })
  AND (name_part = '' OR any(k IN o.search_keys WHERE k CONTAINS name_part))
WITH 'listed' AS facet, CASE WHEN coalesce(o.ticker, '') <> '' THEN 'yes' ELSE 'no' END AS value, o WHERE value IS NOT NULL
RETURN facet, value, count(DISTINCT o) AS organizations
