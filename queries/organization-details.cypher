// name: organization-details
// description: One organization's name, type, place and ticker, by registry id.
// description_zh: 按编号查询某个机构的名称、类型、所在地与股票代码。
// param: id string required -- registry id of the organization
// columns: org_id, org, org_type, province, city, ticker
// engine: cypher
MATCH (o:Organization {id: $id})
RETURN o.id AS org_id, o.name AS org, o.org_type AS org_type, o.province AS province, o.city AS city,
       o.ticker AS ticker
