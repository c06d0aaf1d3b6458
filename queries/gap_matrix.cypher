// title: Tools by regimes
// description: One row per (control tool, regime) for every regime with assessments: full, partial or none,
//   with the measure and the source behind the cell. The assessment decides; without one, the regime's
//   measures that implement the tool do (the fullest extent wins); without either, `none`. `judgement` says
//   whether the cell is an assessment by the cited source (`cited`) or an inference of ours (`inferred`; a
//   cell without an assessment is always one).
// example: exportwatch query gap_matrix --format csv
MATCH (r:Regime)
WHERE EXISTS { MATCH (r)-[:ASSESSED]->(:Tool) }
MATCH (t:Tool)
WHERE EXISTS { MATCH (:Regime)-[:ASSESSED]->(t) }
OPTIONAL MATCH (r)-[a:ASSESSED]->(t)
WITH r, t, a.extent AS assessed, a.measure AS assessed_measure, a.note AS note, a.source AS assessed_source,
     a.confidence AS assessed_confidence, a.judgement AS assessed_judgement
OPTIONAL MATCH (m:Measure)-[i:IMPLEMENTS]->(t)
WHERE m.regime = r.id
WITH r.id AS regime, t.id AS tool, t.name AS tool_name, assessed, assessed_measure, note, assessed_source,
     assessed_confidence, assessed_judgement, min(i.extent) AS best, min(m.id) AS first_measure, count(m) AS measures,
     min(i.source) AS measure_source, min(i.confidence) AS measure_confidence
RETURN tool, tool_name, regime, coalesce(assessed, best, 'none') AS extent,
       coalesce(assessed_measure, first_measure) AS measure, measures, note,
       coalesce(assessed_source, measure_source) AS source,
       coalesce(assessed_confidence, measure_confidence) AS confidence,
       coalesce(assessed_judgement, 'inferred') AS judgement
ORDER BY tool, regime
