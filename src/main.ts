// Entry point of `npm start`: `node dist/src/main.js [--config DIR] [--data DIR] [--port N] [--host H]`.
import { Command } from 'commander';
import { runStart } from './cli/start-command.js';

const program = new Command()
  .name('ccgate')
  .option('-c, --config <dir>', 'config folder (env CCGATE_CONFIG_DIR, default ./config)')
  .option('-d, --data <dir>', 'data folder (env CCGATE_DATA_DIR, default ./data)')
  .option('-p, --port <n>', 'port (env PORT, default from server.json)')
  .option('-H, --host <host>', 'address to listen on')
  .action(runStart);
await program.parseAsync(process.argv);
