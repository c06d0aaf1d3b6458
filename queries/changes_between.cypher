// title: What changed between two dates
// description: Documents published between two dates (dataset snapshots and bare citations left out), with
//   how many listing events each published, how many items it touched and how many CFR provisions it
//   amended. Optional filters keep documents touching an item code prefix, or naming a country (in the text
//   or through a listed entity).
// param: from (date) - first publication date
// param: to (date) - last publication date
// param: item_prefix (string, default "") - e.g. 3A or 3B001
// param: country (string, default "") - ISO-2 code, e.g. CN
// example: exportwatch query changes_between --param from=2023-02-20 --param to=2023-03-05
MATCH (d:Document)
WHERE d.publication_date >= $from AND d.publication_date <= $to AND d.stub = false AND d.kind <> 'dataset'
  AND ($item_prefix = '' OR EXISTS { MATCH (d)-[:MENTIONS|AMENDS]->(x:Item) WHERE x.code STARTS WITH $item_prefix })
  AND ($country = '' OR $country IN d.countries
       OR EXISTS { MATCH (d)<-[:LISTED_IN]-(:Listing)<-[:HAS_LISTING]-(y:Entity) WHERE $country IN y.countries })
OPTIONAL MATCH (d)<-[:LISTED_IN]-(l:Listing)
WITH d, count(DISTINCT l) AS listings
OPTIONAL MATCH (d)-[:MENTIONS|AMENDS]->(i:Item)
WITH d, listings, count(DISTINCT i) AS items
OPTIONAL MATCH (d)-[:AMENDS]->(p:Provision)
WITH d, listings, items, count(DISTINCT p) AS provisions
RETURN d.publication_date AS date, d.id AS document, d.kind AS kind, d.type AS type, d.title AS title,
       d.citation AS citation, d.effective_date AS effective_date, listings, items,
       provisions AS amended_provisions, d.url AS url
ORDER BY date, document
