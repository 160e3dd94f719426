-- name: built-on
-- description: DuckDB equivalent of queries/built-on.rq (models built on a base, directly or transitively; a family includes its versions).
-- param: name name required -- base model id, name or alias (bound as its search key)
-- columns: base_id, base, model_id, model, model_type, direct
WITH RECURSIVE target AS (
  SELECT m.id FROM search_key k JOIN model m ON k.kind = 'model' AND m.id = k.id WHERE k.key = $name
), family_of(version, top) AS (  -- inFamily*: a model, and every model whose family chain leads to it
  SELECT id, id FROM target
  UNION
  SELECT v.id, family_of.top FROM family_of JOIN model v ON v.family = family_of.version
), built(model, top) AS (        -- basedOn+ onto any of those
  SELECT b.model, family_of.top FROM based_on b JOIN family_of ON b.base = family_of.version
  UNION
  SELECT b.model, built.top FROM built JOIN based_on b ON b.base = built.model
)
SELECT DISTINCT t.id AS base_id, t.name AS base, m.id AS model_id, m.name AS model, m.model_type,
       EXISTS (SELECT 1 FROM based_on d WHERE d.model = m.id AND d.base = t.id) AS direct
FROM built JOIN model t ON t.id = built.top JOIN model m ON m.id = built.model
ORDER BY base_id, model_id
