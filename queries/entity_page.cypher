// title: A listed party
// description: One party of the Entity List by id: name, aliases, country, addresses, licence requirement and
//   policy, where it comes from, how many listing events it has, and the parties it is an affiliate of
//   (and that are affiliates of it). The web app's party page runs it with `entity_listings`.
// param: id (Entity.id) - entity id, e.g. "EL:spacety co ltd:CN" (see `query search`)
// example: exportwatch query entity_page --param id="EL:spacety co ltd:CN"
MATCH (e:Entity)
WHERE e.id = $id
OPTIONAL MATCH (e)-[:HAS_LISTING]->(l:Listing)
WITH e, count(l) AS listings
OPTIONAL MATCH (e)-[:AFFILIATE_OF]->(p:Entity)
WITH e, listings, collect(p.id) AS affiliate_of
OPTIONAL MATCH (c:Entity)-[:AFFILIATE_OF]->(e)
RETURN e.id AS id, e.name AS name, e.aliases AS aliases, e.country AS country, e.countries AS countries,
       e.addresses AS addresses, e.license_requirement AS license_requirement, e.license_policy AS license_policy,
       e.source AS source, e.confidence AS confidence, listings, affiliate_of, collect(c.id) AS affiliates
