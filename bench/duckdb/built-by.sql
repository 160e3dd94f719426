-- name: built-by
-- description: DuckDB equivalent of queries/built-by.rq (models an organization or its sub-organizations built or partnered in).
-- param: name name required -- organization id, name or alias in any script (bound as its search key)
-- columns: org_id, org, org_type, role, via_id, model_id, model, model_type, release_date
WITH RECURSIVE found AS (
  SELECT o.id FROM search_key k JOIN org o ON k.kind = 'organization' AND o.id = k.id WHERE k.key = $name
), below(top, via) AS (
  SELECT id, id FROM found
  UNION
  SELECT below.top, child.id FROM below JOIN org child ON child.parent = below.via
)
SELECT o.id AS org_id, o.name AS org, o.org_type, i.role, below.via AS via_id, m.id AS model_id, m.name AS model,
       m.model_type, coalesce(m.release_date, '') AS release_date
FROM below JOIN org o ON o.id = below.top
JOIN involved i ON i.org = below.via
JOIN model m ON m.id = i.model
ORDER BY org_id, i.role, model_id, via_id
