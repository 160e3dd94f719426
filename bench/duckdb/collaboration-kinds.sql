-- name: collaboration-kinds
-- description: DuckDB equivalent of queries/collaboration-kinds.rq (collaborations, stated or implied, by kind).
-- columns: kind, collaborations, pairs, models, stated
SELECT kind, count(DISTINCT id) AS collaborations, count(DISTINCT (first_party, second_party)) AS pairs,
       count(DISTINCT model) AS models, sum(CASE WHEN inferred THEN 0 ELSE 1 END) AS stated
FROM collaboration
GROUP BY kind
ORDER BY collaborations DESC, kind
