// name: listed-companies
// description: Listed companies with their tickers and the models they or their subsidiaries built or partnered in.
// description_zh: 上市公司（股票代码）及其本身或下属机构研发、参与的模型。
// columns: org_id, org, ticker, model_count, models:list
// engine: cypher
// precompute: build
MATCH (o:Organization) WHERE o.ticker IS NOT NULL
OPTIONAL MATCH (via:Organization)-[:PART_OF*0..10]->(o)
OPTIONAL MATCH (via)-[:DEVELOPED_BY|PARTNER_IN]-(m:Model)
RETURN o.id AS org_id, o.name AS org, o.ticker AS ticker, count(DISTINCT m.id) AS model_count, collect(DISTINCT m.name) AS models
ORDER BY model_count DESC, org_id
