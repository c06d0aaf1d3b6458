// title: Parties a document listed
// description: The listing events read from one document (additions, revisions, removals of Entity List
//   parties), with the party, its country and the citation.
// param: id (string) - document id, e.g. 2023-03929
// example: exportwatch query document_parties --param id=2023-03929
MATCH (e:Entity)-[:HAS_LISTING]->(l:Listing)-[:LISTED_IN]->(d:Document)
WHERE d.id = $id
RETURN e.id AS entity_id, e.name AS entity, e.country AS country, l.action AS action, l.citation AS citation,
       l.page AS page, l.confidence AS confidence
ORDER BY country, entity, action, page, citation
