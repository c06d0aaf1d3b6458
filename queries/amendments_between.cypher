// title: Amendments between two dates
// description: Amendatory instructions of documents published between two dates: the CFR provision each
//   amends, the action and the instruction's text.
// param: from (date) - first publication date
// param: to (date) - last publication date
// example: exportwatch query amendments_between --param from=2023-01-01 --param to=2023-12-31
MATCH (d:Document)-[a:AMENDS]->(p:Provision)
WHERE d.publication_date >= $from AND d.publication_date <= $to
RETURN d.publication_date AS date, d.id AS document, a.seq AS seq, a.action AS action, p.id AS provision,
       a.paragraph AS paragraph, a.text AS text
ORDER BY date, document, seq
