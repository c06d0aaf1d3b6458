// title: Parties reached through a listed parent
// description: Parties that a US list links to a listed party (a subsidiary named in the 1260H list, a
//   subordinate institution or affiliated entity named in the Entity List or MEU text) and that are not
//   themselves on that party's lists, with the relation as printed, the parent's lists, the source, and the
//   status of the BIS Affiliates rule (50 percent ownership) on `as_of`, read from the curated measures:
//   `not in force` before the measure implementing the affiliates_rule tool takes effect, `suspended`
//   from the effective date of a measure revising it whose name speaks of a suspension until a later
//   measure revising that one takes effect, `in force` otherwise. No ownership share is inferred.
// param: name (string, default "") - part of the parent's or the party's name, any case ("" for all)
// param: as_of (date, default "2026-01-01") - date of the Affiliates rule status
// example: exportwatch query affiliate_reach --param name=avic --param as_of=2025-10-15
OPTIONAL MATCH (rule:Measure)-[:IMPLEMENTS]->(:Tool {id: 'affiliates_rule'})
WITH min(rule.effective_day) AS in_force_day
OPTIONAL MATCH (s:Measure)-[:REVISES]->(:Measure)-[:IMPLEMENTS]->(:Tool {id: 'affiliates_rule'})
WHERE toLower(s.name) CONTAINS 'suspen' AND s.effective_day <= $as_of_day
WITH in_force_day, max(s.effective_day) AS suspended_day
OPTIONAL MATCH (r:Measure)-[:REVISES]->(s2:Measure)
WHERE toLower(s2.name) CONTAINS 'suspen' AND s2.effective_day = suspended_day AND r.effective_day <= $as_of_day
WITH in_force_day, suspended_day, min(r.effective_day) AS resumed_day
WITH CASE
       WHEN in_force_day IS NULL OR $as_of_day < in_force_day THEN 'not in force'
       WHEN suspended_day IS NOT NULL AND resumed_day IS NULL THEN 'suspended'
       ELSE 'in force'
     END AS rule_status
MATCH (c:Entity)-[a:AFFILIATE_OF]->(p:Entity)
WHERE size(p.lists) > 0 AND NONE(x IN p.lists WHERE x IN c.lists)
  AND ($name = '' OR p.search_text CONTAINS toLower($name) OR c.search_text CONTAINS toLower($name))
RETURN c.name AS entity, p.name AS parent, a.relation AS relation, p.lists AS parent_lists,
       rule_status, a.source AS source, a.confidence AS confidence
ORDER BY parent, entity, p.id, c.id
