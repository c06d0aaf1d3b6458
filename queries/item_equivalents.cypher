// title: Allied equivalents of an item
// description: For the entries with the given code, each regime with assessments and whether one of the lists
//   it applies (its own and those of the multilateral regimes it belongs to) holds an equivalent entry
//   (EQUIVALENT_TO), with the equivalent's id and the basis and source of the equivalence. A regime with
//   `equivalent` null has no equivalent entry in the graph.
// param: item (string) - entry code, e.g. 3B001
// example: exportwatch query item_equivalents --param item=3B001
MATCH (i:Item)
WHERE i.code = $item AND i.regime = 'US'
MATCH (r:Regime)
WHERE r.id <> 'US' AND EXISTS { MATCH (r)-[:ASSESSED]->(:Tool) }
OPTIONAL MATCH (i)-[e:EQUIVALENT_TO]-(j:Item)
WHERE any(x IN j.lists WHERE x IN r.applies)
RETURN i.id AS item, r.id AS regime, r.name AS regime_name, j.id AS equivalent, j.code AS equivalent_code,
       j.heading AS equivalent_heading, e.basis AS basis, e.source AS source, e.confidence AS confidence
ORDER BY regime, equivalent
