// name: report-figures
// description: Counts and shares the industry report states, with their date and source.
// description_zh: 行业报告给出的数量与占比，附统计日期与来源。
// columns: measure, model_type, value, unit, as_of, source_url
MATCH (s:Statistic)
RETURN s.measure AS measure, s.model_type AS model_type, s.value AS value, s.unit AS unit, s.as_of AS as_of,
       s.source_url AS source_url
ORDER BY unit, measure
