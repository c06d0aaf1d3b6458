// title: A regime
// description: One regime by id: name, jurisdiction, kind, legal basis, administering body, the regimes it is a
//   member of, and how many measures, tool assessments and list entries the graph holds for it.
// param: regime (Regime.id) - regime id, e.g. JP, EU, US, WA
// example: exportwatch query regime_page --param regime=JP
MATCH (r:Regime)
WHERE r.id = $regime
OPTIONAL MATCH (m:Measure)
WHERE m.regime = r.id
WITH r, count(m) AS measures
OPTIONAL MATCH (r)-[a:ASSESSED]->(:Tool)
WITH r, measures, count(a) AS assessments
OPTIONAL MATCH (i:Item)
WHERE i.regime = r.id
RETURN r.id AS id, r.name AS name, r.jurisdiction AS jurisdiction, r.kind AS kind, r.legal_basis AS legal_basis,
       r.administering_body AS administering_body, r.member_of AS member_of, r.note AS note, r.source AS source,
       r.confidence AS confidence, measures, assessments, count(i) AS items
