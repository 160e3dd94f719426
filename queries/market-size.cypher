// name: market-size
// description: Market-size series (medical LLMs and all AI LLMs) with year-on-year growth where the previous year is known.
// description_zh: 医疗大模型与AI大模型市场规模序列，以及可计算时的同比增速。
// columns: segment, year, value, unit, status, yoy_pct, source_url
MATCH (s:MarketSize)
OPTIONAL MATCH (p:MarketSize) WHERE p.segment = s.segment AND p.year = s.year - 1
RETURN s.segment AS segment, s.year AS year, s.value AS value, s.unit AS unit, s.status AS status,
       CASE WHEN p IS NULL THEN NULL ELSE round(100.0 * (s.value - p.value) / p.value, 2) END AS yoy_pct,
       s.source_url AS source_url
ORDER BY segment, year
