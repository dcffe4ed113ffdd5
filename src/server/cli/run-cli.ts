import { statSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../env';
import { orgNodeTypeLabels, orgNodeTypes } from '../../shared/orgs/org-node';
import { roleLabels } from '../../shared/users/user';
import { roles } from '../../shared/permissions';
import {
  backupDatabase,
  createAdmin,
  defaultAdminRoles,
  describeDatabase,
  loadDemo,
  migrateDatabase,
  parseRoles,
  resetPassword,
  restoreDatabase,
  withDatabase,
} from './commands';
import { AssessInputError, assessJson, formatAssessment } from './assess';
import { runImportCommand } from './import';

/** Wrong use of the command line: exit status 2, with a pointer to the help. */
export class UsageError extends Error {}

export type CliIo = {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  /** A person at a terminal who can answer a question. */
  isInteractive: boolean;
  ask(question: string): Promise<string>;
  /** All of standard input (for `assess`); default: the process's stdin. */
  readInput?(): Promise<string>;
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function processIo(): CliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    isInteractive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    async ask(question) {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  };
}

type OptionSpec = { type: 'string' | 'boolean'; short?: string };
type Parsed = { values: Record<string, string | boolean | undefined>; positionals: string[] };

type Command = {
  summary: string;
  usage: string;
  help: string;
  options: Record<string, OptionSpec>;
  positionals: { min: number; max: number; name?: string };
  run(args: Parsed, io: CliIo, config: Config): Promise<void>;
};

const roleList = roles.map((r) => `${r} ${roleLabels[r]}`).join(', ');

const environmentHelp = `Configuration comes from the server's environment:
  DATABASE_URL          PostgreSQL (15 or newer); unset = the embedded database
  BANGFU_DATA_DIR       directory of the embedded database (default ./data)
  BANGFU_NEW_PASSWORD   the password create-admin and reset-password set;
                        without it a random one is generated and printed once
In embedded mode only one process may open the data directory: stop the server
before migrate, create-admin, reset-password, backup, restore or demo (the
running server holds <data dir>/bangfu.pid).`;

function printPassword(io: CliIo, label: string, password: string): void {
  const lines = [`${label} — shown only this once:`, `  ${password}`];
  const width = Math.max(...lines.map(displayWidth)) + 2;
  io.out(`┌${'─'.repeat(width)}┐`);
  for (const line of lines) io.out(`│ ${padEnd(line, width - 2)} │`);
  io.out(`└${'─'.repeat(width)}┘`);
}

/** Terminal columns of a string: CJK characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return width;
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

function table(io: CliIo, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]!))),
  );
  const line = (cells: string[]) =>
    io.out(`  ${cells.map((c, i) => padEnd(c, widths[i]!)).join('  ')}`.trimEnd());
  line(header);
  line(widths.map((w) => '─'.repeat(w)));
  rows.forEach(line);
}

const commands: Record<string, Command> = {
  assess: {
    summary: 'assess a household from JSON on stdin (精准识别), printing the category and trace',
    usage: 'npx bangfu assess [--region CODE] [--as-of YYYY-MM-DD] [--json] < file.json',
    help: `Reads the request of docs/assessment.md from standard input:
{ asOf?, policyId?, lines?, household } — money in integer fen, dates YYYY-MM-DD.
Prints the category (认定结果), the rule that fired, the exclusions and the trace
of every figure; nothing is stored.

When the file carries \`lines\` (低保标准 and 最低工资) they are used with the default
policy versions and no database is opened. Otherwise the lines of
household.regionCode on asOf (county, else city, else province) and the policy
versions come from the database; in embedded mode that is refused while a
server runs on the data directory.

Options:
  --region CODE       set household.regionCode (6 digits, GB/T 2260)
  --as-of YYYY-MM-DD  set asOf (default: today in Asia/Shanghai)
  --json              print the AssessmentResult as JSON

Invalid input exits with status 1 and names the field, e.g.
  household.members.0.birthDate: not a real date

Example:
  npx bangfu assess --region 320102 --as-of 2024-06-15 < household.json`,
    options: {
      region: { type: 'string' },
      'as-of': { type: 'string' },
      json: { type: 'boolean' },
    },
    positionals: { min: 0, max: 0 },
    async run({ values }, io, config) {
      const text = await (io.readInput ?? readStdin)();
      let result;
      try {
        result = await assessJson(
          text,
          {
            regionCode: values.region as string | undefined,
            asOf: values['as-of'] as string | undefined,
          },
          config,
          io.err,
        );
      } catch (error) {
        if (error instanceof AssessInputError)
          throw new Error(`invalid input: ${error.message}`, { cause: error });
        throw error;
      }
      if (values.json) io.out(JSON.stringify(result, null, 2));
      else for (const line of formatAssessment(result)) io.out(line);
    },
  },

  import: {
    summary: 'import households from an .xlsx or .csv (批量导入): check, then write as a job',
    usage:
      'npx bangfu import FILE --node CODE --user NAME [--mode draft|registered] [--check-only]',
    help: `Checks FILE (the 批量导入 template's .xlsx, or CSV in UTF-8 or GBK) exactly as the
screen does — every row against the household form's rules, one person one
active file, the dictionaries in force — prints the counts (new, changed,
unchanged, rejected) and the first rejected rows, then writes the new and
changed files as a background job, printing its progress. Matching is by the
head's ID number: the same file twice changes nothing the second time.

Options:
  --node CODE    the code (组织编码) of the node that keeps the files; it must lie
                 in the scope of the user
  --user NAME    the user the import acts as (audited as them); needs household.manage
  --mode MODE    draft (default): new files start as applications (申请);
                 registered: migrated files enter as 已建档 with a file number
  --check-only   check and report, write nothing

Interrupted (Ctrl-C), the job stops after its current batch and resumes after
the last committed batch when the server starts.

Example:
  npx bangfu import 困难职工.xlsx --node JS-NJ-XW --user admin --mode registered`,
    options: {
      node: { type: 'string' },
      user: { type: 'string' },
      mode: { type: 'string' },
      'check-only': { type: 'boolean' },
    },
    positionals: { min: 1, max: 1, name: 'FILE' },
    async run({ values, positionals }, io, config) {
      const mode = (values.mode as string | undefined) ?? 'draft';
      if (mode !== 'draft' && mode !== 'registered')
        throw new UsageError('--mode must be draft or registered');
      if (!values.node || !values.user) throw new UsageError('--node and --user are required');
      let stop = false;
      const onSigint = () => {
        stop = true;
      };
      process.once('SIGINT', onSigint);
      try {
        const view = await runImportCommand(config, io.out, {
          file: positionals[0]!,
          nodeCode: values.node as string,
          username: values.user as string,
          mode,
          checkOnly: Boolean(values['check-only']),
          shouldStop: () => stop,
        });
        if (view.summary && view.summary.rejected > 0)
          io.err(`${view.summary.rejected} household(s) rejected`);
      } finally {
        process.off('SIGINT', onSigint);
      }
    },
  },

  migrate: {
    summary: 'apply pending database migrations (数据库迁移) and print the schema version',
    usage: 'npx bangfu migrate',
    help: `Applies the migrations the database lacks, in order, each in its own
transaction. Safe to run twice; the server also does this at every start.`,
    options: {},
    positionals: { min: 0, max: 0 },
    async run(_args, io, config) {
      io.out(`database: ${describeDatabase(config)}`);
      const { applied, schemaVersion } = await migrateDatabase(config, io.out);
      io.out(
        applied.length
          ? `applied ${applied.length} migration(s): ${applied.join(', ')}`
          : 'no pending migrations',
      );
      io.out(`schema version: ${schemaVersion ?? '(none)'}`);
    },
  },

  'create-admin': {
    summary: 'create an administrator (管理员) at a node of the union tree',
    usage: 'npx bangfu create-admin --username NAME --node CODE [--name TEXT] [--roles LIST]',
    help: `Creates a user at the node of the union tree (工会组织树) that has the code
CODE (组织编码). The password comes from BANGFU_NEW_PASSWORD, or a random one is
generated and printed once; either way it must be changed at first login. The
new user is recorded in the audit log (审计日志). On an empty database the root
of the tree is created first (its code is BANGFU_ROOT_CODE, default ACFTU).

Options:
  --username NAME  login name: lower-case letters, digits, _ . - (3 to 32)
  --node CODE      the code of the user's node, e.g. ACFTU (the root) or JS-NJ
  --name TEXT      display name (姓名); default: the login name
  --roles LIST     comma-separated; default ${defaultAdminRoles.join(',')}
                   roles: ${roleList}

Example:
  BANGFU_NEW_PASSWORD='Jiangsu-2026!' npx bangfu create-admin \\
    --username liming --node JS-NJ --name 李明 --roles federation_admin,auditor`,
    options: {
      username: { type: 'string' },
      node: { type: 'string' },
      name: { type: 'string' },
      roles: { type: 'string' },
    },
    positionals: { min: 0, max: 0 },
    async run({ values }, io, config) {
      const username = values.username as string | undefined;
      const nodeCode = values.node as string | undefined;
      if (!username) throw new UsageError('--username is required');
      if (!nodeCode) throw new UsageError('--node is required');
      const userRoles = values.roles ? parseRoles(values.roles as string) : undefined;
      const result = await withDatabase(config, io.out, (handle) =>
        createAdmin(handle.db, config.root, {
          username,
          nodeCode,
          displayName: values.name as string | undefined,
          roles: userRoles,
          password: io.env.BANGFU_NEW_PASSWORD,
        }),
      );
      io.out(
        `created user ${username} (id ${result.userId}) at ${result.nodeName} with roles ${(userRoles ?? defaultAdminRoles).join(', ')}`,
      );
      if (result.isGenerated) printPassword(io, `password of ${username}`, result.password);
      else io.out('password: the one in BANGFU_NEW_PASSWORD');
      io.out('It must be changed at first login.');
    },
  },

  'reset-password': {
    summary: 'give a user a new one-time password (重置密码), unlock them, end their sessions',
    usage: 'npx bangfu reset-password USERNAME',
    help: `Sets a new password for USERNAME that must be changed at the next login,
clears a lockout (账号锁定) and signs the user out everywhere. The password comes
from BANGFU_NEW_PASSWORD, or a random one is generated and printed once. The
reset is recorded in the audit log as done from the command line.

Example:
  npx bangfu reset-password admin`,
    options: {},
    positionals: { min: 1, max: 1, name: 'USERNAME' },
    async run({ positionals }, io, config) {
      const username = positionals[0]!;
      const result = await withDatabase(config, io.out, (handle) =>
        resetPassword(handle.db, username, io.env.BANGFU_NEW_PASSWORD),
      );
      io.out(`new password set for ${username}; the account is unlocked and its sessions ended`);
      if (result.isGenerated) printPassword(io, `password of ${username}`, result.password);
      else io.out('password: the one in BANGFU_NEW_PASSWORD');
      io.out('It must be changed at the next login.');
    },
  },

  backup: {
    summary: 'back up the database (备份): pg_dump, or a copy of the embedded database',
    usage: 'npx bangfu backup [--out FILE]',
    help: `PostgreSQL: runs pg_dump --format=custom against DATABASE_URL (pg_dump must be
installed, of the server's major version or newer); default FILE is
./bangfu-YYYYMMDD-HHMMSS.dump. Restore it with \`npx bangfu restore FILE\` or
pg_restore.

Embedded: writes a consistent copy of the database (a .tar.gz); default FILE is
<data dir>/backups/bangfu-YYYYMMDD-HHMMSS-manual.tar.gz, which the automatic
rotation never deletes. Refused while the server runs: a running server backs
itself up into <data dir>/backups (BANGFU_BACKUP_INTERVAL_HOURS) and on demand
through POST /api/system/backup (系统管理 in the web app).

Options:
  --out FILE  where to write the backup`,
    options: { out: { type: 'string', short: 'o' } },
    positionals: { min: 0, max: 0 },
    async run({ values }, io, config) {
      io.out(`database: ${describeDatabase(config)}`);
      const { file } = await backupDatabase(config, values.out as string | undefined);
      const size = statSync(file).size;
      const shown =
        size < 1024 * 1024
          ? `${Math.ceil(size / 1024)} KiB`
          : `${(size / 1024 / 1024).toFixed(1)} MiB`;
      io.out(`backup written: ${file} (${shown})`);
    },
  },

  restore: {
    summary: 'restore a backup over the database (恢复)',
    usage: 'npx bangfu restore FILE [--yes]',
    help: `Replaces the database with the backup in FILE. Asks for confirmation unless
--yes is given; without a terminal (CI, scripts) --yes is required.

PostgreSQL: pg_restore --clean --if-exists --no-owner into DATABASE_URL, in one
transaction (a failure changes nothing). FILE is a dump from \`bangfu backup\`
(pg_dump --format=custom). Stop the servers that use the database first.

Embedded: refused while a server runs on the data directory. The current
database files are moved aside to <data dir>.before-restore-YYYYMMDD-HHMMSS (or,
when the data directory is a mount point, into it under
before-restore-YYYYMMDD-HHMMSS), a new database is made from FILE, and it is
checked to open and to hold Bangfu's schema; on failure the previous files are
put back. The backups folder stays where it is. Pending migrations are applied
at the next start (or by \`npx bangfu migrate\`).

Options:
  --yes  do not ask for confirmation

Example:
  npx bangfu restore data/backups/bangfu-20261129-020000.tar.gz --yes`,
    options: { yes: { type: 'boolean', short: 'y' } },
    positionals: { min: 1, max: 1, name: 'FILE' },
    async run({ values, positionals }, io, config) {
      const file = positionals[0]!;
      const target = describeDatabase(config);
      if (!values.yes) {
        if (!io.isInteractive)
          throw new UsageError(
            'restore replaces the whole database: confirm with --yes (there is no terminal to ask on)',
          );
        const answer = await io.ask(
          `Replace ${target} with ${file}? Stop the server first. Type "yes" to go on: `,
        );
        if (answer.trim().toLowerCase() !== 'yes')
          throw new Error('restore cancelled: nothing was changed');
      }
      const report = await restoreDatabase(config, file);
      io.out(`restored ${file} into ${target}`);
      if (report.mode === 'embedded') {
        io.out(
          report.previousMovedTo
            ? `the previous database files are kept in ${report.previousMovedTo}`
            : 'there was no database before',
        );
        io.out(`schema version of the backup: ${report.schemaVersion}`);
        if (report.pendingMigrations > 0)
          io.out(
            `${report.pendingMigrations} newer migration(s) will be applied at the next start (or run npx bangfu migrate)`,
          );
      } else {
        io.out(`schema version: ${report.schemaVersion ?? '(none)'}`);
      }
    },
  },

  demo: {
    summary: 'load the demo city 南京市 with users of every role (演示数据)',
    usage: 'npx bangfu demo [--password P]',
    help: `Loads a realistic city into the configured database (migrating it first):
江苏省总工会 › 南京市总工会 and every real district of Nanjing by GB/T 2260 code
(玄武区总工会 …), two or three street federations (乡镇街道总工会) each, a
困难职工帮扶中心 per district and for the city, service stations (服务站点), 39
grassroots unions (基层工会) and users of every role. Everything is recorded in
the audit log. Running it again changes nothing.

All demo users share one password, printed once: the one given with --password,
or a random one. They need not change it at first login, so the demo can be
used at once; change or deactivate them before real use.

Options:
  --password P  the demo users' password (10+ characters, three of: lower
                case, upper case, digits, symbols)`,
    options: { password: { type: 'string' } },
    positionals: { min: 0, max: 0 },
    async run({ values }, io, config) {
      io.out(`database: ${describeDatabase(config)}`);
      const result = await loadDemo(config, io.out, values.password as string | undefined);
      if (result.isCreated) {
        const counts = orgNodeTypes
          .filter((type) => result.nodeCounts[type])
          .map((type) => `${result.nodeCounts[type]} ${orgNodeTypeLabels[type]}`)
          .join(', ');
        io.out(`demo city loaded: ${counts}; ${result.logins.length} users`);
      } else {
        io.out('the demo city (南京市总工会, code JS-NJ) is already loaded: nothing was changed');
      }
      io.out('');
      io.out('Demo logins (演示账号):');
      table(
        io,
        ['用户名 login', '姓名', '角色 roles', '所在单位 node'],
        result.logins.map((l) => [
          l.username,
          l.displayName,
          l.roles.map((r) => roleLabels[r]).join('、'),
          l.nodeName,
        ]),
      );
      io.out('');
      if (result.password) {
        printPassword(io, 'password of every demo user', result.password);
        io.out('Demo users need not change it at first login, so the demo can be used at once.');
        io.out('Change or deactivate them before real use.');
      } else {
        io.out('The password was printed when the demo was first loaded;');
        io.out('npx bangfu reset-password USERNAME sets a new one.');
      }
    },
  },
};

export function generalHelp(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const list = Object.entries(commands)
    .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
    .join('\n');
  return `bangfu — operator commands for Bangfu 帮扶 (困难职工帮扶管理系统)

Usage: npx bangfu <command> [options]

Commands:
${list}

Options:
  -h, --help  show this help; npx bangfu <command> --help for one command
  --verbose   print the full error (stack trace) when a command fails

${environmentHelp}

Exit status: 0 done, 1 failed, 2 wrong usage.`;
}

export function commandHelp(name: string): string {
  const c = commands[name]!;
  return `Usage: ${c.usage}\n\n${c.summary[0]!.toUpperCase()}${c.summary.slice(1)}.\n\n${c.help}`;
}

/**
 * Runs one command line and returns the exit status: 0 done, 1 failed (a
 * one-line message; the stack only with --verbose), 2 wrong usage.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const verbose = argv.includes('--verbose');
  const args = argv.filter((a) => a !== '--verbose');
  const name = args.find((a) => !a.startsWith('-'));
  const wantsHelp = args.includes('--help') || args.includes('-h');

  if (!name || name === 'help') {
    const topic = name === 'help' ? args[args.indexOf('help') + 1] : undefined;
    if (topic && commands[topic]) {
      io.out(commandHelp(topic));
      return 0;
    }
    if (wantsHelp || name === 'help') {
      io.out(generalHelp());
      return 0;
    }
    io.err(generalHelp());
    return 2;
  }
  const command = commands[name];
  if (!command) {
    io.err(`bangfu: unknown command "${name}"; run npx bangfu --help for the list`);
    return 2;
  }
  if (wantsHelp) {
    io.out(commandHelp(name));
    return 0;
  }
  try {
    let parsed: Parsed;
    try {
      const rest = args.slice(args.indexOf(name) + 1);
      const before = args.slice(0, args.indexOf(name));
      parsed = parseArgs({
        args: [...before, ...rest],
        options: command.options,
        allowPositionals: true,
        strict: true,
      }) as Parsed;
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const { min, max, name: what } = command.positionals;
    if (parsed.positionals.length < min) throw new UsageError(`${what} is required`);
    if (parsed.positionals.length > max)
      throw new UsageError(`unexpected argument "${parsed.positionals[max]}"`);
    const config = loadConfig(io.env);
    await command.run(parsed, io, config);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`bangfu ${name}: ${error.message}`);
      io.err(`usage: ${command.usage}  (npx bangfu ${name} --help)`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    // Messages from the database worker carry its stack: that is for --verbose.
    const brief = message
      .split('\n')
      .filter((line) => !/^\s+at /.test(line))
      .join('\n');
    io.err(`bangfu ${name}: ${verbose ? message : brief}`);
    if (verbose && error instanceof Error && error.stack) io.err(error.stack);
    return 1;
  }
}
