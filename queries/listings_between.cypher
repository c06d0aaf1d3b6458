// title: Listing events between two dates
// description: Entity List additions, revisions and removals dated between two dates (events whose date is
//   known: from an Entity List rule, a date printed beside the citation, or the document its FR page falls in),
//   optionally for one country.
// param: from (date) - first date
// param: to (date) - last date
// param: country (string, default "") - ISO-2 code of an address country, e.g. CN
// example: exportwatch query listings_between --param from=2023-01-01 --param to=2023-12-31 --param country=CN
MATCH (l:Listing)
WHERE l.date >= $from AND l.date <= $to
  AND NOT (coalesce(l.list, '') STARTS WITH 'jp_' OR coalesce(l.list, '') STARTS WITH 'eu_' OR coalesce(l.list, '') STARTS WITH 'cn_')
MATCH (e:Entity)-[:HAS_LISTING]->(l)
WHERE $country = '' OR $country IN e.countries
RETURN l.date AS date, l.action AS action, e.name AS entity, coalesce(e.country, '') AS country,
       coalesce(l.citation, '') AS citation, l.document AS document, l.origin AS origin, l.confidence AS confidence
ORDER BY date, entity, country, citation, origin, action
