// Suite-wide check, run by CTest after every integration suite: no personal value seeded by any
// test (recorded in ANXIN_TEST_LOG_DIR/seeds-*.json) appears in any server log kept there.
import fs from 'node:fs';
import path from 'node:path';

const dir = process.env.ANXIN_TEST_LOG_DIR;
if (!dir || !fs.existsSync(dir)) {
  console.error('scan_logs: ANXIN_TEST_LOG_DIR is not a directory');
  process.exit(1);
}
const files = fs.readdirSync(dir);
const seeds = new Set();
for (const f of files.filter((f) => f.startsWith('seeds-') && f.endsWith('.json'))) {
  for (const v of JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))) seeds.add(String(v));
}
const logs = files.filter((f) => f.endsWith('.log'));
let bytes = 0;
const hits = [];
for (const f of logs) {
  const text = fs.readFileSync(path.join(dir, f), 'utf8');
  bytes += text.length;
  for (const v of seeds) {
    if (v.length >= 6 && text.includes(v)) hits.push(`${f}: ${v.slice(0, 3)}…`);
  }
}
console.log(`scan_logs: ${seeds.size} seeded values, ${logs.length} log files, ${bytes} bytes scanned`);
// Seeding suites (pii, key_rotation) always start servers, so seeds without logs mean the logs
// were not kept. A run of other suites only (ctest -R ...) seeds nothing and has nothing to check.
const vacuous = seeds.size > 0 && logs.length === 0;
if (vacuous) console.error('scan_logs: personal values were seeded but no server log was kept');
if (seeds.size === 0) console.log('scan_logs: no suite in this run seeded personal data');
for (const h of hits) console.error(`personal value in log: ${h}`);
const failed = hits.length + (vacuous ? 1 : 0);
console.log(`${failed === 0 ? 1 : 0} passed, ${failed === 0 ? 0 : 1} failed`);
process.exit(failed === 0 ? 0 : 1);
