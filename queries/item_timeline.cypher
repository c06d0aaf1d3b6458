// title: What touched an item
// description: Documents that mentioned or amended an item, and list snapshots that re-headed it or changed its
//   text, between two dates (by publication date), with the action, the number of spans and where the first one
//   is; for a rule whose amendatory instruction made a version of the item's text, that version and the
//   designations of the paragraphs it changed. The item is an entry code, matched in every list (US:3A090 and
//   EU:3A090 alike).
// param: item (string) - entry code, e.g. 3A090
// param: from (date, default "1900-01-01") - first publication date
// param: to (date, default "9999-12-31") - last publication date
// example: exportwatch query item_timeline --param item=0Y521 --param from=2022-01-01
MATCH (d:Document)-[e:MENTIONS|AMENDS|CHANGED]->(i:Item)
WHERE i.code = $item AND d.publication_date >= $from AND d.publication_date <= $to
WITH d, i, e.action AS action, count(*) AS spans, min(coalesce(e.start, -1)) AS first_offset, min(e.page) AS first_page
OPTIONAL MATCH (i)-[:HAS_VERSION]->(v:ItemVersion)-[ab:AMENDED_BY]->(d)
RETURN d.publication_date AS date, d.id AS document, d.kind AS kind, d.title AS title, d.citation AS citation,
       i.id AS item, action, spans, first_offset, first_page, d.effective_date AS effective_date,
       v.id AS version, ab.paragraphs AS paragraphs
ORDER BY date, document, item, action
