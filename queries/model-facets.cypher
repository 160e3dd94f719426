// name: model-facets
// description: Counts of the models that pass the filters of `models`, per value of each facet: model type, developer type, specialty, modality, access, base-model family, developer province and release year (facet total: all of them).
// description_zh: 满足 models 筛选条件的模型按各维度取值的计数：模型类型、研发机构类型、专科、模态、开放方式、基座家族、研发机构省份和发布年份（total 为总数）。
// param: type string default= -- general | specialty | tcm | other | foundation (empty: all)
// param: developer_type string default= -- enterprise | university | research_institute | hospital | government
// param: specialty string default= -- a specialty notation such as ophthalmology
// param: base name default= -- a base model (id, name or alias); models built on it (or on a version of that family) directly or transitively
// param: year int default=0 -- release year (0: any)
// param: of_modality string default= -- language | vision-language | multimodal | vision | signal | molecular | speech
// param: of_access string default= -- open-weights | api | product | research
// param: with_foundation int default=0 -- 1: base (foundation) models too; by default only medical models (or the --type asked for)
// param: province string default= -- province of a developer, as written in the registry (e.g. 广东)
// param: family string default= -- registry id of a base-model family (the direct base model's family, or the base model itself): qwen, llama, ...
// param: text name default= -- part of a name, English name or alias, in any script
// columns: facet, value, models
// order: facet, models desc, value
// engine: cypher
// precompute: build
MATCH (m:Model)
WITH m, $text AS name_part  // a parameter inside any(...) trips LadybugDB: bind it to a name first
WHERE ($type = '' OR m.model_type = $type)
  AND ($with_foundation = 1 OR $type <> '' OR m.model_type <> 'foundation')
  AND ($of_modality = '' OR m.modality = $of_modality)
  AND ($of_access = '' OR m.access = $of_access)
  AND ($developer_type = '' OR EXISTS { MATCH (m)-[:DEVELOPED_BY]->(d:Organization) WHERE d.org_type = $developer_type })
  AND ($specialty = '' OR EXISTS { MATCH (m)-[:HAS_SPECIALTY]->(s:Specialty) WHERE s.id = $specialty })
  AND ($province = '' OR EXISTS { MATCH (m)-[:DEVELOPED_BY]->(dp:Organization) WHERE dp.province = $province })
  AND ($family = '' OR EXISTS { MATCH (m)-[:BASED_ON]->(fb:Model) WHERE fb.id = $family AND NOT EXISTS { MATCH (fb)-[:IN_FAMILY]->(:Model) } }
                    OR EXISTS { MATCH (m)-[:BASED_ON]->(:Model)-[:IN_FAMILY]->(ff:Model) WHERE ff.id = $family })
  AND (name_part = '' OR any(k IN m.search_keys WHERE k CONTAINS name_part))
  AND ($base = '' OR EXISTS { MATCH (m)-[:BASED_ON*1..30]->(:Model)-[:IN_FAMILY*0..5]->(b:Model) WHERE $base IN b.search_keys })
  AND ($year = 0 OR m.release_year = $year)
WITH 'total' AS facet, 'all' AS value, m WHERE value IS NOT NULL
RETURN facet, value, count(DISTINCT m) AS models
UNION ALL
MATCH (m:Model)
WITH m, $text AS name_part  // a parameter inside any(...) trips LadybugDB: bind it to a name first
WHERE ($type = '' OR m.model_type = $type)
  AND ($with_foundation = 1 OR $type <> '' OR m.model_type <> 'foundation')
  AND ($of_modality = '' OR m.modality = $of_modality)
  AND ($of_access = '' OR m.access = $of_access)
  AND ($developer_type = '' OR EXISTS { MATCH (m)-[:DEVELOPED_BY]->(d:Organization) WHERE d.org_type = $developer_type })
  AND ($specialty = '' OR EXISTS { MATCH (m)-[:HAS_SPECIALTY]->(s:Specialty) WHERE s.id = $specialty })
  AND ($province = '' OR EXISTS { MATCH (m)-[:DEVELOPED_BY]->(dp:Organization) WHERE dp.province = $province })
  AND ($family = '' OR EXISTS { MATCH (m)-[:BASED_ON]->(fb:Model) WHERE fb.id = $family AND NOT EXISTS { MATCH (fb)-[:IN_FAMILY]->(:Model) } }
                    OR EXISTS { MATCH (m)-[:BASED_ON]->(:Model)-[:IN_FAMILY]->(ff:Model) WHERE ff.id = $family })
  AND (name_part = '' OR any(k IN m.search_keys WHERE k CONTAINS name_part))
  AND ($base = '' OR EXISTS { MATCH (m)-[:BASED_ON*1..30]->(:Model)-[:IN_FAMILY*0..5]->(b:Model) WHERE $base IN b.search_keys })
  AND ($year = 0 OR m.release_year = $year)
