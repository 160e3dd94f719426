-- name: developer-types
-- description: DuckDB equivalent of queries/developer-types.rq (medical models by developer type, single or collaborative).
-- columns: developer_type, organizations, models, single_org_models, collaborative_models
WITH built AS (
  SELECT d.model, d.org, o.org_type,
         NOT EXISTS (SELECT 1 FROM involved i WHERE i.model = d.model AND i.org <> d.org) AS solo
  FROM developer d JOIN model m ON m.id = d.model AND m.medical JOIN org o ON o.id = d.org
)
SELECT org_type AS developer_type, count(DISTINCT org) AS organizations, count(DISTINCT model) AS models,
       count(DISTINCT model) FILTER (WHERE solo) AS single_org_models,
       count(DISTINCT model) - count(DISTINCT model) FILTER (WHERE solo) AS collaborative_models
FROM built
GROUP BY org_type
ORDER BY models DESC, developer_type
