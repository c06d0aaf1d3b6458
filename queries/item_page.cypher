// title: An item in every list
// description: The entries with the given code in every loaded list (the CCL's US:3A090, EU Annex I's
//   EU:3A001 and so on): heading, reasons for control, status, the snapshots it was seen in, how many
//   versions the graph holds, and where it comes from. No row means no list or document knows the code.
// param: item (string) - entry code, e.g. 3A090
// example: exportwatch query item_page --param item=3A001
MATCH (i:Item)
WHERE i.code = $item
OPTIONAL MATCH (i)-[:HAS_VERSION]->(v:ItemVersion)
WITH i, count(v) AS versions, min(v.snapshot) AS first_snapshot, max(v.snapshot) AS last_snapshot
RETURN i.id AS id, i.code AS code, i.regime AS regime, i.list AS list, i.lists AS lists, i.category AS category,
       i.heading AS heading, i.reasons AS reasons, i.status AS status, i.first_seen AS first_seen,
       i.last_seen AS last_seen, versions, first_snapshot, last_snapshot, i.source AS source,
       i.confidence AS confidence
ORDER BY regime, id
