// name: search
// description: Models and organizations whose names or aliases contain the text (any script).
// description_zh: 名称或别名包含给定文字的模型与机构（简繁体均可）。
// param: text name required -- part of a name, in any script
// columns: kind, id, name, type
// order: kind, id
// engine: cypher
MATCH (m:Model) UNWIND m.search_keys AS key
WITH m, key WHERE key CONTAINS $text
RETURN DISTINCT "model" AS kind, m.id AS id, m.name AS name, m.model_type AS type
UNION ALL
MATCH (o:Organization) UNWIND o.search_keys AS key
WITH o, key WHERE key CONTAINS $text
RETURN DISTINCT "organization" AS kind, o.id AS id, o.name AS name, o.org_type AS type
