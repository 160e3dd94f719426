-- name: search
-- description: DuckDB equivalent of queries/search.rq (models and organizations whose search keys contain the text).
-- param: text name required -- part of a name, in any script (bound as its search key)
-- columns: kind, id, name, type
SELECT DISTINCT k.kind, k.id, coalesce(m.name, o.name) AS name, coalesce(m.model_type, o.org_type) AS type
FROM search_key k
LEFT JOIN model m ON k.kind = 'model' AND m.id = k.id
LEFT JOIN org o ON k.kind = 'organization' AND o.id = k.id
WHERE contains(k.key, $text)
ORDER BY k.kind, k.id
