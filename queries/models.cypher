// name: models
// description: Models filtered by type, developer type, specialty, base model (transitively), release year, modality, access, developer province, base-model family and name, sorted.
// description_zh: 按类型、研发机构类型、专科、基座模型（可传递）、发布年份、模态、开放方式、研发机构所在省份、基座家族和名称筛选并排序模型。
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
// param: sort string default=model_id -- model_id | model | release_date | model_type
// param: reverse int default=0 -- 1: descending order
// columns: model_id, model, name_en, model_type, modality, access, release_date, developers:list, specialties:list, source_url
// engine: cypher
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
WITH m, CASE WHEN $sort = 'release_date' THEN coalesce(m.release_date, '') WHEN $sort = 'model' THEN m.name
              WHEN $sort = 'model_type' THEN m.model_type ELSE m.id END AS sort_key
WITH m, sort_key, CASE WHEN $reverse = 1 THEN '' ELSE sort_key END AS up, CASE WHEN $reverse = 1 THEN sort_key ELSE '' END AS down
OPTIONAL MATCH (m)-[:DEVELOPED_BY]->(o:Organization)
OPTIONAL MATCH (m)-[:HAS_SPECIALTY]->(sp:Specialty)
WITH m, up, down, collect(DISTINCT o.name) AS developers, collect(DISTINCT sp.id) AS specialties
RETURN m.id AS model_id, m.name AS model, m.name_en AS name_en, m.model_type AS model_type,
       m.modality AS modality, m.access AS access, m.release_date AS release_date,
       developers, specialties, m.source_url AS source_url
ORDER BY up, down DESC, model_id
