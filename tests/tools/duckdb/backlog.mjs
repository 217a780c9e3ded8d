// node backlog.mjs TICKETS.ndjson EVENTS.ndjson [SINCE UNTIL]
//
// Reads `itk export` (TICKETS) and `itk export --events` (EVENTS) with DuckDB's
// read_json_auto and prints, as one JSON object on stdout, what `itk report --since SINCE
// --until UNTIL --format json` gives as `backlog.by_priority` and `opened`, computed in SQL:
//
//   {"backlog_by_priority": {"P1": n, ..., "P5": n, "unprioritized": n}, "opened": n}
//
// backlog_by_priority is the backlog *now* (the tickets export holds the current state):
// incidents new, in progress or on hold, by priority, 0s included. It equals the report's
// when UNTIL is after every event. opened counts the incidents whose `open` event is in
// [SINCE, UNTIL), a ticket's type being the one of its last `categorize` event before UNTIL
// (as the report replays events before UNTIL), from the events export alone. Without SINCE
// and UNTIL, every `open` event counts, with each ticket's last type.
//
// Used by tests/cli/t4020-export-duckdb.sh; `npm ci --prefix tests/tools/duckdb` first.

import { DuckDBInstance } from '@duckdb/node-api';

const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5', 'unprioritized'];

// The columns are given their types, not inferred: read_json_auto types a key that is null
// on every line (e.g. `priority` in a store where nothing is prioritised yet) or whose
// values differ in type as JSON, and then `coalesce(priority, 'unprioritized')` or
// `type = 'incident'` fails with "Malformed JSON". TIMESTAMPTZ reads the `Z` of itk's
// RFC 3339 times as UTC whatever the session's TimeZone. Other keys are not read.
const TICKETS_SQL = `
SELECT coalesce(priority, 'unprioritized') AS priority, count(*) AS n
FROM read_json_auto($tickets, format = 'newline_delimited',
                    columns = {id: 'VARCHAR', type: 'VARCHAR', status: 'VARCHAR', priority: 'VARCHAR'})
WHERE type = 'incident' AND status IN ('new', 'in_progress', 'on_hold')
GROUP BY ALL
ORDER BY priority`;

const OPENED_SQL = `
WITH events AS (
  SELECT * FROM read_json_auto($events, format = 'newline_delimited',
                               columns = {ticket: 'VARCHAR', seq: 'BIGINT', "at": 'TIMESTAMPTZ',
                                          action: 'VARCHAR', type: 'VARCHAR'})
  WHERE "at" < CAST($until AS TIMESTAMPTZ)
),
kind AS (  -- each ticket's type as of UNTIL: the one of its last categorize event before it
  SELECT ticket, arg_max(type, seq) AS type FROM events WHERE action = 'categorize' GROUP BY ticket
)
SELECT count(*) AS n
FROM events JOIN kind USING (ticket)
WHERE events.action = 'open' AND events."at" >= CAST($since AS TIMESTAMPTZ) AND kind.type = 'incident'`;

async function main(argv) {
    if (argv.length !== 2 && argv.length !== 4) {
        process.stderr.write('usage: node backlog.mjs TICKETS.ndjson EVENTS.ndjson [SINCE UNTIL]\n');
        return 2;
    }
    const [tickets, events] = argv;
    const since = argv[2] ?? '-infinity';
    const until = argv[3] ?? 'infinity';

    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
        // SINCE and UNTIL without an offset (2026-11-01) are UTC, as for itk report.
        await db.run("SET TimeZone = 'UTC'");
        const backlog = Object.fromEntries(PRIORITIES.map((p) => [p, 0]));
        const rows = (await db.runAndReadAll(TICKETS_SQL, { tickets })).getRowObjectsJS();
        for (const { priority, n } of rows) {
            if (!(priority in backlog)) {
                throw new Error(`unexpected priority '${priority}' in ${tickets}`);
            }
            backlog[priority] = Number(n);
        }
        const opened = (await db.runAndReadAll(OPENED_SQL, { events, since, until })).getRowObjectsJS();
        process.stdout.write(JSON.stringify({ backlog_by_priority: backlog, opened: Number(opened[0].n) }) + '\n');
        return 0;
    } finally {
        db.closeSync();
        instance.closeSync();
    }
}

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (err) => {
        process.stderr.write(`backlog.mjs: ${err.message}\n`);
        process.exitCode = 1;
    },
);
