// title: Amendatory instructions of a document
// description: Each amendatory instruction of one document in order: the action, the provision or item it
//   targets, the paragraph, the entries and countries it names, and the instruction's text and page.
// param: id (string) - document id, e.g. 2023-03929
// example: exportwatch query document_amendments --param id=2023-03929
MATCH (d:Document)-[a:AMENDS]->(t)
WHERE d.id = $id
RETURN a.seq AS seq, a.action AS action, t.id AS target,
       CASE WHEN t.code IS NULL THEN 'provision' ELSE 'item' END AS target_kind, a.paragraph AS paragraph,
       a.entries AS entries, a.countries AS countries, a.text AS text, a.page AS page, a.source AS source
ORDER BY seq, target
