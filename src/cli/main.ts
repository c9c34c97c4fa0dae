// The `ccgate` command. Subcommands mirror the npm scripts: start, config validate, health,
// clean, prices, keygen (and the usage data tools, and tenant changes).
import { Command } from 'commander';
import { runClean } from './clean-command.js';
import { runConfigValidate } from './config-command.js';
import { runHealth } from './health-command.js';
import { runKeygen } from './keygen-command.js';
import { runPrices } from './prices-command.js';
import { runStart } from './start-command.js';
import { registerTenantCommands } from './tenant-command.js';
import { registerUsageCommands } from './usage-commands.js';
import { VERSION } from '../version.js';

// `ccgate prices | head` closes the pipe early; that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
});

const program = new Command().name('ccgate').version(VERSION).description('Self-hosted gateway for the Claude API');
const paths = (cmd: Command) => cmd.option('-c, --config <dir>', 'config folder (env CCGATE_CONFIG_DIR, default ./config)').option('-d, --data <dir>', 'data folder (env CCGATE_DATA_DIR, default ./data)');

paths(program.command('start').description('run the gateway'))
  .option('-p, --port <n>', 'port (env PORT)')
  .option('-H, --host <host>', 'address to listen on')
  .action(runStart);
const config = program.command('config').description('config tools');
paths(config.command('validate').description('check the config without starting')).action((flags) => {
  process.exitCode = runConfigValidate(flags);
});
paths(program.command('health').description('ask the running gateway for its health'))
  .option('-u, --url <url>', 'gateway URL (default from the config)')
  .action(async (flags) => {
    process.exitCode = await runHealth(flags);
  });
paths(program.command('clean').description('delete logs and usage data'))
  .option('-y, --yes', 'do not ask for confirmation')
  .action(async (flags) => {
    process.exitCode = await runClean(flags);
  });
paths(program.command('prices').description('show the effective price table'))
  .option('--json', 'machine-readable output')
  .action((flags) => {
    process.exitCode = runPrices(flags);
  });
registerUsageCommands(program, paths);
registerTenantCommands(program, paths);
program.command('keygen').description('make a new tenant key and its hash').action(() => {
  process.exitCode = runKeygen();
});

await program.parseAsync(process.argv);
