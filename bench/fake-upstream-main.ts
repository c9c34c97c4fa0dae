// The fake upstream as its own process for benchmarks: prints `PORT n KEY k`. `FAKE_SCENARIO`
// (JSON) sets its default behaviour, e.g. `{"status":529}` for a mirror that fails every request
// (a request's `x-fake-scenario` header still overrides it). `FAKE_SOAK_SEED` makes it inject
// random faults (bench/soak-faults.ts) and keep no record of requests (a soak runs for hours).
import { startFakeUpstream, type Scenario } from '../test/support/fake-upstream.js';
import { soakPicker } from './soak-faults.js';

const soakSeed = process.env['FAKE_SOAK_SEED'];
const fake = await startFakeUpstream({ key: process.env['FAKE_KEY'] ?? 'sk-bench-upstream-key', record: soakSeed === undefined });
const scenario = process.env['FAKE_SCENARIO'];
if (scenario) fake.setScenario(JSON.parse(scenario) as Scenario);
if (soakSeed !== undefined) fake.setPicker(soakPicker(Number(soakSeed)));
process.stdout.write(`PORT ${fake.port} KEY ${fake.key}\n`);
process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
