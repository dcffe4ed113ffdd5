// Runs the embedded database (PGlite) in its own thread and serves it over the
// PostgreSQL wire protocol on a loopback port, so the HTTP server's event loop
// never blocks on a query and the app talks to it through node-postgres exactly
// as it talks to a real PostgreSQL. Plain JavaScript so that it starts the same
// under tsx, Vitest and plain Node.
import { parentPort, workerData } from 'node:worker_threads';
import { writeFile, rename } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const { dataDir, maxConnections, loadDataDir } = workerData;
let db;
let server;

// pglite-socket queues every wire message on its own, so the extended-query
// messages (Parse, Bind, Describe, Execute … Sync) of two connections interleave
// and run against each other's unnamed statement ("bind message supplies 2
// parameters, but prepared statement "" requires 1"). Its queue keeps serving one
// connection while a transaction is open; this makes it do the same until that
// connection's Sync ends the cycle.
function withWholeQueryCycles(pglite) {
  const opensCycle = new Set(['P', 'B', 'D', 'E', 'C', 'H']);
  let isCycleOpen = false;
  return new Proxy(pglite, {
    get(target, name) {
      if (name === 'isInTransaction') return () => isCycleOpen || target.isInTransaction();
      if (name === 'execProtocolRawStream')
        return (message, options) => {
          isCycleOpen = opensCycle.has(String.fromCharCode(message[0]));
          return target.execProtocolRawStream(message, options);
        };
      const value = Reflect.get(target, name, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function start() {
  // loadDataDir: a backup tarball to start a new database from (restore).
  db = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir: new Blob([loadDataDir]) } : {}),
  });
  server = new PGLiteSocketServer({
    db: withWholeQueryCycles(db),
    host: '127.0.0.1',
    port: 0,
    maxConnections,
  });
  await server.start();
  const [, port] = server.getServerConn().split(':');
  parentPort.postMessage({ type: 'ready', port: Number(port) });
}

// Bangfu keeps its own files in the data directory beside the database's: the
// backups, the lock file, a data directory moved aside by a restore. They are not
// part of the database, and a backup that held the earlier backups would grow
// without end, so they are cut out of the (ustar) archive here.
function isBangfuFile(path) {
  const top = path.replace(/^\/+/, '').split('/')[0];
  return top === 'backups' || top === 'bangfu.pid' || top.startsWith('before-restore-');
}

function withoutBangfuFiles(tar) {
  const text = (from, length) => {
    const bytes = tar.subarray(from, from + length);
    const end = bytes.indexOf(0);
    return Buffer.from(end === -1 ? bytes : bytes.subarray(0, end)).toString('utf8');
  };
  const kept = [];
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const name = text(offset, 100);
    const prefix = text(offset + 345, 131);
    const size = Number.parseInt(text(offset + 124, 12).trim() || '0', 8);
    const length = 512 + Math.ceil(size / 512) * 512;
    if (!isBangfuFile(prefix ? `${prefix}/${name}` : name))
      kept.push(tar.subarray(offset, offset + length));
    offset += length;
  }
  kept.push(new Uint8Array(1024)); // end-of-archive marker
  return Buffer.concat(kept);
}

parentPort.on('message', async (message) => {
  if (message?.type === 'dump') {
    // A consistent copy: PGlite runs one statement at a time, so the dump sees
    // no half-done transaction. Written beside the target, then renamed.
    try {
      const blob = await db.dumpDataDir('none');
      const tar = withoutBangfuFiles(new Uint8Array(await blob.arrayBuffer()));
      const tmp = `${message.file}.partial`;
      await writeFile(tmp, await promisify(gzip)(tar));
      await rename(tmp, message.file);
      parentPort.postMessage({ type: 'dumped', id: message.id });
    } catch (error) {
      parentPort.postMessage({
        type: 'dumped',
        id: message.id,
        error: String(error?.stack ?? error),
      });
    }
    return;
  }
  if (message?.type !== 'stop') return;
  try {
    await server?.stop();
    await db?.close();
    parentPort.postMessage({ type: 'stopped' });
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: String(error?.stack ?? error) });
  }
});

start().catch((error) => {
  parentPort.postMessage({ type: 'error', message: String(error?.stack ?? error) });
});
