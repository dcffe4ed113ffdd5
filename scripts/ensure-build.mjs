// Runs before `npm start`: builds the web app only when dist/web is missing or
// older than its sources (src/web, src/shared, vite.config.ts), so a fresh clone
// starts with one command and an unchanged one starts at once.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const builtIndex = join(root, 'dist', 'web', 'index.html');
const sources = [
  join(root, 'src', 'web'),
  join(root, 'src', 'shared'),
  join(root, 'vite.config.ts'),
];

/** The latest modification time of a file, or of any file below a directory. */
function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestChange(join(path, entry)));
  }
  return newest;
}

function reasonToBuild() {
  if (!existsSync(builtIndex)) return 'dist/web/index.html is missing';
  const builtAt = statSync(builtIndex).mtimeMs;
  const changedAt = Math.max(...sources.map(newestChange));
  return changedAt > builtAt ? 'the web sources changed since the last build' : null;
}

const reason = reasonToBuild();
if (!reason) {
  console.log('Web app is up to date (dist/web).');
} else {
  console.log(`Building the web app: ${reason} …`);
  const result = spawnSync('npx', ['vite', 'build'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    console.error('vite build failed; the server cannot serve the web app.');
    process.exit(result.status ?? 1);
  }
}
