// title: Entity List additions by year and country
// description: How many parties were added to the Entity List each year, by country: every addition event
//   (from the screening list's chain of Federal Register citations, and from Entity List rules) counted once
//   per entity, the year taken from the citation's volume (volume N -> 1935 + N) or the event date.
// param: from_year (int, default 0) - first year counted (0: all)
// param: country (string, default "") - ISO-2 code of an address country, e.g. CN ("" for all)
// example: exportwatch query listings_by_year --param from_year=2022 --param country=CN
MATCH (e:Entity)-[:HAS_LISTING]->(l:Listing)
WHERE l.action = 'add' AND l.year IS NOT NULL AND l.year >= $from_year
  AND NOT (coalesce(l.list, '') STARTS WITH 'jp_' OR coalesce(l.list, '') STARTS WITH 'eu_' OR coalesce(l.list, '') STARTS WITH 'cn_')
  AND ($country = '' OR $country IN e.countries)
RETURN l.year AS year, coalesce(e.country, '') AS country, count(DISTINCT e.id) AS entities,
       count(DISTINCT l.citation) AS citations
ORDER BY year DESC, entities DESC, country
