-- name: lineage
-- description: DuckDB equivalent of queries/lineage.rq (what a model is built on, transitively).
-- param: name name required -- model id, name or alias (bound as its search key)
-- columns: model_id, model, ancestor_id, ancestor, ancestor_type, direct
WITH RECURSIVE found AS (
  SELECT m.id FROM search_key k JOIN model m ON k.kind = 'model' AND m.id = k.id WHERE k.key = $name
), up(model, ancestor) AS (
  SELECT b.model, b.base FROM based_on b JOIN found ON b.model = found.id
  UNION
  SELECT up.model, b.base FROM up JOIN based_on b ON b.model = up.ancestor
)
SELECT DISTINCT m.id AS model_id, m.name AS model, a.id AS ancestor_id, a.name AS ancestor, a.model_type AS ancestor_type,
       EXISTS (SELECT 1 FROM based_on d WHERE d.model = m.id AND d.base = a.id) AS direct
FROM up JOIN model m ON m.id = up.model JOIN model a ON a.id = up.ancestor
ORDER BY model_id, ancestor_id
