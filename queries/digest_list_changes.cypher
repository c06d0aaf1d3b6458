// title: Allied and counter-list changes of a period
// description: Listing events of the allied lists (Japan, EU) and of China's MOFCOM counter-lists dated between
//   two dates: listings with a printed date, and additions, removals and changes seen between two dated
//   snapshots of a list. `regime` is the list's (JP, EU, CN).
// param: from (date) - first date
// param: to (date) - last date
// example: exportwatch query digest_list_changes --param from=2023-02-20 --param to=2023-02-26
MATCH (e:Entity)-[:HAS_LISTING]->(l:Listing)
WHERE l.date_day >= $from_day AND l.date_day <= $to_day
  AND (l.list STARTS WITH 'jp_' OR l.list STARTS WITH 'eu_' OR l.list STARTS WITH 'cn_')
RETURN l.date AS date, l.list AS list,
       CASE WHEN l.list STARTS WITH 'jp_' THEN 'JP' WHEN l.list STARTS WITH 'eu_' THEN 'EU' ELSE 'CN' END AS regime,
       l.action AS action, e.id AS entity_id, e.name AS entity, coalesce(e.country, '') AS country,
       coalesce(l.details, '') AS details, l.origin AS origin
ORDER BY date, list, action, entity, entity_id
