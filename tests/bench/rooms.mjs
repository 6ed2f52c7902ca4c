// Bounded load test of a team room (issue 17), on 127.0.0.1 only; it stops by itself:
//
//   node tests/bench/rooms.mjs [--clients 20] [--edits 200] [--interval MS] [--instances 1|2]
//                              [--doc doc-1m-n10000] [--data DIR]
//
// Starts its own cluster with scripts/serve-team.sh (PostgreSQL, and Redis for two instances) in
// .team/bench on ports 43234…, puts the 1 MB peer-bench article into a room's `text`, joins
// `clients` Hocuspocus clients (this one process; with two instances, alternately on each), and has
// each make `edits` edits, one every `interval` ms at a random place: inserting a marker `⟦c:i⟧`,
// and every tenth edit deleting two characters as well. Printed:
//   edit → arrival   from the edit (performance.now() in this process) until each other client has
//                    applied the update carrying the marker: p50, p95, max over all arrivals. The 20
//                    clients share this process's one thread, so the figure includes the time
//                    they wait for each other, not only the server and the network.
//   server memory    each instance's resident set (VmRSS) at the end and its peak (VmHWM)
//   identical        whether every client's text and state vector are the same at the end
// Exits 1 when a marker never arrives or the final states differ.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cluster, joinRoom, until, Y } from '../team/harness.mjs';
import { benchDataDir, loadBenchData } from './peerdata.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.lastIndexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const nClients = Number(opt('clients', 20));
const nEdits = Number(opt('edits', 200));
const interval = Number(opt('interval', 50));
const instances = Number(opt('instances', 1));
const docName = opt('doc', 'doc-1m-n10000');

const article = loadBenchData(benchDataDir(opt('data', null)), docName).text;
const team = cluster({ name: 'bench', port: 23234, pgPort: 27433, redisPort: 28380, instances });
const ms = (x) => `${x.toFixed(1)} ms`;
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const memory = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(status.match(new RegExp(`${field}:\\s+(\\d+) kB`))[1]);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
};

team.wipe();
team.start();
const clients = [];
let exitCode = 0;
try {
  const room = 'bench-room';
  const tStart = performance.now();
  const seeder = joinRoom(team.ports[0], room, team.token(room, 'seeder'));
  clients.push(seeder);
  await seeder.synced;
  seeder.doc.transact(() => {
    seeder.text.insert(0, article);
    seeder.meta.set('title', docName);
  });
  await until(() => seeder.provider.unsyncedChanges === 0, 'the article is on the server', 30_000);
  const tSeeded = performance.now();

  // sent.get(marker) = time of the edit; arrivals collects edit → arrival times.
  const sent = new Map();
  const arrivals = [];
  const markerPattern = /⟦(\d+):(\d+)⟧/g;
  const editors = [];
  for (let c = 0; c < nClients; c++) {
    const port = team.ports[c % team.ports.length];
    const client = joinRoom(port, room, team.token(room, `annotator-${c}`));
    clients.push(client);
    editors.push(client);
    // Markers are read from the update as it arrives: cheap, where a Y.Text event's delta walks
    // the whole text on every remote edit (and the bench would measure itself).
    client.doc.on('update', (update, _origin, _doc, transaction) => {
      if (transaction.local) return;
      const now = performance.now();
      for (const struct of Y.decodeUpdate(update).structs) {
        const str = struct.content?.str;
        if (typeof str !== 'string') continue;
        for (const match of str.matchAll(markerPattern)) {
          const at = sent.get(match[0]);
          if (at !== undefined) arrivals.push(now - at);
        }
      }
    });
  }
  await Promise.all(editors.map((client) => client.synced));
  await until(() => editors.every((client) => client.text.length === article.length), 'every client has the article', 60_000);
  const tJoined = performance.now();
  seeder.leave();
  clients.shift();

  // Each client edits on its own timer, started a little apart so the edits interleave.
  let random = 17;
  const next = () => { random = (random * 1103515245 + 12345) % 2147483648; return random / 2147483648; };
  await Promise.all(editors.map((client, c) => new Promise((resolve) => {
    let i = 0;
    const edit = () => {
      const marker = `⟦${c}:${i}⟧`;
      sent.set(marker, performance.now());
      client.doc.transact(() => {
        // The deletion first, so that it never cuts the marker being inserted.
        if (i % 10 === 9) client.text.delete(Math.floor(next() * (client.text.length - 2)), 2);
        client.text.insert(Math.floor(next() * client.text.length), marker);
      });
      i += 1;
      if (i === nEdits) resolve();
      else setTimeout(edit, interval);
    };
    setTimeout(edit, (c * interval) / nClients);
  })));
  const tEdited = performance.now();
  const expected = nClients * nEdits * (nClients - 1);
  try {
    await until(() => arrivals.length >= expected, `all ${expected} arrivals`, 120_000);
  } catch (error) {
    console.error(error.message);
    exitCode = 1;
  }
  await until(() => editors.every((client) => client.provider.unsyncedChanges === 0), 'every edit acknowledged', 60_000).catch(() => {});
  const tDone = performance.now();

  const reference = editors[0];
  const state = (client) => JSON.stringify([client.text.toString(), [...Y.decodeStateVector(Y.encodeStateVector(client.doc))].sort()]);
  const identical = editors.every((client) => state(client) === state(reference));
  if (!identical) exitCode = 1;
  const sorted = [...arrivals].sort((a, b) => a - b);

  console.log(`rooms benchmark: ${nClients} clients × ${nEdits} edits (one every ${interval} ms each) on ${team.ports.length} instance(s), `
    + `room text ${article.length.toLocaleString('en')} UTF-16 units (${docName})`);
  console.log(`| measure | value |`);
  console.log(`|---|---|`);
  console.log(`| seed the room with the article | ${ms(tSeeded - tStart)} |`);
  console.log(`| ${nClients} clients join and have the article | ${ms(tJoined - tSeeded)} |`);
  console.log(`| editing (${(nClients * nEdits).toLocaleString('en')} edits) | ${ms(tEdited - tJoined)} |`);
  console.log(`| edit → arrival at the other clients, p50 | ${ms(percentile(sorted, 50))} |`);
  console.log(`| edit → arrival, p95 | ${ms(percentile(sorted, 95))} |`);
  console.log(`| edit → arrival, max | ${ms(sorted[sorted.length - 1])} |`);
  console.log(`| arrivals seen / expected | ${arrivals.length.toLocaleString('en')} / ${expected.toLocaleString('en')} |`);
  console.log(`| last edit → every client settled | ${ms(tDone - tEdited)} |`);
  for (const port of team.ports) {
    const { rss, peak } = memory(team.pid(port));
    console.log(`| server on ${port}: resident memory at the end / peak | ${rss.toFixed(0)} MB / ${peak.toFixed(0)} MB |`);
  }
  console.log(`| final states identical (text and state vector, all ${nClients}) | ${identical ? 'yes' : 'NO'} |`);
  console.log(`| final text length | ${reference.text.length.toLocaleString('en')} |`);
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  for (const client of clients) client.leave();
  team.wipe();
}
process.exit(exitCode);
