// title: Measures of a regime
// description: Each measure of one regime with its legal basis, administering body, dates, the tools it
//   implements (and how far), the US measure it answered and the lag, and its source and confidence.
// param: regime (Regime.id) - regime id, e.g. JP
// example: exportwatch query regime_measures --param regime=NL
MATCH (m:Measure)
WHERE m.regime = $regime
OPTIONAL MATCH (m)-[i:IMPLEMENTS]->(t:Tool)
WITH m, collect(t.id + ' (' + coalesce(i.extent, '?') + ')') AS tools
OPTIONAL MATCH (m)-[p:PROMPTED_BY]->(u:Measure)
RETURN m.id AS id, m.name AS name, m.legal_basis AS legal_basis, m.administering_body AS administering_body,
       m.announced AS announced, m.effective AS effective, m.first_date AS first_date, m.citation AS citation,
       m.document AS document, m.topics AS topics, tools, u.id AS answers, p.lag_months AS lag_months,
       m.source AS source, m.confidence AS confidence
ORDER BY first_date, id
