// Runs only the failover figures of `npm run bench` (node dist/bench/failover-main.js), for when
// the whole bench would take too long.
import { failoverBench } from './failover-bench.js';

const lines = await failoverBench(Number(process.env['BENCH_SECONDS'] ?? 5));
process.stdout.write(`${lines.join('\n')}\n`);
