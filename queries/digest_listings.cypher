// title: US list changes of a period, for the digest
// description: Listing events of every US list (additions, revisions, removals, snapshot changes) dated
//   between two dates, with what a digest
//   shows and filters on: the entity's aliases, every address country, the licence review policy, and the
//   title and URL of the document that published the event, and the name as the rule printed it (`printed`,
//   for events read from a rule's text).
// param: from (date) - first date
// param: to (date) - last date
// example: exportwatch query digest_listings --param from=2023-02-27 --param to=2023-03-05
MATCH (e:Entity)-[:HAS_LISTING]->(l:Listing)
WHERE l.date_day >= $from_day AND l.date_day <= $to_day
  AND NOT (coalesce(l.list, '') STARTS WITH 'jp_' OR coalesce(l.list, '') STARTS WITH 'eu_' OR coalesce(l.list, '') STARTS WITH 'cn_')
OPTIONAL MATCH (l)-[:LISTED_IN]->(d:Document)
RETURN l.date AS date, l.action AS action, e.id AS entity_id, e.name AS entity, e.aliases AS aliases,
       coalesce(e.country, '') AS country, e.countries AS countries, e.license_policy AS license_policy,
       coalesce(l.citation, '') AS citation, coalesce(l.document, d.id) AS document, d.title AS document_title,
       d.url AS url, l.origin AS origin, coalesce(l.list, 'entity_list') AS list, l.text AS printed
ORDER BY date, entity, country, entity_id, list, citation, origin, action
