// name: collaboration-kinds
// description: Collaborations counted by kind (hospital–enterprise, university–enterprise, ...), stated or implied by co-developed models.
// description_zh: 按合作类型（医企、校企等）统计合作关系，包括明确记载的合作和由共同研发推断的合作。
// columns: kind, collaborations, pairs, models, stated
// engine: cypher
// precompute: build
MATCH (a:Organization)-[c:COLLABORATES_WITH]->(b:Organization)
RETURN c.kind AS kind, count(DISTINCT c.id) AS collaborations, count(DISTINCT a.id + " " + b.id) AS pairs,
       count(DISTINCT c.model) AS models, sum(CASE WHEN c.inferred THEN 0 ELSE 1 END) AS stated
ORDER BY collaborations DESC, kind
