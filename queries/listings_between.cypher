// title: Listing events between two dates
// description: Listing events of the US lists dated between two dates (events whose day is known: from a
//   list rule, a date printed beside the citation, the document its FR page falls in, or a snapshot delta),
//   optionally for one country and one list.
// param: from (date) - first date
// param: to (date) - last date
// param: country (string, default "") - ISO-2 code of an address country, e.g. CN
// param: list (string, default "") - entity_list, meu, 1260h, uvl or dpl ("" for all)
// example: exportwatch query listings_between --param from=2023-01-01 --param to=2023-12-31 --param country=CN
MATCH (l:Listing)
WHERE l.date >= $from AND l.date <= $to
  AND NOT (coalesce(l.list, '') STARTS WITH 'jp_' OR coalesce(l.list, '') STARTS WITH 'eu_' OR coalesce(l.list, '') STARTS WITH 'cn_')
MATCH (e:Entity)-[:HAS_LISTING]->(l)
WHERE ($country = '' OR $country IN e.countries) AND ($list = '' OR coalesce(l.list, 'entity_list') = $list)
RETURN coalesce(l.list, 'entity_list') AS list, l.date AS date, l.action AS action, e.name AS entity, coalesce(e.country, '') AS country,
       coalesce(l.citation, '') AS citation, l.document AS document, l.origin AS origin, l.confidence AS confidence
ORDER BY date, entity, country, list, citation, origin, action
