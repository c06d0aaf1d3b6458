// title: Regimes
// description: Every regime in the graph with its kind, the regimes it is a member of, and how many measures
//   and tool assessments the graph holds for it.
// example: exportwatch query regime_list
MATCH (r:Regime)
OPTIONAL MATCH (m:Measure)
WHERE m.regime = r.id
WITH r, count(m) AS measures
OPTIONAL MATCH (r)-[a:ASSESSED]->(:Tool)
RETURN r.id AS id, r.name AS name, r.kind AS kind, r.member_of AS member_of, measures, count(a) AS assessments
ORDER BY kind, id
