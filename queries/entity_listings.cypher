// title: Listing events of a party
// description: Each listing event (addition, revision, removal) of one party by id, with the Federal Register
//   citation, its year, the date and document when known (the document's title when it is in the graph),
//   where the event was read, and the text it was read from.
// param: id (Entity.id) - entity id, e.g. "EL:spacety co ltd:CN"
// example: exportwatch query entity_listings --param id="EL:spacety co ltd:CN"
MATCH (e:Entity)-[:HAS_LISTING]->(l:Listing)
WHERE e.id = $id
OPTIONAL MATCH (l)-[:LISTED_IN]->(d:Document)
RETURN l.id AS listing, l.action AS action, l.citation AS citation, l.year AS year, l.date AS date,
       coalesce(d.id, l.document) AS document, d.title AS document_title, l.origin AS origin,
       l.confirmed_by AS confirmed_by, l.text AS text, l.source AS source, l.confidence AS confidence
ORDER BY year, citation, origin, listing
