// title: Search the graph
// description: Items (entry code or heading), parties (any name or alias), documents (number, citation or
//   title), measures (id or name) and regimes (id or name) whose text contains the given words, any case,
//   grouped by kind: up to `limit` of each kind, the closest first (an exact id or code, then a match at the
//   start, then anywhere). The web app's search box runs it.
// param: q (string) - text to look for, e.g. huawei, 3A090, 2023-03929, JP
// param: limit (int, default 25) - most results of each kind
// example: exportwatch query search --param q=huawei
WITH toLower(trim($q)) AS needle
MATCH (i:Item)
WHERE needle <> '' AND (toLower(i.code) CONTAINS needle OR toLower(coalesce(i.heading, '')) CONTAINS needle)
WITH needle, i, CASE WHEN toLower(i.code) = needle THEN 0 WHEN toLower(i.code) STARTS WITH needle THEN 1 ELSE 2 END AS rank
ORDER BY rank, i.id LIMIT $limit
RETURN 'item' AS kind, i.code AS id, i.id AS label, i.heading AS detail, i.regime AS regime, rank
UNION ALL
WITH toLower(trim($q)) AS needle
MATCH (e:Entity)
WHERE needle <> '' AND e.search_text CONTAINS needle
WITH needle, e, CASE WHEN toLower(e.name) = needle THEN 0 WHEN toLower(e.name) STARTS WITH needle THEN 1 ELSE 2 END AS rank
ORDER BY rank, size(e.name), e.name, e.id LIMIT $limit
RETURN 'party' AS kind, e.id AS id, e.name AS label, e.country AS detail, 'US' AS regime, rank
UNION ALL
WITH toLower(trim($q)) AS needle
MATCH (d:Document)
WHERE needle <> '' AND (toLower(d.id) CONTAINS needle OR toLower(coalesce(d.citation, '')) CONTAINS needle
      OR toLower(coalesce(d.title, '')) CONTAINS needle)
WITH needle, d, CASE WHEN toLower(d.id) = needle OR toLower(coalesce(d.citation, '')) = needle THEN 0
                     WHEN toLower(d.id) STARTS WITH needle THEN 1 ELSE 2 END AS rank
ORDER BY rank, d.publication_date DESC, d.id LIMIT $limit
RETURN 'document' AS kind, d.id AS id, coalesce(d.title, d.id) AS label, d.publication_date AS detail,
       coalesce(d.kind, '') AS regime, rank
UNION ALL
WITH toLower(trim($q)) AS needle
MATCH (m:Measure)
WHERE needle <> '' AND (toLower(m.id) CONTAINS needle OR toLower(coalesce(m.name, '')) CONTAINS needle)
WITH needle, m, CASE WHEN toLower(m.id) = needle THEN 0 WHEN toLower(m.id) STARTS WITH needle THEN 1 ELSE 2 END AS rank
ORDER BY rank, m.id LIMIT $limit
RETURN 'measure' AS kind, m.id AS id, coalesce(m.name, m.id) AS label, m.first_date AS detail, m.regime AS regime, rank
UNION ALL
WITH toLower(trim($q)) AS needle
MATCH (r:Regime)
WHERE needle <> '' AND (toLower(r.id) CONTAINS needle OR toLower(coalesce(r.name, '')) CONTAINS needle)
WITH needle, r, CASE WHEN toLower(r.id) = needle THEN 0 WHEN toLower(r.id) STARTS WITH needle THEN 1 ELSE 2 END AS rank
ORDER BY rank, r.id LIMIT $limit
RETURN 'regime' AS kind, r.id AS id, coalesce(r.name, r.id) AS label, r.kind AS detail, r.id AS regime, rank
