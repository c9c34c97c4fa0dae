// The usage data tools through the real CLI (node dist/src/cli/main.js): importing a sample of the
// original CCGate's usage files (bad lines included), idempotent re-import, CSV/JSONL export over
// ranges and a tenant, prune, exit statuses; and the same import and export on PostgreSQL.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { legacyRequestId } from '../../src/accounting/legacy-import/legacy-request-id.js';
import { createPriceBook } from '../../src/accounting/price-book.js';
import { priceUsage } from '../../src/accounting/price-usage.js';
import { CSV_COLUMNS } from '../../src/cli/usage-export-lines.js';
import { LEDGER_COLUMNS } from '../../src/storage/columns.js';
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import { CLI_JS, FIXTURES, basicConfig, tempDir as newTempDir, writeConfig } from '../support/gateway-process.js';
import { durableLedgerRows } from '../support/ledger-file.js';
import { POSTGRES_SKIP, freshSchema, postgresTestUrl, type FreshSchema } from '../support/postgres.js';
import { ledgerRow } from '../unit/storage/ledger-rows.js';
import { parseCsv } from '../unit/data-tools/parse-csv.js';

const execFileAsync = promisify(execFile);
const SAMPLE = join(FIXTURES, 'ccgate-usage/usage');
const DAY_MS = 86_400_000;
type Raw = Record<string, unknown>;

