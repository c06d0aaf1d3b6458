// title: Documents of a period, with what a digest shows and filters on
// description: For each document published between two dates (those of changes_between, plus the list
//   snapshots of items_touched_between), its kind, URL and abstract, whether it is still on public
//   inspection, the countries its text names, the control tools, regimes and item codes it mentions or
//   amends, and the documents it corrects (each list sorted). The digest joins these rows to the others by
//   document id.
// param: from (date) - first publication date
// param: to (date) - last publication date
// example: exportwatch query digest_documents --param from=2023-02-27 --param to=2023-03-05
MATCH (d:Document)
WHERE d.publication_date >= $from AND d.publication_date <= $to AND d.stub = false
OPTIONAL MATCH (d)-[:MENTIONS]->(t:Tool)
WITH d, t.id AS tool ORDER BY d.id, tool SKIP 0
WITH d, collect(DISTINCT tool) AS tools
OPTIONAL MATCH (d)-[:MENTIONS]->(r:Regime)
WITH d, tools, r.id AS regime ORDER BY d.id, regime SKIP 0
WITH d, tools, collect(DISTINCT regime) AS regimes
OPTIONAL MATCH (d)-[:MENTIONS|AMENDS]->(i:Item)
WITH d, tools, regimes, i.code AS code ORDER BY d.id, code SKIP 0
WITH d, tools, regimes, collect(DISTINCT code) AS items
OPTIONAL MATCH (d)-[:CORRECTS]->(c:Document)
WITH d, tools, regimes, items, c.id AS corrected ORDER BY d.id, corrected SKIP 0
WITH d, tools, regimes, items, collect(DISTINCT corrected) AS corrects
RETURN d.id AS document, d.kind AS kind, d.url AS url, d.abstract AS abstract,
       coalesce(d.public_inspection, false) AS public_inspection, d.countries AS countries, tools, regimes,
       items, corrects
ORDER BY document
