-- name: timeline
-- description: DuckDB equivalent of queries/timeline.rq (medical models per release year and type).
-- columns: year, model_type, models
SELECT release_year AS year, model_type, count(*) AS models
FROM model WHERE medical AND release_year IS NOT NULL
GROUP BY release_year, model_type
ORDER BY year, model_type
