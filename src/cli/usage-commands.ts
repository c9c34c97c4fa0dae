// Registers `ccgate usage export | import-ccgate | prune`. Wrong command lines exit 2 (commander's
// own default is 1), so scripts can tell "you called it wrong" from "it failed".
import type { Command, CommanderError } from 'commander';
import { runUsageExport, type ExportFlags } from './usage-export-command.js';
import { runUsageImport } from './usage-import-command.js';
import { runUsagePrune, type PruneFlags } from './usage-prune-command.js';
import type { PathOptions } from './paths.js';
import { RANGE_HELP } from './usage-range.js';
import { EXIT_USAGE } from './usage-store.js';

const EXPORT_HELP = `
Dates: ${RANGE_HELP}. --from is inclusive, --to exclusive.
JSONL: one ledger row per line, exactly as stored (costs in integer nano-USD).
CSV (RFC 4180, CRLF): a header of the ledger's field names in the same order as JSONL, then
listCostUsd, chargedCostUsd, upstreamCostUsd (the three costs as exact decimal USD) and tsIso
(ts as ISO 8601 UTC). Empty cells are nulls; ts is epoch milliseconds. Reads PostgreSQL when storage.databaseUrl or CCGATE_DATABASE_URL is set,
else data/ccgate.db.`;

const IMPORT_HELP = `
DIR is the original CCGate's data/usage folder (or data/, or one tenant's folder): files
{tenantId}/{YYYY-MM}/{YYYY-MM-DD}.json, one JSON object per line. Costs are re-priced with the
current price book, the tenant's priceMultiplier and the upstream's costMultiplier (1 when the id
is no longer configured); the original's USD figures used out-of-date prices. Cache writes are
imported as 5-minute writes, requests as non-streaming (the original recorded neither). Bad lines
are skipped and listed as file:line: reason. Importing again replaces rows instead of adding them.
Exit status: 0 rows imported, 1 nothing imported, 2 wrong command line.`;

/** Commander's usage errors (missing argument, unknown option, no subcommand) become exit 2; --help keeps 0. */
function usageErrorsExit2(err: CommanderError): never {
  process.exit(err.exitCode === 0 ? 0 : EXIT_USAGE);
}

/** Adds the `usage` command group; `withPaths` adds the --config/--data options. */
export function registerUsageCommands(program: Command, withPaths: (cmd: Command) => Command): void {
  const usage = program.command('usage').description('usage data tools: export, import from the original CCGate, prune').exitOverride(usageErrorsExit2);
  withPaths(usage.command('export').description('export ledger rows of a time range as CSV or JSONL'))
    .option('--from <when>', 'start, inclusive (YYYY-MM-DD = UTC midnight, or ISO 8601 with a zone)')
    .option('--to <when>', 'end, exclusive')
    .option('--format <csv|jsonl>', 'output format', 'csv')
    .option('--tenant <id>', 'only this tenant')
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .addHelpText('after', EXPORT_HELP)
    .action(async (flags: ExportFlags) => {
      process.exitCode = await runUsageExport(flags);
    });
  withPaths(usage.command('import-ccgate').description("import the original CCGate's usage files").argument('<dir>', 'its data/usage folder'))
    .addHelpText('after', IMPORT_HELP)
    .action(async (dir: string, flags: PathOptions) => {
      process.exitCode = await runUsageImport(dir, flags);
    });
  withPaths(usage.command('prune').description('delete ledger rows older than the retention period'))
    .option('--days <n>', 'keep this many days (default: storage.retentionDays from the config; 0 keeps everything)')
    .option('--dry-run', 'only count what would be deleted')
    .action(async (flags: PruneFlags) => {
      process.exitCode = await runUsagePrune(flags);
    });
}
