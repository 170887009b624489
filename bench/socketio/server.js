// The Socket.IO peer's server for bench/ (started by ServerProcess, one node process per run): socket.io 4.8.4
// with its defaults plus perMessageDeflate: false, a room "bench" that clients join by emitting "sub" (acked),
// and the same control surface as BenchServer: /ctl/publish?rate=&count=&size= (a server-side publisher,
// io.to("bench").emit("m", payload) with "<sendMicros>:<index>:xxx" payloads), /ctl/stats, /ctl/mem.
// Prints "PORT n" once listening.
'use strict';
const http = require('http');
const { Server } = require('socket.io');

let bytesIn = 0;
let bytesOut = 0;
const live = new Set();
let nextIndex = 0;
let publishing = Promise.resolve();

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (!url.pathname.startsWith('/ctl/')) {
    return; // socket.io answers its own path; anything else is not ours
  }
  const reply = (text) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(text);
  };
  switch (url.pathname) {
    case '/ctl/publish': {
      const rate = Number(url.searchParams.get('rate'));
      const count = Number(url.searchParams.get('count'));
      const size = Number(url.searchParams.get('size'));
      publishing = publishing.then(() => publish(rate, count, size)).then(reply);
      break;
    }
    case '/ctl/stats': {
      let inNow = bytesIn;
      let outNow = bytesOut;
      for (const s of live) {
        inNow += s.bytesRead;
        outNow += s.bytesWritten;
      }
      reply(`sessions=${io.engine.clientsCount} in=${inNow} out=${outNow} published=${nextIndex}`);
      break;
    }
    case '/ctl/mem':
      mem().then(reply);
      break;
    default:
      reply('?');
  }
});
server.on('connection', (socket) => {
  live.add(socket);
  socket.on('close', () => {
    live.delete(socket);
    bytesIn += socket.bytesRead;
    bytesOut += socket.bytesWritten;
  });
});

const io = new Server(server, { perMessageDeflate: false });
io.on('connection', (socket) => {
  socket.on('sub', (room, ack) => {
    socket.join(room);
    if (typeof ack === 'function') {
      ack('ok');
    }
  });
});

function nowMicros() {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

function payload(index, size, sendMicros = nowMicros()) {
  const head = `${sendMicros}:${index}:`;
  return head.length >= size ? head : head + 'x'.repeat(size - head.length);
}

// Publishes count messages at rate per second, on schedule: a late timer publishes what is due at once.
function publish(rate, count, size) {
  return new Promise((resolve) => {
    const first = nextIndex + 1;
    const period = 1000 / rate;
    const start = performance.now();
    const startMicros = nowMicros();
    let sent = 0;
    const tick = () => {
      const now = performance.now();
      while (sent < count && start + sent * period <= now) {
        // Stamped with when it was due, not when the loop got to it (see BenchServer.publish: coordinated omission).
        io.to('bench').emit('m', payload(++nextIndex, size, startMicros + Math.round(sent * period * 1000)));
        sent++;
      }
      if (sent < count) {
        setTimeout(tick, Math.max(0, start + sent * period - performance.now()));
      } else {
        resolve(`first=${first} last=${nextIndex} nanos=${Math.round((performance.now() - start) * 1e6)}`);
      }
    };
    tick();
  });
}

async function mem() {
  for (let i = 0; i < 3; i++) {
    global.gc();
    await new Promise((r) => setTimeout(r, 200));
  }
  const m = process.memoryUsage();
  return `heap=${m.heapUsed + m.external} rss=${m.rss}`;
}

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`PORT ${server.address().port}\n`);
});
