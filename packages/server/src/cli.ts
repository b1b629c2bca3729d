/**
 * The `closeloop` command: serve, migrate, seed, import, export, user add, audit verify, commission simulate. Each command loads only
 * what it needs (the HTTP stack, spreadsheets, seed data) so every command starts fast.
 */
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { AppError } from '@closeloop/core';
import { loadConfig, type Config } from './platform/config.js';
import { systemClock } from './platform/clock.js';
import type { DatabaseHandle } from './platform/db/database.js';
import { CliError, askHidden, consoleIo, type CliIo } from './cli/io.js';

const environmentHelp = `
Environment (defaults in brackets; see docs/operations.md):
  DATABASE_URL   sqlite:./data/closeloop.db | postgres://user:password@host:5432/db  [sqlite:./data/closeloop.db]
  HOST, PORT     where the server listens  [127.0.0.1, 3000]
  LOG_LEVEL      fatal | error | warn | info | debug | trace | silent  [info]
  PG_POOL_SIZE   PostgreSQL connections  [10]`;

/** What a command reports back besides its output; commands that can fail a check set a non-zero code. */
export interface CommandOutcome {
  exitCode: number;
}

export function createProgram(io: CliIo, env: NodeJS.ProcessEnv, outcome: CommandOutcome): Command {
  const config = (): Config => {
    try {
      return loadConfig(env);
    } catch (error) {
      throw new CliError(`${(error as Error).message}. Fix the variable or unset it to use the default.`);
    }
  };
  /** Runs `work` with the configured database open, and always closes it. */
  const withDatabase = async <T>(migrate: boolean, work: (database: DatabaseHandle, migrations: string[]) => Promise<T>): Promise<T> => {
    const { openForCommand } = await import('./cli/database.js');
    const { database, migrations } = await openForCommand(config(), { migrate });
    try {
      return await work(database, migrations);
    } finally {
      await database.close();
    }
  };

  const program = new Command('closeloop')
    .description('Closeloop, self-hostable sales management: lead steward, contract-to-cash, commissions that explain themselves.')
    .version(version(), '-v, --version')
    .option('--debug', 'print the full stack trace when a command fails unexpectedly')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', environmentHelp)
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) })
    .exitOverride();

  program
    .command('serve')
    .description('Start the web server and API. Applies pending migrations first.')
    .option('--demo-on-empty', 'seed the demo company 示例科技有限公司 when the database holds no organisation yet')
    .addHelpText('after', '\nExamples:\n  closeloop serve --demo-on-empty\n  PORT=8080 HOST=0.0.0.0 DATABASE_URL=postgres://closeloop@db/closeloop closeloop serve')
    .action(async (options: { demoOnEmpty?: boolean }) => {
      const { serve } = await import('./cli/serve.js');
      await serve(config(), { demoOnEmpty: !!options.demoOnEmpty }, io);
    });

  program
    .command('migrate')
    .description('Bring the database schema up to date and list the migrations that ran.')
    .action(() =>
      withDatabase(true, async (_database, migrations) => {
        if (migrations.length === 0) io.out('The database schema is up to date; no migration ran.');
        else for (const name of migrations) io.out(`applied ${name}`);
      }),
    );

  program
    .command('seed')
    .description('Load sample data: the demo company and/or benchmark data. Applies pending migrations first.')
    .option('--demo', 'the demo company 示例科技有限公司 (34 people, ~2,000 customers, ~3,000 leads); does nothing if it is there')
    .option('--scale <n>', 'benchmark data: n customers and n leads (~2 activities each) in the company "Closeloop 基准测试公司"', positiveInteger)
    .option('--force', 'seed even though the database holds other organisations (seeded accounts use a published password)')
    .addHelpText('after', '\nExamples:\n  closeloop seed --demo\n  closeloop seed --scale 100000')
    .action((options: { demo?: boolean; scale?: number; force?: boolean }) =>
      withDatabase(true, async (database) => {
        const { runSeed } = await import('./cli/seed.js');
        await runSeed(database, systemClock, { demo: !!options.demo, scale: options.scale, force: !!options.force }, io);
      }),
    );

  const user = program.command('user').description('Manage people from the command line.');
  user
    .command('add')
    .description('Add a person to the organisation (the only one, or --org). Without --password one is generated and shown once.')
    .requiredOption('--email <email>', 'their e-mail, which is also their login')
    .requiredOption('--name <name>', 'their name as colleagues know it, e.g. 陈静')
    .addOption(new Option('--role <role>', 'what they do').choices(['rep', 'manager', 'ops', 'admin']).makeOptionMandatory())
    .option('--team <team>', 'their team, by id or by exact name (e.g. 上海一组)')
    .option('--phone <phone>', 'mobile number, so they can also sign in with it')
    .option('--password <password>', 'initial password (10+ characters); prompted for on a terminal when left out')
    .option('--org <id>', 'the organisation, when the installation has several')
    .option('--create-org <name>', 'create a new organisation with this name for them (the first admin of a new installation)')
    .option('--time-zone <zone>', 'time zone of a new organisation', 'Asia/Shanghai')
    .option('--currency <code>', 'currency of a new organisation', 'CNY')
    .addHelpText('after', '\nExamples:\n  closeloop user add --create-org "上海卓越精密制造有限公司" --email it@example.cn --name 李强 --role admin\n  closeloop user add --email chen.jing@example.cn --name 陈静 --role rep --team 上海一组 --phone 13700001111')
    .action(async (options: Record<string, string | undefined>) => {
      const password = options.password ?? (await promptPassword());
      await withDatabase(true, async (database) => {
        const { addUser } = await import('./cli/users.js');
        const added = await addUser(database, systemClock, {
          email: options.email!, name: options.name!, role: options.role!, team: options.team, phone: options.phone, password,
          org: options.org, createOrg: options.createOrg, timeZone: options.timeZone, currency: options.currency,
        });
        io.out(`Added ${options.name} <${options.email!.toLowerCase()}> as ${options.role} to ${added.orgName} (${added.orgId})` +
          `${added.teamName ? `, team ${added.teamName}` : ''}, data scope "${added.dataScope}". User id ${added.userId}.`);
        if (added.generatedPassword) io.out(`Initial password (shown once; ask them to change it): ${added.generatedPassword}`);
      });
    });

  const audit = program.command('audit').description('Check the tamper-evident audit log.');
  audit
    .command('verify')
    .description("Walk each organisation's hash chain; print OK with the entry count and head hash, or name the first broken entry (exit code 1).")
    .option('--org <id>', 'only this organisation')
    .action((options: { org?: string }) =>
      withDatabase(false, async (database) => {
        const { verifyAuditChains } = await import('./cli/audit.js');
        outcome.exitCode = await verifyAuditChains(database.db, io, options.org);
      }),
    );

  program
    .command('import')
    .description('Import customers or leads from a CSV or XLSX file as a given person (their permissions and scope apply). Exits 1 when any row failed.')
    .argument('<file>', 'the .csv or .xlsx file; headers are matched by name in Chinese or English')
    .requiredOption('--kind <kind>', 'what the rows are: customers or leads')
    .requiredOption('--as <email>', 'the person importing (a manager, ops or admin); records are theirs unless a row names an owner')
    .option('--dry-run', 'check every row and report problems and duplicates without writing anything')
    .option('--mapping <json>', 'which column feeds which field, as JSON field → header, e.g. \'{"name":"公司名称","phone":"手机"}\'', jsonObject)
    .option('--errors <file>', 'write every row problem to this .xlsx (with the failed rows, ready to fix) or .csv file')
    .addHelpText('after', '\nExamples:\n  closeloop import leads.xlsx --kind leads --as manager.east@demo.closeloop.cn --dry-run\n  closeloop import 客户.csv --kind customers --as ops@demo.closeloop.cn --errors problems.xlsx')
    .action((file: string, options: { kind: string; as: string; dryRun?: boolean; mapping?: Record<string, string>; errors?: string }) =>
      withDatabase(false, async (database) => {
        const { runImport } = await import('./cli/transfer.js');
        outcome.exitCode = await runImport(database, systemClock, {
          file, kind: options.kind, as: options.as, dryRun: !!options.dryRun, mapping: options.mapping, errorsFile: options.errors,
        }, io);
      }),
    );

  program
    .command('export')
    .description('Export what a person may see (their data scope applies, as in the app) to CSV or XLSX.')
    .requiredOption('--kind <kind>', 'customers, leads, contacts, activities or products')
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx']).default('xlsx'))
    .requiredOption('--as <email>', 'the person exporting')
    .option('-o, --output <file>', 'where to write it (default: <kind>-<date>.<format> in the current folder)')
    .addHelpText('after', '\nExamples:\n  closeloop export --kind customers --format csv --as ops@demo.closeloop.cn -o customers.csv')
    .action((options: { kind: string; format: string; as: string; output?: string }) =>
      withDatabase(false, async (database) => {
        const { runExport } = await import('./cli/transfer.js');
        await runExport(database, systemClock, { kind: options.kind, format: options.format, as: options.as, output: options.output }, io);
      }),
    );

  const commission = program.command('commission').description('Commission plans: try them out without touching any data.');
  commission
    .command('simulate')
    .description("Run a plan over a CSV of payments, refunds and voids, period by period, and print each transaction's payout lines and the totals. Writes nothing.")
    .requiredOption('--plan <file>', 'the plan, YAML or JSON (see docs/commission-plans.md)')
    .requiredOption('--transactions <file>', 'CSV: id, kind, deal, date, amount, credits (ana=60%;ben=40%;overlay:dan=20%), refers_to, deal_amount, margin, quantity, attr.<name>')
    .option('--people <file>', 'CSV: id, name, manager, team, joined_on, left_on, quota (for overrides, team credit and attainment)')
    .addOption(new Option('--lang <locale>', 'language of the explanations').choices(['en', 'zh-CN']).default('en'))
    .option('--json', 'print the lines, statements and totals as JSON')
    .addHelpText('after', '\nExamples:\n  closeloop commission simulate --plan docs/examples/commission/plan.yaml --transactions docs/examples/commission/transactions.csv --people docs/examples/commission/people.csv\n  closeloop commission simulate --plan plan.yaml --transactions tx.csv --json --lang zh-CN')
    .action(async (options: { plan: string; transactions: string; people?: string; json?: boolean; lang?: 'en' | 'zh-CN' }) => {
      const { simulateCommission } = await import('./cli/commission.js');
      await simulateCommission(options, io);
    });

  return program;
}

