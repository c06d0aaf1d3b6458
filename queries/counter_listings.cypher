// title: MOFCOM counter-listings beside the US actions of the same week
// description: China's listings (export control control list, unreliable entity list, watch list; regime CN,
//   a counter-measure) by date, each with the US Entity List events and the BIS documents published in the
//   same ISO week (Monday to Sunday), to read China's moves on the US timeline.
// param: from (date, default "2018-01-01") - first listing date
// param: to (date, default "2099-12-31") - last listing date
// example: exportwatch query counter_listings --param from=2025-01-01 --param to=2025-12-31
MATCH (r:ListRecord)
WHERE r.regime = 'CN' AND r.start_date >= $from AND r.start_date <= $to
WITH r.start_date AS date, r.list AS list, r.week_start AS week_start, r.week_end AS week_end,
     count(*) AS parties, collect(r.listed_name) AS names
OPTIONAL MATCH (l:Listing)
WHERE l.date >= week_start AND l.date <= week_end AND (l.list IS NULL OR l.list = 'entity_list')
WITH date, list, week_start, week_end, parties, names, count(DISTINCT l) AS us_listing_events
OPTIONAL MATCH (d:Document)
WHERE d.kind IN ['rule', 'proposed_rule', 'notice'] AND d.publication_date >= week_start AND d.publication_date <= week_end
WITH date, list, week_start, parties, names, us_listing_events, collect(DISTINCT d.id) AS us_documents
RETURN date, list, week_start, parties, names, us_listing_events, us_documents
ORDER BY date, list
