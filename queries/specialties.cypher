// name: specialties
// description: Specialties covered and by how many models.
// description_zh: 各专科覆盖的模型数量。
// columns: specialty, specialty_en, specialty_zh, models
// engine: cypher
// precompute: build
MATCH (m:Model)-[:HAS_SPECIALTY]->(s:Specialty)
RETURN s.id AS specialty, s.name_en AS specialty_en, s.name_zh AS specialty_zh, count(DISTINCT m.id) AS models
ORDER BY models DESC, specialty
