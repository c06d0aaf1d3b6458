// title: Changes of a US list in a period
// description: What changed on a US restricted-party list between two dates: the dated listing events
//   (additions and revisions under a Federal Register citation, with the day printed beside the citation
//   or of the document it falls in) and the deltas between two dated snapshots of the list (add, remove,
//   change of name, aliases, address, licence requirement or policy), each with its source: the rule, or
//   the two snapshots that show the change (`earlier -> later`). One row per event: an event read from
//   several sources (the rule's own text, the Entity List's chain, the CSL row) is one row whose
//   `confirmed_by` names the other sources.
// param: list (string, default "entity_list") - entity_list, meu, 1260h, uvl or dpl
// param: from (date) - first date
// param: to (date) - last date
// example: exportwatch query list_changes --param list=entity_list --param from=2023-02-27 --param to=2023-03-05
MATCH (e:Entity)-[:HAS_LISTING]->(l:Listing)
WHERE l.date >= $from AND l.date <= $to AND coalesce(l.list, 'entity_list') = $list
RETURN coalesce(l.list, 'entity_list') AS list, e.name AS entity, l.action AS action, l.date AS date,
       coalesce(l.citation, '') AS citation, l.document AS document,
       CASE WHEN l.previous IS NULL THEN l.origin ELSE l.previous + ' -> ' + l.origin END AS source,
       coalesce(l.confirmed_by, []) AS confirmed_by
ORDER BY date, entity, e.id, action, citation, source
