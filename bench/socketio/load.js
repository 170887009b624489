// The Socket.IO peer's load generator for bench/ (one node process per run, driven by SocketIo.java over
// stdin/stdout, one JSON line per command): N socket.io-client 4.8.4 clients, each joining the room "bench";
// latency from the send time embedded in each payload, loss and duplicates from its index.
// Commands: "connect <url> <n> <ws|lp> <concurrency>", "window", "drain <last> <timeoutMs>", "report", "quit".
'use strict';
const readline = require('readline');
const { io } = require('socket.io-client');

const clients = [];
let latencies = new Float64Array(1 << 20);
let recorded = 0;
let delivered = 0;
let duplicates = 0;
let countAtWindow = 0;

function nowMicros() {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

function record(micros) {
  if (recorded === latencies.length) {
    const grown = new Float64Array(latencies.length * 2);
    grown.set(latencies);
    latencies = grown;
  }
  latencies[recorded++] = micros;
}

function newClient(url, transport) {
  const c = { lastIndex: 0, count: 0, socket: null };
  c.socket = io(url, { transports: [transport === 'ws' ? 'websocket' : 'polling'], forceNew: true,
    reconnection: true });
  c.socket.on('m', (p) => {
    const a = p.indexOf(':');
    const b = p.indexOf(':', a + 1);
    const sent = Number(p.slice(0, a));
    const index = Number(p.slice(a + 1, b));
    record(nowMicros() - sent);
    delivered++;
    if (index <= c.lastIndex) {
      duplicates++;
    } else {
      c.lastIndex = index;
      c.count++;
    }
  });
  return c;
}

function subscribe(c) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('subscribe timed out')), 120000);
    c.socket.emit('sub', 'bench', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function connect(url, n, transport, concurrency) {
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      const c = newClient(url, transport);
      clients.push(c);
      await subscribe(c);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return { ready: clients.length };
}

function sumCounts() {
  let n = 0;
  for (const c of clients) {
    n += c.count;
  }
  return n;
}

function quantile(sorted, q) {
  if (sorted.length === 0) {
    return -1;
  }
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

async function drain(last, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (clients.every((c) => c.lastIndex >= last)) {
      return { ok: true };
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { ok: false };
}

async function handle(line) {
  const [cmd, ...args] = line.trim().split(' ');
  switch (cmd) {
    case 'connect':
      return connect(args[0], Number(args[1]), args[2], Number(args[3]));
    case 'window':
      recorded = 0;
      delivered = 0;
      duplicates = 0;
      countAtWindow = sumCounts();
      return {};
    case 'drain':
      return drain(Number(args[0]), Number(args[1]));
    case 'report': {
      const sorted = latencies.slice(0, recorded).sort();
      return { delivered, duplicates, got: sumCounts() - countAtWindow, p50: quantile(sorted, 0.5),
        p99: quantile(sorted, 0.99), p999: quantile(sorted, 0.999) };
    }
    case 'quit':
      for (const c of clients) {
        c.socket.close();
      }
      setTimeout(() => process.exit(0), 100);
      return {};
    default:
      return { error: `unknown command ${cmd}` };
  }
}

const rl = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
rl.on('line', (line) => {
  queue = queue.then(() => handle(line)).then(
    (r) => process.stdout.write(JSON.stringify(r) + '\n'),
    (e) => process.stdout.write(JSON.stringify({ error: String(e && e.message || e) }) + '\n'));
});
rl.on('close', () => process.exit(0));