WITH 'model_type' AS facet, m.model_type AS value, m WHERE value IS NOT NULL
RETURN facet, value, count(DISTINCT m) AS models
UNION ALL
MATCH (m:Model)
WITH m, $text AS name_part  // a parameter inside any(...) trips LadybugDB: bind it to a name first
WHERE ($type = '' OR m.model_type = $type)
  AND ($with_foundation = 1 OR $type <> '' OR m.model_type <> 'foundation')
  AND ($of_modality = '' OR m.modality = $of_modality)
  AND ($of_access = '' OR m.access = $of_access)
  AND ($developer_type = '' OR EXISTS { MATCH (m)-[:DEVELOPED_BY]->(d:Organization) WHERE d.org_type = $developer_type })
  AND ($specialty = '' OR EXISTS { MATCH (m)-[:HAS_SPECIALTY]->(s:Specialty) WHERE s.id = $specialty })
  AND ($province = '' OR EXISTS { MATCH (m)-[:DEVELOPED_BY]->(dp:Organization) WHERE dp.province = $province })
  AND ($family = '' OR EXISTS { MATCH (m)-[:BASED_ON]->(fb:Model) WHERE fb.id = $family AND NOT EXISTS { MATCH (fb)-[:IN_FAMILY]->(:Model) } }
                    OR EXISTS { MATCH (m)-[:BASED_ON]->(:Model)-[:IN_FAMILY]->(ff:Model) WHERE ff.id = $family })
  AND (name_part = '' OR any(k IN m.search_keys WHERE k CONTAINS name_part))
  AND ($base = '' OR EXISTS { MATCH (m)-[:BASED_ON*1..30]->(:Model)-[:IN_FAMILY*0..5]->(b:Model) WHERE $base IN b.search_keys })
  AND ($year = 0 OR m.release_year = $year)
MATCH (m)-[:DEVELOPED_BY]->(d:Organization)
WITH 'developer_type' AS facet, d.org_type AS value, m WHERE value IS NOT NULL
RETURN facet, value, count(DISTINCT m) AS models
UNION ALL
MATCH (m:Model)
WITH m, $text AS name_part  // a parameter inside any(...) trips LadybugDB: bind it to a name first
WHERE ($type = '' OR m.model_type = $type)
  AND ($with_foundation = 1 OR $type <> '' OR m.model_type <> 'foundation')
  AND ($of_modality = '' OR m.modality = $of_modality)
  AND ($of_access = '' OR m.access = $of_access)
  AND ($developer_type = '' OR EXISTS { MATCH (m)-[:DEVELOPED_BY]->(d:Organization) WHERE d.org_type = $developer_type })
  AND ($specialty = '' OR EXISTS { MATCH (m)-[:HAS_SPECIALTY]->(s:Specialty) WHERE s.id = $specialty })
  AND ($province = '' OR EXISTS { MATCH (m)-[:DEVELOPED_BY]->(dp:Organization) WHERE dp.province = $province })
  AND ($family = '' OR EXISTS { MATCH (m)-[:BASED_ON]->(fb:Model) WHERE fb.id = $family AND NOT EXISTS { MATCH (fb)-[:IN_FAMILY]->(:Model) } }
                    OR EXISTS { MATCH (m)-[:BASED_ON]->(:Model)-[:IN_FAMILY]->(ff:Model) WHERE ff.id = $family })
  AND (name_part = '' OR any(k IN m.search_keys WHERE k CONTAINS name_part))
  AND ($base = '' OR EXISTS { MATCH (m)-[:BASED_ON*1..30]->(:Model)-[:IN_FAMILY*0..5]->(b:Model) WHERE $base IN b.search_keys })
  AND ($year = 0 OR m.release_year = $year)
