// name: names
// description: Ids, names and search keys of every model or every organization (for suggestions).
// description_zh: 所有模型或所有机构的编号、名称与检索键（用于提示相近名称）。
// param: kind string required -- model | organization
// columns: id, name, search_key
// order: id, search_key
MATCH (x:Model) WHERE $kind = 'model'
UNWIND x.search_keys AS search_key
RETURN x.id AS id, x.name AS name, search_key
UNION ALL
MATCH (x:Organization) WHERE $kind = 'organization'
UNWIND x.search_keys AS search_key
RETURN x.id AS id, x.name AS name, search_key
