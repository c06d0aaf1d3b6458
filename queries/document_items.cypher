// title: Items a document touched
// description: Items one document mentions, amends, or (for a list snapshot) adds, removes or re-heads, with
//   how, how many spans, and the first page and text.
// param: id (string) - document id, e.g. 2021-28444
// example: exportwatch query document_items --param id=2021-28444
MATCH (d:Document)-[e:MENTIONS|AMENDS|CHANGED]->(i:Item)
WHERE d.id = $id
WITH i, e.action AS action, count(*) AS spans, min(e.page) AS first_page, min(e.text) AS text
RETURN i.code AS code, i.id AS item, i.heading AS heading, action, spans, first_page, text
ORDER BY code, item, action