/** Runs the CLI and returns its exit code; errors a person can fix are one line, not a stack trace. */
export async function main(argv: readonly string[], io: CliIo = consoleIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const outcome: CommandOutcome = { exitCode: 0 };
  const program = createProgram(io, env, outcome);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return outcome.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      io.err(`closeloop: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof AppError) {
      io.err(`closeloop: ${error.message}`);
      for (const [field, problem] of Object.entries(error.fields ?? {})) io.err(`  ${field.replace(/^body\./, '--')}: ${problem}`);
      return 1;
    }
    io.err(`closeloop: unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
    if (program.opts<{ debug?: boolean }>().debug && error instanceof Error && error.stack) io.err(error.stack);
    else io.err('Run again with --debug for the stack trace, and report it if it persists.');
    return 1;
  }
}

function positiveInteger(value: string): number {
  const n = Number(value.replace(/[_,]/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('give a whole number of 1 or more, e.g. 100000.');
  return n;
}

function jsonObject(value: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError('not valid JSON; quote it, e.g. \'{"name":"公司名称"}\'.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || !Object.values(parsed).every((v) => typeof v === 'string')) {
    throw new InvalidArgumentError('give a JSON object of field → column header, e.g. \'{"name":"公司名称"}\'.');
  }
  return parsed as Record<string, string>;
}

/** On a terminal, asks for the password twice; elsewhere (scripts), leaves it to be generated. */
async function promptPassword(): Promise<string | undefined> {
  if (!process.stdin.isTTY) return undefined;
  const first = await askHidden('Password (10+ characters; leave empty to generate one): ');
  if (first === '') return undefined;
  const second = await askHidden('Repeat the password: ');
  if (first !== second) throw new CliError('The two passwords differ; nothing was changed.');
  return first;
}

function version(): string {
  return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
}

/** True when this file is the program being run (bin/closeloop.js, or `tsx src/cli.ts`), not a module a test imports. */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  let entry: string;
  try {
    entry = realpathSync(script);
  } catch {
    return false;
  }
  return entry === fileURLToPath(import.meta.url) || /[\\/]bin[\\/]closeloop(\.js)?$/.test(entry);
}

if (isEntryPoint()) {
  // `closeloop seed --demo | head` closes the pipe early; that is the reader's choice, not a failure.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const code = await main(process.argv.slice(2));
  // A running server keeps the process alive; every other command ends here with its code.
  process.exitCode = code;
}
