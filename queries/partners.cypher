// name: partners
// description: An organization's collaboration partners up to a depth (1-3), with the shortest distance.
// description_zh: 某机构的合作伙伴（可设深度1–3），及最短合作距离。
// param: name name required -- organization id, name or alias
// param: depth int default=2 -- how many collaboration hops, 1 to 3
// columns: org_id, org, partner_id, partner, partner_type, distance
// engine: cypher
MATCH (o:Organization) WHERE $name IN o.search_keys
MATCH p = (o)-[:COLLABORATES_WITH*1..3]-(x:Organization)
WHERE x.id <> o.id AND length(p) <= $depth
RETURN o.id AS org_id, o.name AS org, x.id AS partner_id, x.name AS partner, x.org_type AS partner_type,
       min(length(p)) AS distance
ORDER BY distance, partner_id
