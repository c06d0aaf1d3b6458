// title: How long allies took
// description: For each allied measure linked (PROMPTED_BY) to the US measure it answered, the months between
//   them on two bases. `lag_months_announced`: from the US announcement to the allied announcement.
//   `lag_months_in_force`: from the US rule's effective date to the allied measure's entry into force, the delay
//   that mattered to exporters. Either is null when a date is unknown. `lag_days`/`lag_months` keep the first
//   basis both measures have (announcement, else entry into force, else earliest date; `basis` says which). All
//   lags are precomputed at load time; months = days / 30.4375, rounded to one decimal.
// param: topic (string, default "") - only measures with this topic, e.g. sme, advanced_computing
// example: exportwatch query ally_lag --param topic=sme
MATCH (a:Measure)-[p:PROMPTED_BY]->(u:Measure)
WHERE $topic = '' OR $topic IN a.topics OR $topic IN u.topics
RETURN a.regime AS regime, a.id AS measure, a.name AS name, a.announced AS announced, a.effective AS effective,
       u.id AS us_measure, u.announced AS us_announced, u.published AS us_published, u.effective AS us_effective,
       p.basis AS basis, p.lag_days AS lag_days, p.lag_months AS lag_months,
       p.lag_days_announced AS lag_days_announced, p.lag_months_announced AS lag_months_announced,
       p.lag_days_in_force AS lag_days_in_force, p.lag_months_in_force AS lag_months_in_force,
       p.source AS source, p.confidence AS confidence
ORDER BY regime, measure
