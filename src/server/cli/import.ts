import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Config } from '../env';
import type { RequestContext } from '../http/context';
import { hasPermission, permissionsOf, type Role } from '../../shared/permissions';
import type { ImportMode, ImportView } from '../../shared/imports/household-import';
import { createFieldCipher, loadDataKey } from '../privacy/field-cipher';
import { getOrgNodeByCode } from '../orgs/orgs.service';
import { runJobs } from '../jobs/job-runner';
import { importJobHandlers } from '../imports/import-job';
import {
  commitImport,
  getImport,
  importActorOf,
  maxUploadBytes,
  runningChecks,
  startImport,
} from '../imports/imports.service';
import { withDatabase, type Log } from './commands';

export type ImportCommandOptions = {
  file: string;
  nodeCode: string;
  username: string;
  mode: ImportMode;
  checkOnly: boolean;
  batchSize?: number;
  shouldStop?: () => boolean;
};

const outcomeLine = (v: ImportView) =>
  `新增 new ${v.summary!.new}, 变更 changed ${v.summary!.changed}, 未变 unchanged ${v.summary!.unchanged}, 有错误 rejected ${v.summary!.rejected} (户 households); 有错误的行 rows with errors ${v.summary!.rejectedRows}`;

function bar(done: number, total: number): string {
  const share = total ? done / total : 1;
  const filled = Math.round(share * 30);
  return `[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${done}/${total} (${Math.round(share * 100)}%)`;
}

/**
 * `bangfu import FILE --node CODE --user NAME`: the same check and commit as
 * the 批量导入 screen, acting as the named user (audited as them), with the
 * progress of the check and of the commit job printed as it goes. Interrupted,
 * the commit job is left to resume: the next server start (or this command on
 * the same file) carries on after the last committed batch.
 */
export async function runImportCommand(
  config: Config,
  log: Log,
  options: ImportCommandOptions,
): Promise<ImportView> {
  const { size } = await stat(options.file);
  if (size > maxUploadBytes)
    throw new Error(`the file is ${size} bytes; the limit is ${maxUploadBytes}: split it`);
  return withDatabase(config, log, async (handle) => {
    const db = handle.db;
    const cipher = createFieldCipher((await loadDataKey(config)).key);
    const user = await importActorOf(db, options.username);
    if (!user) throw new Error(`no active user named ${options.username}`);
    const roles = user.roles as Role[];
    if (!hasPermission(roles, 'household.manage'))
      throw new Error(`${options.username} may not manage household files (household.manage)`);
    const node = await getOrgNodeByCode(db, user.path, options.nodeCode);
    const ctx: RequestContext = {
      actor: {
        userId: user.id,
        username: user.username,
        displayName: user.display_name,
        nodeId: user.node_id,
        scopePath: user.path,
        roles,
        permissions: permissionsOf(roles),
        mustChangePassword: false,
        sessionId: '',
        csrfToken: '',
      },
      requestId: `cli-${randomUUID()}`,
      ip: 'cli',
    };
    const deps = { db, cipher, dataDir: config.dataDir };
    log(`导入 import ${basename(options.file)} → ${node.name} (${node.code}), ${options.mode}`);
    const started = await startImport(
      deps,
      ctx,
      {
        fileName: basename(options.file),
        stream: createReadStream(options.file),
        isTruncated: () => false,
      },
      { nodeId: node.id, mode: options.mode },
    );
    const ticker = setInterval(() => {
      void getImport(db, ctx, started.id)
        .then((v) => log(`校验中 checking: ${v.rowsRead} 行 rows read`))
        .catch(() => undefined);
    }, 2000);
    try {
      await runningChecks.get(started.id);
    } finally {
      clearInterval(ticker);
    }
    let view = await getImport(db, ctx, started.id);
    if (view.status !== 'validated')
      throw new Error(`校验失败 check failed: ${view.error ?? view.status}`);
    log(
      `校验完成 checked: ${view.summary!.rows} 行 rows, ${view.summary!.households} 户 households`,
    );
    log(outcomeLine(view));
    for (const i of view.issues.slice(0, 20))
      log(
        `  ${i.sheet} 第 ${i.row} 行 row${i.columnLabel ? ` “${i.columnLabel}”` : ''}: ${i.message}`,
      );
    if (view.issueCount > 20)
      log(`  … 共 ${view.issueCount} 处 in all (错误报告 error report on the screen)`);
    if (options.checkOnly) {
      log('未写入 nothing written (--check-only)');
      return view;
    }
    view = await commitImport(db, ctx, view.id);
    const handlers = importJobHandlers(cipher);
    let lastShown = -1;
    for (;;) {
      const ran = await runJobs(db, {
        handlers,
        batchSize: options.batchSize ?? (handle.mode === 'embedded' ? 20 : 50),
        maxBatches: 1,
        staleSeconds: 0,
        onError: (error) => log(`error: ${error instanceof Error ? error.message : String(error)}`),
      });
      view = await getImport(db, ctx, view.id);
      const job = view.job;
      if (job && job.progressDone !== lastShown) {
        log(`写入 writing ${bar(job.progressDone, job.progressTotal)}`);
        lastShown = job.progressDone;
      }
      if (view.status !== 'committing' || ran === 0) break;
      if (options.shouldStop?.()) {
        log('已中断 interrupted: the job resumes after its last batch when the server starts');
        return view;
      }
    }
    const result = view.job?.result as { created?: number; updated?: number; failed?: number };
    log(
      `完成 done: 新建 created ${result?.created ?? 0}, 更新 updated ${result?.updated ?? 0}, 失败 failed ${result?.failed ?? 0}`,
    );
    return view;
  });
}
