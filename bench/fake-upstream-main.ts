// The fake upstream as its own process for benchmarks: prints `PORT n KEY k`. `FAKE_SCENARIO`
// (JSON) sets its default behaviour, e.g. `{"status":529}` for a mirror that fails every request
// (a request's `x-fake-scenario` header still overrides it).
import { startFakeUpstream, type Scenario } from '../test/support/fake-upstream.js';

const fake = await startFakeUpstream({ key: process.env['FAKE_KEY'] ?? 'sk-bench-upstream-key' });
const scenario = process.env['FAKE_SCENARIO'];
if (scenario) fake.setScenario(JSON.parse(scenario) as Scenario);
process.stdout.write(`PORT ${fake.port} KEY ${fake.key}\n`);
process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