MATCH (m)-[:HAS_SPECIALTY]->(s:Specialty)
WITH 'specialty' AS facet, s.id AS value, m WHERE value IS NOT NULL
RETURN facet, value, count(DISTINCT m) AS models
UNION ALL
MATCH (m:Model)
WITH m, $text AS name_part  // a parameter inside any(...) trips LadybugDB: bind it to a name first
WHERE ($type = '' OR m.model_type = $type)
  AND ($with_foundation = 1 OR $type <> '' OR m.model_type <> 'foundation')
  AND ($of_modality = '' OR m.modality = $of_modality)
  AND ($of_access = '' OR m.access = $of_access)
  AND ($developer_type = '' OR EXISTS { MATCH (m)-[:DEVELOPED_BY]->(d:Organization) WHERE d.org_type = $developer_type })
  AND ($specialty = '' OR EXISTS { MATCH (m)-[:HAS_SPECIALTY]->(s:Specialty) WHERE s.id = $specialty })
  AND ($province = '' OR EXISTS { MATCH (m)-[:DEVELOPED_BY]->(dp:Organization) WHERE dp.province = $province })
  AND ($family = '' OR EXISTS { MATCH (m)-[:BASED_ON]->(fb:Model) WHERE fb.id = $family AND NOT EXISTS { MATCH (fb)-[:IN_FAMILY]->(:Model) } }
                    OR EXISTS { MATCH (m)-[:BASED_ON]->(:Model)-[:IN_FAMILY]->(ff:Model) WHERE ff.id = $family })
  AND (name_part = '' OR any(k IN m.search_keys WHERE k CONTAINS name_part))
  AND ($base = '' OR EXISTS { MATCH (m)-[:BASED_ON*1..30]->(:Model)-[:IN_FAMILY*0..5]->(b:Model) WHERE $base IN b.search_keys })
  AND ($year = 0 OR m.release_year = $year)
WITH 'modality' AS facet, m.modality AS value, m WHERE value IS NOT NULL
RETURN facet, value, count(DISTINCT m) AS models
UNION ALL
MATCH (m:Model)
WITH m, $text AS name_part  // a parameter inside any(...) trips LadybugDB: bind it to a name first
WHERE ($type = '' OR m.model_type = $type)
  AND ($with_foundation = 1 OR $type <> '' OR m.model_type <> 'foundation')
  AND ($of_modality = '' OR m.modality = $of_modality)
  AND ($of_access = '' OR m.access = $of_access)
  AND ($developer_type = '' OR EXISTS { MATCH (m)-[:DEVELOPED_BY]->(d:Organization) WHERE d.org_type = $developer_type })
  AND ($specialty = '' OR EXISTS { MATCH (m)-[:HAS_SPECIALTY]->(s:Specialty) WHERE s.id = $specialty })
  AND ($province = '' OR EXISTS { MATCH (m)-[:DEVELOPED_BY]->(dp:Organization) WHERE dp.province = $province })
  AND ($family = '' OR EXISTS { MATCH (m)-[:BASED_ON]->(fb:Model) WHERE fb.id = $family AND NOT EXISTS { MATCH (fb)-[:IN_FAMILY]->(:Model) } }
                    OR EXISTS { MATCH (m)-[:BASED_ON]->(:Model)-[:IN_FAMILY]->(ff:Model) WHERE ff.id = $family })
  AND (name_part = '' OR any(k IN m.search_keys WHERE k CONTAINS name_part))
  AND ($base = '' OR EXISTS { MATCH (m)-[:BASED_ON*1..30]->(:Model)-[:IN_FAMILY*0..5]->(b:Model) WHERE $base IN b.search_keys })
  AND ($year = 0 OR m.release_year = $year)
WITH 'access' AS facet, m.access AS value, m WHERE value IS NOT NULL
RETURN facet, value, count(DISTINCT m) AS models
UNION ALL
MATCH (m:Model)
WITH m, $text AS name_part  // a parameter inside any(...) trips LadybugDB: bind it to a name first
WHERE ($type = '' OR m.model_type = $type)
  AND ($with_foundation = 1 OR $type <> '' OR m.model_type <> 'foundation')
  AND ($of_modality = '' OR m.modality = $of_modality)
  AND ($of_access = '' OR m.access = $of_access)
  AND ($developer_type = '' OR EXISTS { MATCH (m)-[:DEVELOPED_BY]->(d:Organization) WHERE d.org_type = $developer_type })
  AND ($specialty = '' OR EXISTS { MATCH (m)-[:HAS_SPECIALTY]->(s:Specialty) WHERE s.id = $specialty })
  AND ($province = '' OR EXISTS { MATCH (m)-[:DEVELOPED_BY]->(dp:Organization) WHERE dp.province = $province })
  AND ($family = '' OR EXISTS { MATCH (m)-[:BASED_ON]->(fb:Model) WHERE fb.id = $family AND NOT EXISTS { MATCH (fb)-[:IN_FAMILY]->(:Model) } }
                    OR EXISTS { MATCH (m)-[:BASED_ON]->(:Model)-[:IN_FAMILY]->(ff:Model) WHERE ff.id = $family })
  AND (name_part = '' OR any(k IN m.search_keys WHERE k CONTAINS name_part))
  AND ($base = '' OR EXISTS { MATCH (m)-[:BASED_ON*1..30]->(:Model)-[:IN_FAMILY*0..5]->(b:Model) WHERE $base IN b.search_keys })
  AND ($year = 0 OR m.release_year = $year)
