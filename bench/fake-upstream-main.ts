// The fake upstream as its own process for benchmarks: prints `PORT n KEY k`.
import { startFakeUpstream } from '../test/support/fake-upstream.js';

const fake = await startFakeUpstream({ key: process.env['FAKE_KEY'] ?? 'sk-bench-upstream-key' });
process.stdout.write(`PORT ${fake.port} KEY ${fake.key}\n`);
process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
