// name: name-lookup
// description: The model or organization a name (id, name or alias, any script) refers to.
// description_zh: 某个名称（编号、名称或别名，简繁体均可）所指的模型或机构。
// param: kind string required -- model | organization
// param: name name required -- a name in any script
// columns: id, label
MATCH (x:Model) WHERE $kind = 'model' AND $name IN x.search_keys
RETURN x.id AS id, x.name AS label
UNION ALL
MATCH (x:Organization) WHERE $kind = 'organization' AND $name IN x.search_keys
RETURN x.id AS id, x.name AS label
