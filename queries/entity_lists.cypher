// title: Every list entry of a party, across regimes
// description: The parties whose names (any printing: Latin, original script, alias) contain the given text,
//   and every list's own record of each: the US lists, Japan's End User List and FEFTA export-ban lists, EU
//   Regulation 833/2014 Annex IV and China's MOFCOM counter-lists (regime CN). `match_score` is the identity
//   decision that joined the record to the party (100 for the record the party is named after).
// param: name (string) - part of a name, any case, e.g. "Almaz" or "Сириус"
// example: exportwatch query entity_lists --param name=milandr --format json
MATCH (e:Entity)
WHERE e.search_text CONTAINS toLower($name)
   OR EXISTS { MATCH (x:ListRecord)-[:RECORD_OF]->(e) WHERE x.search_text CONTAINS toLower($name) }
MATCH (r:ListRecord)-[m:RECORD_OF]->(e)
RETURN e.id AS entity_id, r.list AS list, coalesce(r.regime, 'US') AS regime, r.listed_name AS listed_name,
       r.country AS country, coalesce(r.start_date, r.snapshot_date) AS date, r.source AS source,
       m.score AS match_score
ORDER BY entity_id, regime, list, listed_name, source
