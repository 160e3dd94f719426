// name: market-cagr
// description: Compound annual growth of each market segment between two years (default 2024 to 2031).
// description_zh: 各市场在两个年份之间的年均复合增长率（默认2024–2031年）。
// param: from_year int default=2024 -- first year
// param: to_year int default=2031 -- last year
// compute: cagr_pct = cagr(start_value, end_value, years)
// columns: segment, start_year, end_year, start_value, end_value, unit, years, cagr_pct
MATCH (a:MarketSize), (b:MarketSize)
WHERE a.segment = b.segment AND a.unit = b.unit AND a.year = $from_year AND b.year = $to_year
RETURN a.segment AS segment, a.year AS start_year, b.year AS end_year, a.value AS start_value, b.value AS end_value,
       a.unit AS unit, b.year - a.year AS years
ORDER BY segment
