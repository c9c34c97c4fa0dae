// The fake upstream as its own process for benchmarks: prints `PORT n KEY k`. `FAKE_SCENARIO`
// (JSON) sets its default behaviour, e.g. `{"status":529}` for a mirror that fails every request
// (a request's `x-fake-scenario` header still overrides it). `FAKE_SOAK_SEED` makes it inject
// random faults (bench/soak-faults.ts). It keeps no record of requests: nothing here reads one, and
// a record of every 72 KB body grew it by ~90 MB/s, its garbage collection competing for the
// machine with the processes measured (the gateway, measured last in each cell, most).
import { startFakeUpstream, type Scenario } from '../test/support/fake-upstream.js';
import { soakPicker } from './soak-faults.js';

const soakSeed = process.env['FAKE_SOAK_SEED'];
const fake = await startFakeUpstream({ key: process.env['FAKE_KEY'] ?? 'sk-bench-upstream-key', record: false });
const scenario = process.env['FAKE_SCENARIO'];
if (scenario) fake.setScenario(JSON.parse(scenario) as Scenario);
if (soakSeed !== undefined) fake.setPicker(soakPicker(Number(soakSeed)));
process.stdout.write(`PORT ${fake.port} KEY ${fake.key}\n`);
process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
