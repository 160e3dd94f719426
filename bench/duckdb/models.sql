-- name: models
-- description: DuckDB equivalent of queries/models.rq (models filtered by type, developer type, specialty, base, year, modality, access, developer province, base-model family, name; sorted).
-- param: type string default= -- general | specialty | tcm | other | foundation (empty: all)
-- param: developer_type string default= -- enterprise | university | research_institute | hospital | government
-- param: specialty string default= -- a specialty notation such as ophthalmology
-- param: base name default= -- a base model (id, name or alias); models built on it (or on a version of that family) directly or transitively
-- param: year int default=0 -- release year (0: any)
-- param: of_modality string default= -- language | vision-language | multimodal | vision | signal | molecular | speech
-- param: of_access string default= -- open-weights | api | product | research
-- param: with_foundation int default=0 -- 1: base (foundation) models too; by default only medical models (or the --type asked for)
-- param: province string default= -- province of a developer
-- param: family string default= -- registry id of a base-model family
-- param: text name default= -- part of a name, in any script
-- param: sort string default=model_id -- model_id | model | release_date | model_type
-- param: reverse int default=0 -- 1: descending order
-- columns: model_id, model, name_en, model_type, modality, access, release_date, developers:list, specialties:list, source_url
WITH RECURSIVE target AS (
  SELECT m.id FROM search_key k JOIN model m ON k.kind = 'model' AND m.id = k.id WHERE $base <> '' AND k.key = $base
), family_of(version) AS (
  SELECT id FROM target UNION SELECT v.id FROM family_of JOIN model v ON v.family = family_of.version
), built(model) AS (
  SELECT b.model FROM based_on b JOIN family_of ON b.base = family_of.version
  UNION
  SELECT b.model FROM built JOIN based_on b ON b.base = built.model
)
SELECT m.id AS model_id, m.name AS model, coalesce(m.name_en, '') AS name_en, m.model_type,
       coalesce(m.modality, '') AS modality, coalesce(m.access, '') AS access, coalesce(m.release_date, '') AS release_date,
       (SELECT list(DISTINCT o.name) FROM developer d JOIN org o ON o.id = d.org WHERE d.model = m.id) AS developers,
       (SELECT list(DISTINCT s.specialty) FROM model_specialty s WHERE s.model = m.id) AS specialties,
       m.source_url
FROM model m
WHERE ($type = '' OR m.model_type = $type)
  AND ($with_foundation = 1 OR $type <> '' OR m.model_type <> 'foundation')
  AND ($of_modality = '' OR coalesce(m.modality, '') = $of_modality)
  AND ($of_access = '' OR coalesce(m.access, '') = $of_access)
  AND ($developer_type = '' OR EXISTS (SELECT 1 FROM developer d JOIN org o ON o.id = d.org
                                       WHERE d.model = m.id AND o.org_type = $developer_type))
  AND ($specialty = '' OR EXISTS (SELECT 1 FROM model_specialty s WHERE s.model = m.id AND s.specialty = $specialty))
  AND ($base = '' OR m.id IN (SELECT model FROM built))
  AND ($year = 0 OR m.release_year = $year)
  AND ($province = '' OR EXISTS (SELECT 1 FROM developer d JOIN org o ON o.id = d.org
                                 WHERE d.model = m.id AND o.province = $province))
  AND ($family = '' OR EXISTS (SELECT 1 FROM based_on b JOIN model v ON v.id = b.base
                               WHERE b.model = m.id AND coalesce(v.family, v.id) = $family))
  AND ($text = '' OR EXISTS (SELECT 1 FROM search_key k WHERE k.kind = 'model' AND k.id = m.id AND contains(k.key, $text)))
ORDER BY CASE WHEN $reverse = 1 THEN '' ELSE CASE $sort WHEN 'release_date' THEN coalesce(m.release_date, '')
              WHEN 'model' THEN m.name WHEN 'model_type' THEN m.model_type ELSE m.id END END,
         CASE WHEN $reverse = 1 THEN CASE $sort WHEN 'release_date' THEN coalesce(m.release_date, '')
              WHEN 'model' THEN m.name WHEN 'model_type' THEN m.model_type ELSE m.id END ELSE '' END DESC,
         model_id
