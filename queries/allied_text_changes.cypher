// title: Detected changes of allied legal texts
// description: Every dated change of an allied legal text (two real versions of a provision differ) in force
//   between two dates: the law, the amending instrument, the in-force date and the version compared with,
//   the provisions changed, how many items were added, removed or changed, and the measure the change belongs
//   to (`basis`: `instrument_and_date`, `instrument`, `in_force_date`, or `proposed` for a measure proposed
//   from the change, confidence `derived`). `exportwatch diff` with a provision gives the paragraphs.
//   `date` is the date the change is dated by and `dated_by` says how it is known; `in_force` is that date
//   only where it is the day the new text entered into force, else empty (German versions are dated by the
//   publication of the law's last amendment, which the record names without its in-force date).
// param: from (date, default "1900-01-01") - first in-force date
// param: to (date, default "9999-12-31") - last in-force date
// param: regime (string, default "") - only this regime (e.g. JP); empty for every regime
// example: exportwatch query allied_text_changes --param regime=JP
MATCH (c:TextChange)
WHERE c.in_force >= $from AND c.in_force <= $to AND ($regime = '' OR c.regime = $regime)
OPTIONAL MATCH (c)-[e:CHANGE_OF]->(m:Measure)
RETURN CASE WHEN c.dated_by IN ['last_amendment_published', 'last_amendment_dated'] THEN null ELSE c.in_force END
         AS in_force, c.regime AS regime, c.law AS law, c.instrument AS instrument,
       c.previous AS previous, c.provisions AS provisions, size(c.items_added) AS items_added,
       size(c.items_removed) AS items_removed, size(c.items_changed) AS items_changed,
       size(c.items_moved) AS items_moved,
       c.paragraphs AS paragraphs, m.id AS measure, e.basis AS basis, m.confidence AS measure_confidence,
       c.id AS change, c.source AS source, c.in_force AS date, c.dated_by AS dated_by
ORDER BY date, change
