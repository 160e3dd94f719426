-- name: partners
-- description: DuckDB equivalent of queries/partners.rq (collaboration partners up to a depth, with the shortest distance).
-- param: name name required -- organization id, name or alias (bound as its search key)
-- param: depth int default=2 -- how many collaboration hops, 1 to 3
-- columns: org_id, org, partner_id, partner, partner_type, distance
WITH RECURSIVE found AS (
  SELECT o.id FROM search_key k JOIN org o ON k.kind = 'organization' AND o.id = k.id WHERE k.key = $name
), step AS (   -- two organizations in one collaboration (each with itself too, as ^participant/participant gives)
  SELECT DISTINCT a.org AS src, b.org AS dst FROM participant a JOIN participant b ON a.collaboration = b.collaboration
), reach(start, org, d) AS (
  SELECT found.id, step.dst, 1 FROM found JOIN step ON step.src = found.id
  UNION
  SELECT reach.start, step.dst, reach.d + 1 FROM reach JOIN step ON step.src = reach.org WHERE reach.d < least($depth, 3)
)
SELECT o.id AS org_id, o.name AS org, x.id AS partner_id, x.name AS partner, x.org_type AS partner_type, min(r.d) AS distance
FROM reach r JOIN org o ON o.id = r.start JOIN org x ON x.id = r.org
WHERE r.org <> r.start AND r.d <= $depth
GROUP BY o.id, o.name, x.id, x.name, x.org_type
ORDER BY distance, partner_id
