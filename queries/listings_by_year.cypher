// title: Entity List additions by year and country
// description: How many parties were added to a US list each year, by country: every addition event (from the
//   lists' chains of Federal Register citations, and from Entity List rules) counted once per entity, the year
//   taken from the citation's volume (volume N -> 1935 + N), with the first and last day of an addition that
//   year where the day is known.
// param: from_year (int, default 0) - first year counted (0: all)
// param: country (string, default "") - ISO-2 code of an address country, e.g. CN ("" for all)
// param: list (string, default "entity_list") - entity_list, meu, 1260h, uvl or dpl
// example: exportwatch query listings_by_year --param from_year=2022 --param country=CN
MATCH (e:Entity)-[:HAS_LISTING]->(l:Listing)
WHERE l.action = 'add' AND l.year IS NOT NULL AND l.year >= $from_year
  AND ($country = '' OR $country IN e.countries) AND coalesce(l.list, 'entity_list') = $list
RETURN l.year AS year, coalesce(e.country, '') AS country, count(DISTINCT e.id) AS entities,
       count(DISTINCT l.citation) AS citations, min(l.date) AS first_date, max(l.date) AS last_date
ORDER BY year DESC, entities DESC, country
