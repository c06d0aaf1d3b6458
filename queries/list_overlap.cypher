// title: Parties each pair of lists shares
// description: For each pair of lists (US, allied and MOFCOM's), how many parties both list, by the identity
//   layer's decisions; the diagonal (a list with itself) is the number of parties on the list.
// example: exportwatch query list_overlap --format csv
MATCH (a:ListRecord)-[:RECORD_OF]->(e:Entity)<-[:RECORD_OF]-(b:ListRecord)
WHERE a.list <= b.list
RETURN a.list AS list_a, coalesce(a.regime, 'US') AS regime_a, b.list AS list_b,
       coalesce(b.regime, 'US') AS regime_b, count(DISTINCT e) AS shared
ORDER BY list_a, list_b
