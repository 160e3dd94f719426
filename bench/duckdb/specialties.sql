-- name: specialties
-- description: DuckDB equivalent of queries/specialties.rq (specialties covered and by how many models).
-- columns: specialty, specialty_en, specialty_zh, models
SELECT s.specialty, v.label_en AS specialty_en, v.label_zh AS specialty_zh, count(DISTINCT s.model) AS models
FROM model_specialty s JOIN vocab v ON v.scheme = 'specialty' AND v.notation = s.specialty
GROUP BY s.specialty, v.label_en, v.label_zh
ORDER BY models DESC, s.specialty
