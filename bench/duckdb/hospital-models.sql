-- name: hospital-models
-- description: DuckDB equivalent of queries/hospital-models.rq (hospitals that developed models, with each model's enterprises).
-- columns: hospital_id, hospital, model_id, model, model_type, enterprises:list
SELECT h.id AS hospital_id, h.name AS hospital, m.id AS model_id, m.name AS model, m.model_type,
       (SELECT list(DISTINCT e.name) FROM involved i JOIN org e ON e.id = i.org AND e.org_type = 'enterprise'
        WHERE i.model = m.id) AS enterprises
FROM developer d JOIN org h ON h.id = d.org AND h.org_type = 'hospital' JOIN model m ON m.id = d.model
ORDER BY hospital_id, model_id
