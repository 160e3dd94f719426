-- name: _schema
-- description: Tables the DuckDB equivalents query, derived once from the registry's CSV tables (raw_*, every
--   column VARCHAR, empty cells NULL) and from the vocabulary and search-key tables bench/duck.py loads beside them.
--   What a user who keeps the registry in DuckDB would write: ';'-separated lists split into link tables, dates
--   parsed, collaborations implied by co-developed models derived as the loader derives them.

CREATE TABLE model AS
SELECT trim(id) AS id, trim(name) AS name, nullif(trim(name_en), '') AS name_en, trim(model_type) AS model_type,
       trim(model_type) <> 'foundation' AS medical, nullif(trim(family), '') AS family,
       trim(source_url) AS source_url, nullif(trim(modality), '') AS modality, nullif(trim(access), '') AS access,
       CASE
         WHEN regexp_matches(trim(release_date), '^\d{4}(-\d{2}(-\d{2})?)?$') THEN trim(release_date)
         WHEN regexp_matches(trim(release_date), '^\d{4}年\d{1,2}月(\d{1,2}日)?$') THEN
           regexp_extract(trim(release_date), '^(\d{4})', 1) || '-' || lpad(regexp_extract(trim(release_date), '年(\d{1,2})月', 1), 2, '0')
           || coalesce('-' || lpad(nullif(regexp_extract(trim(release_date), '月(\d{1,2})日', 1), ''), 2, '0'), '')
       END AS release_date,
       developers, partners, base_models, specialties
FROM raw_models;
ALTER TABLE model ADD COLUMN release_year INTEGER;
UPDATE model SET release_year = CAST(left(release_date, 4) AS INTEGER);

CREATE TABLE org AS
SELECT trim(id) AS id, trim(name) AS name, trim(org_type) AS org_type, nullif(trim(parent), '') AS parent, value_chain,
       nullif(trim(province), '') AS province
FROM raw_organizations;

-- One row per list item, in list order (duplicates dropped, as the loader does).
CREATE TABLE developer AS
SELECT DISTINCT m.id AS model, trim(d.item) AS org FROM model m, unnest(string_split(m.developers, ';')) AS d(item)
WHERE trim(d.item) <> '';
CREATE TABLE partner AS
SELECT DISTINCT m.id AS model, trim(p.item) AS org FROM model m, unnest(string_split(m.partners, ';')) AS p(item)
WHERE trim(p.item) <> '';
CREATE TABLE based_on AS
SELECT DISTINCT m.id AS model, split_part(trim(b.item), ':', 1) AS base
FROM model m, unnest(string_split(m.base_models, ';')) AS b(item) WHERE trim(b.item) <> '';
CREATE TABLE model_specialty AS
SELECT DISTINCT m.id AS model, trim(s.item) AS specialty FROM model m, unnest(string_split(m.specialties, ';')) AS s(item)
WHERE trim(s.item) <> '';
CREATE TABLE org_tier AS
SELECT DISTINCT o.id AS org, trim(t.item) AS tier FROM org o, unnest(string_split(o.value_chain, ';')) AS t(item)
WHERE trim(t.item) <> '';

-- Who built or partnered in each model, with the role.
CREATE TABLE involved AS
SELECT model, org, 'developer' AS role FROM developer UNION ALL SELECT model, org, 'partner' FROM partner;

-- Collaborations: the stated rows, then one per pair of organizations on the same model that no stated row covers.
-- A pair is ordered as its kind names it (hospital-enterprise: the hospital first; same types: by id).
CREATE TABLE collaboration AS
WITH stated AS (
  SELECT trim(c.org_a) AS a, trim(c.org_b) AS b, nullif(trim(c.model), '') AS model, false AS inferred
  FROM raw_collaborations c
), implied AS (
  SELECT DISTINCT x.org AS a, y.org AS b, x.model AS model, true AS inferred
  FROM involved x JOIN involved y ON x.model = y.model AND x.org < y.org
  WHERE NOT EXISTS (SELECT 1 FROM stated s WHERE s.model = x.model AND least(s.a, s.b) = x.org AND greatest(s.a, s.b) = y.org)
), pairs AS (
  SELECT p.*, oa.org_type AS ta, ob.org_type AS tb FROM (SELECT * FROM stated UNION ALL SELECT * FROM implied) p
  JOIN org oa ON oa.id = p.a JOIN org ob ON ob.id = p.b
), ordered AS (
  SELECT CASE WHEN swap THEN b ELSE a END AS first_party, CASE WHEN swap THEN a ELSE b END AS second_party,
         CASE WHEN swap THEN tb ELSE ta END AS first_type, CASE WHEN swap THEN ta ELSE tb END AS second_type, model, inferred
  FROM (SELECT pairs.*, (NOT EXISTS (SELECT 1 FROM kind_pair k WHERE k.first_type = ta AND k.second_type = tb)
                         OR (ta = tb AND b < a)) AS swap FROM pairs)
)
SELECT first_party || '--' || second_party || coalesce('--' || model, '') AS id, first_party, second_party, k.kind,
       model, inferred
FROM ordered JOIN kind_pair k USING (first_type, second_type);

CREATE TABLE participant AS
SELECT id AS collaboration, first_party AS org FROM collaboration
UNION SELECT id, second_party FROM collaboration;
