-- name: who-built
-- description: DuckDB equivalent of queries/who-built.rq (developers and partners of a model, its direct bases, its source).
-- param: name name required -- model id, name or alias in any script (bound as its search key)
-- columns: model_id, model, model_type, release_date, role, org_id, org, org_type, base_models:list, source_url
SELECT m.id AS model_id, m.name AS model, m.model_type, coalesce(m.release_date, '') AS release_date, i.role,
       o.id AS org_id, o.name AS org, o.org_type,
       (SELECT list(b.base ORDER BY b.base) FROM based_on b WHERE b.model = m.id) AS base_models, m.source_url
FROM search_key k
JOIN model m ON k.kind = 'model' AND m.id = k.id
JOIN involved i ON i.model = m.id
JOIN org o ON o.id = i.org
WHERE k.key = $name
ORDER BY model_id, i.role, org_id
