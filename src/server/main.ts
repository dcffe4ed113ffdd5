import { loadConfig } from './env';
import { buildApp } from './app';
import { ensureFirstAdmin, openAndMigrate } from './bootstrap';
import { purgeExpiredSessions } from './auth/auth.service';
import { startBackupSchedule } from './system/backup';
import { lockDataDir } from './system/data-dir-lock';
import { createFieldCipher, loadDataKey } from './privacy/field-cipher';
import { jobHandlers, startJobRunner } from './jobs/job-runner';
import { importJobHandlers } from './imports/import-job';
import { resumeChecks } from './imports/imports.service';

const config = loadConfig();
// One process per embedded data directory: the CLI's backup and restore refuse while it is held.
if (!config.databaseUrl) lockDataDir(config.dataDir, { releaseOnExit: true });
const handle = await openAndMigrate(config);
await ensureFirstAdmin(handle, config);
const dataKey = await loadDataKey(config);
if (dataKey.source === 'new-file')
  console.log(
    `A new data key for sensitive fields was written to ${dataKey.file}: back it up apart from the database.`,
  );
const backups = handle.mode === 'embedded' ? startBackupSchedule(handle, config) : undefined;
const cipher = createFieldCipher(dataKey.key);
const { app } = await buildApp(
  {
    db: handle.db,
    mode: handle.mode,
    config,
    cipher,
    ...(backups ? { backupNow: backups.backupNow } : {}),
  },
  config.webDir ? { webDir: config.webDir } : {},
);
const purge = setInterval(
  () => void purgeExpiredSessions(handle.db, config).catch((e) => app.log.error(e)),
  15 * 60_000,
);
purge.unref();
// Background jobs (re-assessment after a policy change): resumes what a previous process left.
const jobs = startJobRunner(handle.db, {
  handlers: { ...jobHandlers, ...importJobHandlers(cipher) },
  batchSize: handle.mode === 'embedded' ? 20 : 50,
  onError: (error, jobId) => app.log.error({ err: error, jobId }, 'background job failed'),
});

// Import checks a dead process left half-done start again from the file (looked for each minute).
const importDeps = { db: handle.db, cipher, dataDir: config.dataDir };
const checkResumer = setInterval(
  () => void resumeChecks(importDeps).catch((e) => app.log.error(e)),
  60_000,
);
checkResumer.unref();

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  app.log.info(`${signal}: shutting down`);
  backups?.stop();
  await jobs.stop();
  await app.close();
  await handle.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

await app.listen({ port: config.port, host: config.host });
app.log.info(
  `Bangfu is running on http://localhost:${config.port} (${handle.mode === 'embedded' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})`,
);
