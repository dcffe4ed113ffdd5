// `npx bangfu <command>` (bin/bangfu.mjs) and `tsx src/server/cli.ts <command>`:
// the operator commands. The commands themselves live in cli/.
import { processIo, runCli } from './cli/run-cli';

const status = await runCli(process.argv.slice(2), processIo());
// A command closes what it opened; exit anyway so a stray timer cannot keep a
// finished command waiting. (Writes to pipes and files are synchronous on POSIX.)
process.exit(status);
