// title: Deadlines ahead
// description: Comment periods closing and effective or compliance dates between a day and a number of days
//   after it, from documents (their dates as extracted or given by the source) and curated measures.
// param: as_of (date) - the day to look ahead from
// param: days (int, default 90) - how many days ahead
// example: exportwatch query upcoming_deadlines --param as_of=2025-01-15 --param days=120
MATCH (x:Deadline)
WHERE x.date_day >= $as_of_day AND x.date_day <= $as_of_day + $days
RETURN x.date AS date, x.role AS role, x.date_day - $as_of_day AS days_left, x.subject AS subject,
       x.subject_title AS title, x.citation AS citation, x.url AS url, x.text AS text, x.source AS source
ORDER BY date, role, subject
