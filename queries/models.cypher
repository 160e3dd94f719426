// name: models
// description: Models filtered by type, developer type, specialty, base model (transitively) and release year.
// description_zh: 按类型、研发机构类型、专科、基座模型（可传递）和发布年份筛选模型。
// param: type string default= -- general | specialty | tcm | other | foundation (empty: all)
// param: developer_type string default= -- enterprise | university | research_institute | hospital | government
// param: specialty string default= -- a specialty notation such as ophthalmology
// param: base name default= -- a base model (id, name or alias); models built on it (or on a version of that family) directly or transitively
// param: year int default=0 -- release year (0: any)
// param: of_modality string default= -- language | vision-language | multimodal | vision | signal | molecular | speech
// param: of_access string default= -- open-weights | api | product | research
// param: with_foundation int default=0 -- 1: base (foundation) models too; by default only medical models (or the --type asked for)
// columns: model_id, model, name_en, model_type, modality, access, release_date, developers:list, specialties:list, source_url
MATCH (m:Model)
WHERE ($type = '' OR m.model_type = $type)
  AND ($with_foundation = 1 OR $type <> '' OR m.model_type <> 'foundation')
  AND ($of_modality = '' OR m.modality = $of_modality)
  AND ($of_access = '' OR m.access = $of_access)
  AND ($developer_type = '' OR EXISTS { MATCH (m)-[:DEVELOPED_BY]->(d:Organization) WHERE d.org_type = $developer_type })
  AND ($specialty = '' OR EXISTS { MATCH (m)-[:HAS_SPECIALTY]->(s:Specialty) WHERE s.id = $specialty })
  AND ($base = '' OR EXISTS { MATCH (m)-[:BASED_ON*1..30]->(:Model)-[:IN_FAMILY*0..5]->(b:Model) WHERE $base IN b.search_keys })
  AND ($year = 0 OR m.release_year = $year)
OPTIONAL MATCH (m)-[:DEVELOPED_BY]->(o:Organization)
OPTIONAL MATCH (m)-[:HAS_SPECIALTY]->(sp:Specialty)
RETURN m.id AS model_id, m.name AS model, m.name_en AS name_en, m.model_type AS model_type,
       m.modality AS modality, m.access AS access, m.release_date AS release_date,
       collect(DISTINCT o.name) AS developers, collect(DISTINCT sp.id) AS specialties, m.source_url AS source_url
ORDER BY model_id
