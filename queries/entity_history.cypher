// title: Listing history of an entity
// description: Listing events (additions, revisions, removals, snapshot changes) of the entities whose name or
//   an alias contains the given text, case-insensitive, on every US list (Entity List, MEU, 1260H, Unverified
//   List, Denied Persons List), with the Federal Register citation, its year (volume N -> 1935 + N), the day
//   (printed beside the citation, or of the document its page falls in) and the document when known, whether
//   the entity is an affiliate of another listed party, and where the event was read (a list snapshot or a rule;
//   `confirmed_by`: the other sources that print the same event; one row per event).
// param: name (string) - part of a name or alias, any case, e.g. huawei
// example: exportwatch query entity_history --param name="spacety"
MATCH (e:Entity)
WHERE e.search_text CONTAINS toLower($name)
MATCH (e)-[:HAS_LISTING]->(l:Listing)
WITH e, l, coalesce(l.list, '') AS on_list
WHERE NOT (on_list STARTS WITH 'jp_' OR on_list STARTS WITH 'eu_' OR on_list STARTS WITH 'cn_')
OPTIONAL MATCH (e)-[:AFFILIATE_OF]->(p:Entity)
WITH e, l, min(p.name) AS affiliate_of
RETURN e.name AS entity, coalesce(e.country, '') AS country, l.action AS action,
       coalesce(l.citation, '') AS citation, coalesce(l.year, 0) AS year, l.date AS date, l.document AS document,
       affiliate_of, l.origin AS origin, l.confidence AS confidence, e.id AS entity_id,
       coalesce(l.list, 'entity_list') AS list, coalesce(l.confirmed_by, []) AS confirmed_by
ORDER BY entity, country, entity_id, list, date, year, citation, origin, action
