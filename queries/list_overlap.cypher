// title: Parties each pair of lists shares
// description: For each pair of lists (US, allied and MOFCOM's), how many parties both list, by the identity
//   layer's decisions; the diagonal (a list with itself) is the number of parties on the list.
// example: exportwatch query list_overlap --format csv
MATCH (r:ListRecord)-[:RECORD_OF]->(e:Entity)
WITH e, collect(DISTINCT r.list) AS lists
UNWIND lists AS list_a
UNWIND lists AS list_b
WITH list_a, list_b, e
WHERE list_a <= list_b
RETURN list_a, list_b, count(DISTINCT e) AS shared
ORDER BY list_a, list_b
