import { coverageRule } from "./coverage.js";

export const databaseChoice = coverageRule({
  id: "nine-steps/database-choice",
  step: "database",
  description: "Step 6 that names neither SQL nor NoSQL",
  topics: [
    {
      name: "the SQL or NoSQL choice",
      pattern:
        /\b(?:no)?sql\b|\brelational\b|\brdbms\b|\bpostgres(?:ql)?\b|\bmysql\b|\bmariadb\b|\bsqlite\b|\boracle\b|\bcassandra\b|\bscylla(?:db)?\b|\bdynamo(?:db)?\b|\bmongo(?:db)?\b|\bhbase\b|\bbigtable\b|\bspanner\b|\bcockroach(?:db)?\b|\bredis\b|\bcouch(?:db|base)\b|\bneo4j\b|\bkey[\s-]value\b|\bdocument (?:store|database|db)\b|\bwide[\s-]column\b|\bgraph database\b|\bcolumnar\b/i,
    },
  ],
  advice:
    "say which kind of database (e.g. “PostgreSQL (SQL)” or “Cassandra (NoSQL)”) and why it fits",
});
