// title: Versions of an item
// description: Each list snapshot's text of the entries with the given code (heading and reasons for
//   control as that snapshot had them), oldest first, with the snapshot it comes from.
// param: item (string) - entry code, e.g. 3A090
// example: exportwatch query item_versions --param item=3A090
MATCH (i:Item)-[:HAS_VERSION]->(v:ItemVersion)
WHERE i.code = $item
RETURN i.id AS item, v.snapshot AS snapshot, v.heading AS heading, v.reasons AS reasons, v.source AS source
ORDER BY snapshot, item
