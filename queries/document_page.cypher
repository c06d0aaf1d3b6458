// title: A document
// description: One document by id (an FR document number such as 2023-03929, or any Document id): its
//   metadata, key dates (publication, effective, comments due, and the deadlines read from its text), links,
//   and how many provisions it amends, items it touches, parties it lists and documents it cites.
// param: id (string) - document id, e.g. 2023-03929
// example: exportwatch query document_page --param id=2023-03929
MATCH (d:Document)
WHERE d.id = $id
OPTIONAL MATCH (d)-[:HAS_DEADLINE]->(dl:Deadline)
WITH d, collect(dl.role) AS deadline_roles, collect(dl.date) AS deadline_dates
OPTIONAL MATCH (d)-[:CITES]->(c)
WITH d, deadline_roles, deadline_dates, count(c) AS cites
OPTIONAL MATCH (d)<-[:LISTED_IN]-(l:Listing)
RETURN d.id AS id, d.kind AS kind, d.type AS type, d.title AS title, d.agency AS agency, d.action AS action,
       d.publication_date AS publication_date, d.effective_date AS effective_date,
       d.comments_close_on AS comments_close_on, d.citation AS citation, d.start_page AS start_page,
       d.end_page AS end_page, d.rin AS rin, d.cfr AS cfr, d.docket AS docket, d.countries AS countries,
       d.abstract AS abstract, d.url AS url, d.public_inspection AS public_inspection, d.stub AS stub,
       d.source AS source, d.confidence AS confidence, deadline_roles, deadline_dates, cites,
       count(l) AS listings
