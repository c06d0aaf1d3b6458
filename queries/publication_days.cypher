// title: Documents by publication day
// description: How many documents (not list snapshots or citation stubs) were published on each day of a
//   period, and how many of them are rules. The web app groups the days into ISO weeks for the digest archive.
// param: from (date, default "1900-01-01") - first day
// param: to (date, default "9999-12-31") - last day
// example: exportwatch query publication_days --param from=2023-01-01 --param to=2023-03-31
MATCH (d:Document)
WHERE d.publication_date >= $from AND d.publication_date <= $to AND NOT d.kind IN ['dataset', 'citation']
RETURN d.publication_date AS day, count(d) AS documents,
       count(CASE WHEN d.kind = 'rule' THEN 1 END) AS rules
ORDER BY day
