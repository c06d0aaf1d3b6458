// title: Parties a document listed
// description: The entries of one document's list changes (additions, revisions, removals of Entity List
//   parties), with the party, the country it is listed under and the citation: a party the rule lists under
//   several destinations is one listing event and one row per destination, as the rule prints it.
// param: id (string) - document id, e.g. 2023-03929
// example: exportwatch query document_parties --param id=2023-03929
MATCH (e:Entity)-[:HAS_LISTING]->(l:Listing)-[:LISTED_IN]->(d:Document)
WHERE d.id = $id
UNWIND CASE WHEN size(coalesce(l.destinations, [])) > 0 THEN l.destinations ELSE [e.country] END AS country
RETURN e.id AS entity_id, e.name AS entity, country, l.action AS action, l.citation AS citation,
       l.page AS page, l.confidence AS confidence
ORDER BY country, entity, action, page, citation
