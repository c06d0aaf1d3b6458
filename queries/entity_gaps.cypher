// title: Parties one side lists and the other does not
// description: Forward (default): the parties on a US list (default the Entity List) with no listing by the
//   given regime: whom the US restricts and the ally does not. With `direction=reverse`: the parties the
//   regime lists and no US list does. Identity across lists is the matcher's (`exportwatch match review`
//   corrects it); `us_lists` names the US lists the party is on.
// param: regime (string) - JP, EU or CN
// param: list (string, default "entity_list") - the US list to start from (forward)
// param: country (string, default "") - ISO-2 code of an address country, e.g. RU
// param: direction (string, default "forward") - forward or reverse
// example: exportwatch query entity_gaps --param regime=JP --param country=CN
MATCH (r:ListRecord)-[:RECORD_OF]->(e:Entity)
WHERE (($direction = 'reverse' AND r.regime = $regime) OR ($direction <> 'reverse' AND r.list = $list
       AND coalesce(r.regime, 'US') = 'US'))
  AND ($country = '' OR $country IN e.countries OR e.country = $country)
WITH DISTINCT e
WHERE ($direction = 'reverse'
       AND NOT EXISTS { MATCH (u:ListRecord)-[:RECORD_OF]->(e) WHERE coalesce(u.regime, 'US') = 'US' })
   OR ($direction <> 'reverse'
       AND NOT EXISTS { MATCH (x:ListRecord)-[:RECORD_OF]->(e) WHERE x.regime = $regime })
OPTIONAL MATCH (u:ListRecord)-[:RECORD_OF]->(e)
WHERE coalesce(u.regime, 'US') = 'US'
WITH e, u.list AS us_list ORDER BY us_list SKIP 0
WITH e, collect(DISTINCT us_list) AS us_lists
RETURN e.id AS entity_id, e.name AS name, coalesce(e.country, '') AS country, us_lists, $regime AS regime
ORDER BY country, name, entity_id