const scratch: string[] = [];
after(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder removed when the file's tests end. */
function tempDir(prefix: string): string {
  const dir = newTempDir(prefix);
  scratch.push(dir);
  return dir;
}

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  try {
    const r = await execFileAsync(process.execPath, [CLI_JS, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A config folder: alice is charged 1.5× list; "main" costs 0.5× list, "backup" (named "Backup Mirror") 0.8×. */
function sampleConfig(server: Record<string, unknown> = {}): string {
  const dir = tempDir('ccgate-dt-config-');
  const upstreams = [
    { id: 'main', name: 'Main', url: 'http://127.0.0.1:9', key: 'sk-upstream-main-000', costMultiplier: 0.5 },
    { id: 'backup', name: 'Backup Mirror', url: 'http://127.0.0.1:9', key: 'sk-upstream-backup-0', costMultiplier: 0.8 },
  ];
  const tenants = [
    { id: 'alice', key: 'ccg-alice-key-0123456789', priceMultiplier: 1.5 },
    { id: 'bob', key: 'ccg-bob-key-0123456789' },
  ];
  writeConfig(dir, basicConfig(upstreams, tenants, server));
  return dir;
}

/** Ledger rows read straight from the files, as LedgerRow-shaped objects (booleans decoded here, not by the store). */
function sqliteRows(dataDir: string): Raw[] {
  return durableLedgerRows(dataDir).map((r) => Object.fromEntries(LEDGER_COLUMNS.map(([field, col]) => [field, field === 'stream' || field === 'priceFlagged' || field === 'usageEstimated' ? r[col] === 1 : r[col]])));
}

/** The id the importer derives for alice's line without a requestId (line 2 of 2025-09-01.json). */
function derivedAliceId(): string {
  const text = readFileSync(join(SAMPLE, 'alice/2025-09/2025-09-01.json'), 'utf8').split('\n')[1]!.trim();
  return legacyRequestId({ tenantId: 'alice', fileName: '2025-09-01.json', text, occurrence: 0 });
}

const jsonl = (text: string): Raw[] => text.trim().split('\n').map((l) => JSON.parse(l) as Raw);

/** The CSV cell a ledger value must become. */
function csvCell(v: unknown): string {
  return v === null ? '' : String(v);
}

function expectedCost(row: Raw, upstreamMul: number, tenantMul: number) {
  const writes = row['cacheWrite5mTokens'] as number;
  const usage = { inputTokens: row['inputTokens'] as number, outputTokens: row['outputTokens'] as number, cacheCreationTokens: writes, cacheWrite5mTokens: writes, cacheWrite1hTokens: 0, cacheReadTokens: row['cacheReadTokens'] as number };
  return priceUsage(createPriceBook(), row['modelServed'] as string, usage, { upstreamCostMultiplier: upstreamMul, tenantPriceMultiplier: tenantMul });
}

describe('usage import-ccgate and export (SQLite)', () => {
  const configDir = sampleConfig();
  const dataDir = tempDir('ccgate-dt-data-');
  const paths = ['--config', configDir, '--data', dataDir];
  const DERIVED = derivedAliceId();
  let firstImport: Raw[] = [];

  test('imports the good lines, skips the bad ones and names them by file:line without their content', async () => {
    const r = await cli(['usage', 'import-ccgate', SAMPLE, ...paths]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Read 4 file\(s\) under .*: imported 7 row\(s\) into .*ccgate\.db, skipped 3 line\(s\)\./);
    assert.match(r.stdout, /The ledger grew by 7 row\(s\)/);
    assert.match(r.stdout, /re-priced with the current price book/);
    assert.match(r.stdout, /Upstreams not in the current config, estimated at list price \(multiplier 1\): gone\./);
    assert.doesNotMatch(r.stdout, /Tenants not in the current config/);
    assert.match(r.stdout, /Skipped lines per file:\n {2}alice\/2025-09\/2025-09-01\.json: 1\n {2}bob\/2025-09\/2025-09-01\.json: 1\n {2}bob\/2025-09\/2025-09-02\.json: 1\n/);
    assert.match(r.stdout, /alice\/2025-09\/2025-09-01\.json:3: invalid JSON/);
    assert.match(r.stdout, /bob\/2025-09\/2025-09-01\.json:2: missing outputTokens/);
    assert.match(r.stdout, /bob\/2025-09\/2025-09-02\.json:2: inputTokens must be a non-negative integer/);
    for (const content of ['req_a3', 'req_bx', 'req_by', '203.0.113.7', 'python-requests']) assert.ok(!r.stdout.includes(content), `output quotes ${content}`);

    const rows = sqliteRows(dataDir);
    assert.deepEqual(rows.map((x) => x['requestId']), ['req_a1', 'req_b1', DERIVED, 'req_a6', 'req_a4', 'req_a5', 'req_b2']);
    const byId = new Map(rows.map((x) => [x['requestId'], x]));
    const derived = byId.get(DERIVED)!;
    assert.deepEqual(
      [derived['tenantId'], derived['ts'], derived['inputTokens'], derived['outputTokens'], derived['cacheWrite5mTokens'], derived['cacheWrite1hTokens'], derived['cacheReadTokens'], derived['upstreamId'], derived['durationMs'], derived['stream'], derived['attempts'], derived['endpoint']],
      ['alice', Date.UTC(2025, 8, 1, 12), 50, 20, 500, 0, 3000, 'backup', 820, false, 1, 'anthropic'],
    );
    assert.equal(byId.get('req_a6')!['ts'], Date.UTC(2025, 8, 1, 18, 30), '+02:00 offset honoured');
    assert.equal(byId.get('req_a5')!['tenantId'], 'alice', 'tenant taken from the folder');
    assert.equal(byId.get('req_a4')!['status'], 429);
    assert.equal(byId.get('req_b2')!['inputTokens'], 10, 'CRLF file read');
    firstImport = rows;
  });

  test('re-prices every row with the price book and the configured multipliers', () => {
    const multipliers: Record<string, [number, number]> = { req_a1: [0.5, 1.5], [DERIVED]: [0.8, 1.5], req_a6: [1, 1.5], req_a5: [0.5, 1.5], req_b1: [0.8, 1], req_b2: [0.8, 1], req_a4: [0.5, 1.5] };
    for (const row of firstImport) {
      const [up, ten] = multipliers[row['requestId'] as string]!;
      const want = expectedCost(row, up, ten);
      assert.deepEqual([row['listCostNano'], row['chargedCostNano'], row['upstreamCostNano']], [want.listCostNano, want.chargedCostNano, want.upstreamCostNano], String(row['requestId']));
    }
    assert.ok((firstImport[0]!['listCostNano'] as number) > 0);
  });

  test('importing the same files again changes nothing', async () => {
    const r = await cli(['usage', 'import-ccgate', SAMPLE, ...paths]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /imported 7 row\(s\)/);
    assert.match(r.stdout, /The ledger grew by 0 row\(s\)/);
    assert.deepEqual(sqliteRows(dataDir), firstImport);
  });

  test('exports CSV over a day, and over a day for one tenant, with exactly the stored rows', async () => {
    const day = await cli(['usage', 'export', '--from', '2025-09-01', '--to', '2025-09-02', '--format', 'csv', ...paths]);
    assert.equal(day.code, 0, day.stderr);
    assert.match(day.stderr, /Exported 4 row\(s\) as csv/);
    const [header, ...records] = parseCsv(day.stdout);
    assert.deepEqual(header, CSV_COLUMNS);
    const stored = new Map(firstImport.map((x) => [x['requestId'], x]));
    assert.deepEqual(records.map((c) => c[0]), ['req_a1', 'req_b1', DERIVED, 'req_a6']);
    for (const cells of records) {
      const row = stored.get(cells[0])!;
      LEDGER_COLUMNS.forEach(([field], i) => assert.equal(cells[i], csvCell(row[field]), `${cells[0]} ${field}`));
      const [list, charged, upstream, iso] = cells.slice(LEDGER_COLUMNS.length);
      assert.deepEqual([list, charged, upstream].map((v) => Math.round(Number(v) * 1e9)), [row['listCostNano'], row['chargedCostNano'], row['upstreamCostNano']]);
      assert.equal(Date.parse(iso!), row['ts']);
    }
    assert.equal(records[2]![CSV_COLUMNS.indexOf('userAgent')], 'script, "v2"', 'comma and quotes survive');

    const alice = await cli(['usage', 'export', '--from', '2025-09-01', '--to', '2025-09-02', '--tenant', 'alice', ...paths]);
    assert.equal(alice.code, 0, alice.stderr);
    assert.deepEqual(parseCsv(alice.stdout).slice(1).map((c) => c[0]), ['req_a1', DERIVED, 'req_a6'], 'csv is the default format');
  });

  test('exports JSONL with --from inclusive and --to exclusive, to stdout or a file', async () => {
    const r = await cli(['usage', 'export', '--from', '2025-09-01T12:00:00Z', '--to', '2025-09-03', '--format', 'jsonl', ...paths]);
    assert.equal(r.code, 0, r.stderr);
    const stored = new Map(firstImport.map((x) => [x['requestId'], x]));
    const ids = [DERIVED, 'req_a6', 'req_a4', 'req_a5', 'req_b2'];
    assert.deepEqual(jsonl(r.stdout), ids.map((id) => stored.get(id)));

    const file = join(tempDir('ccgate-dt-out-'), 'bob.jsonl');
    const edge = await cli(['usage', 'export', '--from', '2025-09-02', '--to', '2025-09-02T23:59:59.999Z', '--format', 'jsonl', '--tenant', 'bob', '--out', file, ...paths]);
    assert.equal(edge.code, 0, edge.stderr);
    assert.equal(edge.stdout, '');
    assert.equal(readFileSync(file, 'utf8'), '', 'req_b2 at 23:59:59.999 is at --to, so excluded');
    const last = await cli(['usage', 'export', '--from', '2025-09-02T23:59:59.999Z', '--to', '2025-09-03', '--format', 'jsonl', '--out', file, ...paths]);
    assert.equal(last.code, 0, last.stderr);
    assert.deepEqual(jsonl(readFileSync(file, 'utf8')), [stored.get('req_b2')]);
  });

  test('ccgate clean still deletes the imported rows', async () => {
    const r = await cli(['clean', '--yes', ...paths]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /and 7 usage row\(s\)/);
    assert.deepEqual(sqliteRows(dataDir), []);
  });
});

describe('usage command lines that are wrong', () => {
  const configDir = sampleConfig();
  const paths = ['--config', configDir, '--data', tempDir('ccgate-dt-empty-')];
  const cases: Array<[string, string[], number, RegExp]> = [
    ['an invalid date', ['usage', 'export', '--from', '2025-13-01', '--to', '2025-12-02'], 2, /--from "2025-13-01" is not a valid date/],
    ['a zone-less time', ['usage', 'export', '--from', '2025-09-01T08:00', '--to', '2025-09-02'], 2, /not a valid date: use YYYY-MM-DD/],
    ['no --to', ['usage', 'export', '--from', '2025-09-01'], 2, /--to is required/],
    ['a reversed range', ['usage', 'export', '--from', '2025-09-02', '--to', '2025-09-01'], 2, /--from must be before --to/],
    ['an unknown format', ['usage', 'export', '--from', '2025-09-01', '--to', '2025-09-02', '--format', 'xml'], 2, /--format must be csv or jsonl/],
    ['an unknown option', ['usage', 'export', '--since', '2025-09-01'], 2, /unknown option/],
    ['no ledger yet', ['usage', 'export', '--from', '2025-09-01', '--to', '2025-09-02'], 1, /No usage ledger at .*ccgate\.db/],
    ['a missing import folder', ['usage', 'import-ccgate', '/nonexistent/ccgate/usage'], 2, /is not a folder/],
    ['no import folder at all', ['usage', 'import-ccgate'], 2, /missing required argument/],
    ['a folder without usage files', ['usage', 'import-ccgate', join(FIXTURES, 'anthropic')], 1, /No usage files/],
    ['days that are not a number', ['usage', 'prune', '--days', 'week'], 2, /--days must be a whole number/],
  ];
  for (const [what, args, code, message] of cases) {
    test(`${what}: exit ${code} with a clear message`, async () => {
      const r = await cli([...args, ...paths]);
      assert.equal(r.code, code, r.stdout + r.stderr);
      assert.match(r.stderr, message);
    });
  }
});

describe('usage prune', () => {
  const now = Date.now();
  const ages = { old10d: 10 * DAY_MS, old5d: 5 * DAY_MS, fresh: 3_600_000 };
  const dataDir = tempDir('ccgate-dt-prune-');
  const ids = () => sqliteRows(dataDir).map((r) => r['requestId']);

  before(async () => {
    const store = openSqliteStore(join(dataDir, 'ccgate.db'));
    await store.migrate();
    await Promise.all(Object.entries(ages).map(([id, age]) => store.insert(ledgerRow(id, { ts: now - age }))));
    await store.close();
  });

  test('--days deletes only rows older than that; --dry-run only counts them', async () => {
    const paths = ['--config', sampleConfig(), '--data', dataDir];
    const dry = await cli(['usage', 'prune', '--days', '7', '--dry-run', ...paths]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /Would delete 1 usage row\(s\)/);
    assert.deepEqual(ids(), ['old10d', 'old5d', 'fresh']);
    const r = await cli(['usage', 'prune', '--days', '7', ...paths]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Deleted 1 usage row\(s\) from before \d{4}-\d{2}-\d{2}T.* \(older than 7 day\(s\)\)/);
    assert.match(r.stdout, /monthly budgets read up to 32 days back/);
    assert.deepEqual(ids(), ['old5d', 'fresh']);
  });

  test('without --days it uses storage.retentionDays; 0 keeps everything', async () => {
    const keep = await cli(['usage', 'prune', '--config', sampleConfig(), '--data', dataDir]);
    assert.equal(keep.code, 0, keep.stderr);
    assert.match(keep.stdout, /nothing deleted/);
    assert.deepEqual(ids(), ['old5d', 'fresh']);
    const r = await cli(['usage', 'prune', '--config', sampleConfig({ storage: { retentionDays: 3 } }), '--data', dataDir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Deleted 1 usage row/);
    assert.deepEqual(ids(), ['fresh']);
  });
});

describe('usage import-ccgate and export (PostgreSQL)', async () => {
  const baseUrl = await postgresTestUrl();
  let schema: FreshSchema | undefined;
  after(() => schema?.drop());

  test('imports into the database of CCGATE_DATABASE_URL and exports the same rows as SQLite', { skip: baseUrl ? false : POSTGRES_SKIP }, async () => {
    schema = await freshSchema(baseUrl!);
    const env = { CCGATE_DATABASE_URL: schema.url };
    const configDir = sampleConfig();
    const pgPaths = ['--config', configDir, '--data', tempDir('ccgate-dt-pgdata-')];
    const imported = await cli(['usage', 'import-ccgate', SAMPLE, ...pgPaths], env);
    assert.equal(imported.code, 0, imported.stdout + imported.stderr);
    assert.match(imported.stdout, /imported 7 row\(s\) into the PostgreSQL ledger, skipped 3 line\(s\)/);
    assert.ok(!imported.stdout.includes('ccgate:ccgate@'), 'the URL (with its password) is never printed');
    const again = await cli(['usage', 'import-ccgate', SAMPLE, ...pgPaths], env);
    assert.match(again.stdout, /The ledger grew by 0 row\(s\)/);

    const sqlitePaths = ['--config', configDir, '--data', tempDir('ccgate-dt-sqdata-')];
    assert.equal((await cli(['usage', 'import-ccgate', SAMPLE, ...sqlitePaths])).code, 0);
    const range = ['usage', 'export', '--from', '2025-09-01', '--to', '2025-09-03', '--format', 'jsonl'];
    const fromPg = await cli([...range, ...pgPaths], env);
    const fromSqlite = await cli([...range, ...sqlitePaths]);
    assert.equal(fromPg.code, 0, fromPg.stderr);
    assert.equal(jsonl(fromPg.stdout).length, 7);
    assert.equal(fromPg.stdout, fromSqlite.stdout);
  });
});