MATCH (m)-[:BASED_ON]->(b:Model)
OPTIONAL MATCH (b)-[:IN_FAMILY]->(f:Model)
WITH 'family' AS facet, coalesce(f.id, b.id) AS value, m WHERE value IS NOT NULL
RETURN facet, value, count(DISTINCT m) AS models
UNION ALL
MATCH (m:Model)
WITH m, $text AS name_part  // a parameter inside any(...) trips LadybugDB: bind it to a name first
WHERE ($type = '' OR m.model_type = $type)
  AND ($with_foundation = 1 OR $type <> '' OR m.model_type <> 'foundation')
  AND ($of_modality = '' OR m.modality = $of_modality)
  AND ($of_access = '' OR m.access = $of_access)
  AND ($developer_type = '' OR EXISTS { MATCH (m)-[:DEVELOPED_BY]->(d:Organization) WHERE d.org_type = $developer_type })
  AND ($specialty = '' OR EXISTS { MATCH (m)-[:HAS_SPECIALTY]->(s:Specialty) WHERE s.id = $specialty })
  AND ($province = '' OR EXISTS { MATCH (m)-[:DEVELOPED_BY]->(dp:Organization) WHERE dp.province = $province })
  AND ($family = '' OR EXISTS { MATCH (m)-[:BASED_ON]->(fb:Model) WHERE fb.id = $family AND NOT EXISTS { MATCH (fb)-[:IN_FAMILY]->(:Model) } }
                    OR EXISTS { MATCH (m)-[:BASED_ON]->(:Model)-[:IN_FAMILY]->(ff:Model) WHERE ff.id = $family })
  AND (name_part = '' OR any(k IN m.search_keys WHERE k CONTAINS name_part))
  AND ($base = '' OR EXISTS { MATCH (m)-[:BASED_ON*1..30]->(:Model)-[:IN_FAMILY*0..5]->(b:Model) WHERE $base IN b.search_keys })
  AND ($year = 0 OR m.release_year = $year)
MATCH (m)-[:DEVELOPED_BY]->(d:Organization)
WITH 'province' AS facet, d.province AS value, m WHERE value IS NOT NULL
RETURN facet, value, count(DISTINCT m) AS models
UNION ALL
MATCH (m:Model)
WITH m, $text AS name_part  // a parameter inside any(...) trips LadybugDB: bind it to a name first
WHERE ($type = '' OR m.model_type = $type)
  AND ($with_foundation = 1 OR $type <> '' OR m.model_type <> 'foundation')
  AND ($of_modality = '' OR m.modality = $of_modality)
  AND ($of_access = '' OR m.access = $of_access)
  AND ($developer_type = '' OR EXISTS { MATCH (m)-[:DEVELOPED_BY]->(d:Organization) WHERE d.org_type = $developer_type })
  AND ($specialty = '' OR EXISTS { MATCH (m)-[:HAS_SPECIALTY]->(s:Specialty) WHERE s.id = $specialty })
  AND ($province = '' OR EXISTS { MATCH (m)-[:DEVELOPED_BY]->(dp:Organization) WHERE dp.province = $province })
  AND ($family = '' OR EXISTS { MATCH (m)-[:BASED_ON]->(fb:Model) WHERE fb.id = $family AND NOT EXISTS { MATCH (fb)-[:IN_FAMILY]->(:Model) } }
                    OR EXISTS { MATCH (m)-[:BASED_ON]->(:Model)-[:IN_FAMILY]->(ff:Model) WHERE ff.id = $family })
  AND (name_part = '' OR any(k IN m.search_keys WHERE k CONTAINS name_part))
  AND ($base = '' OR EXISTS { MATCH (m)-[:BASED_ON*1..30]->(:Model)-[:IN_FAMILY*0..5]->(b:Model) WHERE $base IN b.search_keys })
  AND ($year = 0 OR m.release_year = $year)
WITH 'year' AS facet, left(m.release_date, 4) AS value, m WHERE value IS NOT NULL
RETURN facet, value, count(DISTINCT m) AS models
