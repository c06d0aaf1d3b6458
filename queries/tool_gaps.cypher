// title: Control tools a regime lacks
// description: Control tools the baseline regime has (by an assessment, or through one of its measures) that
//   the given regime has only in part or not at all, with the assessment or measure behind each answer and
//   its source and confidence. A tool no assessment or measure covers for the regime counts as `none`, and
//   `basis` says which: `assessment` (a curated assessment, with its source), `measure` (a measure of the
//   regime implements it in part) or `no curated measure` (nothing in the curated data for that regime).
//   `judgement` says whether the cell is an assessment by the cited source (`cited`) or an inference of ours
//   (`inferred`). `provisions` lists the regime's provisions that provide the tool in part, and
//   `provision_texts` each with the passage of its text that shows it (`id: passage`; the id alone where the
//   project holds no text), both sorted by provision id.
// param: regime (Regime.id) - regime to compare, e.g. JP, NL, DE, EU, KR
// param: baseline (Regime.id, default "US") - regime whose tools are the reference
// example: exportwatch query tool_gaps --param regime=JP
MATCH (t:Tool)
WHERE EXISTS { MATCH (:Regime {id: $baseline})-[b:ASSESSED]->(t) WHERE b.extent <> 'none' }
   OR EXISTS { MATCH (n:Measure)-[:IMPLEMENTS]->(t) WHERE n.regime = $baseline }
OPTIONAL MATCH (:Regime {id: $regime})-[a:ASSESSED]->(t)
OPTIONAL MATCH (m:Measure)-[i:IMPLEMENTS]->(t)
WHERE m.regime = $regime
WITH t, a, m, i,
     CASE WHEN a IS NOT NULL THEN a.extent WHEN i IS NOT NULL THEN i.extent ELSE 'none' END AS extent
WHERE extent <> 'full'
WITH t.id AS tool, t.name AS tool_name, t.us_reference AS us_reference, extent,
     coalesce(m.id, a.measure, '') AS measure, coalesce(a.note, i.note) AS note,
     coalesce(a.source, i.source) AS source, coalesce(a.confidence, i.confidence) AS confidence,
     CASE WHEN a IS NOT NULL THEN 'assessment' WHEN i IS NOT NULL THEN 'measure'
          ELSE 'no curated measure' END AS basis,
     CASE WHEN a IS NOT NULL THEN a.judgement ELSE 'inferred' END AS judgement
OPTIONAL MATCH (p:Provision)-[pv:PROVIDES]->(:Tool {id: tool})
WHERE p.regime = $regime
WITH tool, tool_name, us_reference, extent, measure, note, source, confidence, basis, judgement, p.id AS pid,
     CASE WHEN pv.quote IS NULL THEN p.id ELSE p.id + ': ' + pv.quote END AS ptext
ORDER BY tool, measure, pid SKIP 0
WITH tool, tool_name, us_reference, extent, measure, note, source, confidence, basis, judgement,
     collect(pid) AS provisions, collect(ptext) AS provision_texts
RETURN tool, tool_name, us_reference, extent, measure, note, source, confidence, basis, judgement, provisions,
       provision_texts
ORDER BY tool, measure
