// title: Items a regime does not control
// description: Current items of the baseline regime's list (the CCL) with no equivalent entry in the lists the
//   given regime applies (its own, and the multilateral lists of the regimes it is a member of, read from the
//   origin of EU Annex I entries), and no measure of that regime controlling them. US-only entries such as
//   3A090, 4A090 and the 0Y521 series show up here.
// param: regime (Regime.id) - regime to compare, e.g. EU, JP, NL
// param: baseline (Regime.id, default "US") - regime whose list is the reference
// param: category (string, default "") - only entries of this category (first digit), e.g. 3
// example: exportwatch query item_gaps --param regime=JP --param category=3
MATCH (r:Regime {id: $regime})
MATCH (i:Item {regime: $baseline})
WHERE i.status = 'current' AND ($category = '' OR i.category = $category)
  AND NOT EXISTS { MATCH (i)-[:EQUIVALENT_TO]-(j:Item) WHERE any(x IN j.lists WHERE x IN r.applies) }
RETURN i.code AS code, i.heading AS heading, i.reasons AS reasons, i.category AS category, i.source AS source
ORDER BY code
