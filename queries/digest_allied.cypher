// title: Allied developments of a period
// description: Measures of regimes other than one (default the US) announced, adopted, published or in force
//   between two dates (or, for a measure known only by its month, whose first day falls between them), and
//   every detected change of an allied legal text in force between them (each linked to its measure, or to a
//   measure proposed for it with confidence `derived`), with the regime's name, the control tools each
//   measure implements, the items it controls (sorted) and the text changes of the period (`text_changes`:
//   ids such as `JP:403M50000400049@2023-07-23`; `text_change_summaries`: one line each).
// param: from (date) - first date
// param: to (date) - last date
// param: home (string, default "US") - regime whose own measures are left out
// example: exportwatch query digest_allied --param from=2023-07-17 --param to=2023-07-23
MATCH (m:Measure)
WHERE m.regime <> $home
OPTIONAL MATCH (c:TextChange)-[:CHANGE_OF]->(m)
WITH m, c ORDER BY c.in_force, c.id SKIP 0
WITH m, collect(CASE WHEN c.in_force >= $from AND c.in_force <= $to THEN c.id END) AS text_changes,
     collect(CASE WHEN c.in_force >= $from AND c.in_force <= $to THEN c.summary END) AS text_change_summaries
WHERE (m.announced >= $from AND m.announced <= $to) OR (m.adopted >= $from AND m.adopted <= $to)
   OR (m.published >= $from AND m.published <= $to) OR (m.effective >= $from AND m.effective <= $to)
   OR (m.period IS NOT NULL AND m.first_date >= $from AND m.first_date <= $to)
   OR size(text_changes) > 0
OPTIONAL MATCH (m)-[:ENACTED_BY]->(r:Regime)
WITH m, text_changes, text_change_summaries, coalesce(r.name, m.regime) AS regime_name
OPTIONAL MATCH (m)-[:IMPLEMENTS]->(t:Tool)
WITH m, text_changes, text_change_summaries, regime_name, t.id AS tool ORDER BY m.id, tool SKIP 0
WITH m, text_changes, text_change_summaries, regime_name, collect(DISTINCT tool) AS tools
OPTIONAL MATCH (m)-[:CONTROLS]->(i:Item)
WITH m, text_changes, text_change_summaries, regime_name, tools, i.code AS code ORDER BY m.id, code SKIP 0
WITH m, text_changes, text_change_summaries, regime_name, tools, collect(DISTINCT code) AS items
RETURN m.id AS measure, m.regime AS regime, regime_name, m.name AS name, m.announced AS announced,
       m.adopted AS adopted, m.published AS published, m.effective AS effective, m.period AS period,
       m.legal_basis AS legal_basis, m.administering_body AS administering_body, m.citation AS citation,
       m.source AS source, m.confidence AS confidence, m.topics AS topics, tools, items, text_changes,
       text_change_summaries
ORDER BY m.first_date, measure
