-- name: value-chain
-- description: DuckDB equivalent of queries/value-chain.rq (organizations and their models per value-chain tier).
-- columns: tier, tier_zh, organizations, models
SELECT v.notation AS tier, v.label_zh AS tier_zh, count(DISTINCT t.org) AS organizations, count(DISTINCT i.model) AS models
FROM vocab v LEFT JOIN org_tier t ON t.tier = v.notation LEFT JOIN involved i ON i.org = t.org
WHERE v.scheme = 'tier'
GROUP BY v.notation, v.label_zh
ORDER BY tier
