-- name: type-distribution
-- description: DuckDB equivalent of queries/type-distribution.rq (medical models by type, shares, reported figures).
-- columns: model_type, models, share_pct, reported_models, reported_share_pct
WITH total AS (SELECT count(*) AS n FROM model WHERE medical),
reported AS (
  SELECT v.for_type AS model_type,
         max(CASE WHEN trim(s.unit) = 'models' THEN CAST(s.value AS DECIMAL(18, 4)) END) AS reported_models,
         max(CASE WHEN trim(s.unit) = 'percent' THEN CAST(s.value AS DECIMAL(18, 4)) END) AS reported_share_pct
  FROM raw_statistics s JOIN vocab v ON v.scheme = 'measure' AND v.notation = trim(s.measure)
  WHERE v.for_type IS NOT NULL GROUP BY v.for_type
)
SELECT m.model_type, count(DISTINCT m.id) AS models,
       round(10000 * count(DISTINCT m.id) / any_value(total.n)) / 100 AS share_pct,
       any_value(r.reported_models) AS reported_models, any_value(r.reported_share_pct) AS reported_share_pct
FROM model m CROSS JOIN total LEFT JOIN reported r ON r.model_type = m.model_type
WHERE m.medical
GROUP BY m.model_type
ORDER BY models DESC, m.model_type
