// name: compute-origins
// description: Models by the origin of the compute they were trained or run on (domestic = a provider headquartered in China), per release year, with the share of that year's models.
// description_zh: 按算力来源（国产/国外）统计模型训练或运行所用算力，按发布年份，附当年占比。
// columns: year, relation, origin, models, total, share_pct
// compute: share_pct = percent(models, total)
MATCH (o:Organization)-[s:SUPPLIES]->(m:Model)
WHERE s.relation <> 'framework'
WITH coalesce(m.release_year, 0) AS year, s.relation AS relation,
     CASE WHEN o.country IS NULL THEN 'unknown' WHEN o.country = 'CN' THEN 'domestic' ELSE 'foreign' END AS origin,
     m.id AS model_id
WITH year, relation, origin, count(DISTINCT model_id) AS models
MATCH (:Organization)-[s2:SUPPLIES]->(m2:Model)
WHERE s2.relation = relation AND coalesce(m2.release_year, 0) = year
RETURN year, relation, origin, models, count(DISTINCT m2.id) AS total
ORDER BY year, relation, origin
