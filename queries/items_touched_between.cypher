// title: Items touched between two dates
// description: Items that documents published between two dates mentioned or amended, or that list snapshots
//   of those dates added, removed or re-headed, one row per (document, item, action).
// param: from (date) - first publication date
// param: to (date) - last publication date
// param: item_prefix (string, default "") - entry code prefix, e.g. 3A
// example: exportwatch query items_touched_between --param from=2022-01-01 --param to=2026-12-31 --param item_prefix=0
MATCH (d:Document)-[e:MENTIONS|AMENDS|CHANGED]->(i:Item)
WHERE d.publication_date >= $from AND d.publication_date <= $to AND i.code STARTS WITH $item_prefix
WITH d, i, e.action AS action, count(*) AS spans
RETURN d.publication_date AS date, i.code AS code, i.id AS item, action, d.id AS document, d.title AS title, spans
ORDER BY date, code, item, action, document
