// title: How long allies took
// description: For each allied measure linked (PROMPTED_BY) to the US measure it answered, the months between
//   them. The lag is precomputed at load time from both measures' announcement dates (or their effective
//   dates, or their earliest dates, whichever both have; `basis` says which), lag_months = days / 30.4375.
// param: topic (string, default "") - only measures with this topic, e.g. sme, advanced_computing
// example: exportwatch query ally_lag --param topic=sme
MATCH (a:Measure)-[p:PROMPTED_BY]->(u:Measure)
WHERE $topic = '' OR $topic IN a.topics OR $topic IN u.topics
RETURN a.regime AS regime, a.id AS measure, a.name AS name, a.announced AS announced, a.effective AS effective,
       u.id AS us_measure, u.announced AS us_announced, u.published AS us_published, u.effective AS us_effective,
       p.basis AS basis, p.lag_days AS lag_days, p.lag_months AS lag_months, p.source AS source,
       p.confidence AS confidence
ORDER BY regime, measure
