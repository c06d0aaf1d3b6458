// title: How an item's text changed
// description: Pairs of consecutive versions of an item whose texts differ, between two dates: the two
//   version ids, the action (heading_changed, text_changed, added, removed), how many paragraphs changed, and
//   the snapshot that shows the change. `exportwatch diff ITEM --from .. --to ..` gives the paragraphs.
// param: item (string) - entry code, e.g. 3A090
// param: from (date, default "1900-01-01") - first date
// param: to (date, default "9999-12-31") - last date
// example: exportwatch query item_text_changes --param item=3A090
MATCH (d:Document)-[c:CHANGED]->(i:Item)
WHERE i.code = $item AND d.publication_date >= $from AND d.publication_date <= $to
RETURN d.publication_date AS date, i.id AS item, c.action AS action, c.from_version AS from_version,
       c.to_version AS to_version, c.paragraphs AS paragraphs, d.id AS snapshot, c.confidence AS confidence
ORDER BY date, item
