/* Builds dist/ from src/: concatenates the sources (one file per concept) inside a UMD wrapper
 * (dist/duplex.js), an ES module (dist/duplex.mjs) and a minified copy (dist/duplex.min.js); then proves
 * the browser files parse as ES5 and that the minified file fits its size budget. Fails the build otherwise.
 * Usage: node build.js            (tests load the same bundle through bundle()) */
'use strict';
var fs = require('fs');
var path = require('path');
var zlib = require('zlib');

var VERSION = require('./package.json').version;
var BUDGET = 9 * 1024 + 512; // bytes, min+gzip (6 KB until refusals, pacing and debug lines came in; 7 KB until resume across reloads,
// a stopping node's advice, fallback telemetry, request/reply, subprotocols and binary; 8.5 KB until many tabs sharing one
// connection (share.js, about 0.9 KB: without it the 7th long-polling tab of a browser stalls behind a proxy that refuses
// WebSocket); Phoenix is 7.8 KB, Socket.IO's client 13 KB)
// Order matters only for readability: every file declares functions and vars in one shared scope.
var FILES = ['options', 'codec', 'backoff', 'state', 'queue', 'http', 'memory', 'tab', 'share', 'longpoll', 'websocket',
  'channel', 'connector', 'wsapi', 'index'];

function bundle() {
  return FILES.map(function (f) {
    return '// ---- src/' + f + '.js\n' + fs.readFileSync(path.join(__dirname, 'src', f + '.js'), 'utf8');
  }).join('\n');
}

function umd(body) {
  return '/*! duplex.js ' + VERSION + ' | Apache-2.0 */\n' +
    '(function (root, factory) {\n' +
    "  if (typeof define == 'function' && define.amd) define([], factory);\n" +
    "  else if (typeof module == 'object' && module.exports) module.exports = factory();\n" +
    '  else root.Duplex = factory();\n' +
    "}(typeof self != 'undefined' ? self : this, function () {\n'use strict';\n" +
    body + '\nreturn Duplex;\n}));\n';
}

function esm(body) {
  return '/*! duplex.mjs ' + VERSION + ' | Apache-2.0 */\n' +
    "var Duplex = (function () {\n'use strict';\n" + body + '\nreturn Duplex;\n}());\n' +
    'export default Duplex;\nexport var connect = Duplex.connect;\nexport var Channel = Duplex.Channel;\n' +
    'export var WebSocket = Duplex.WebSocket;\n' +
    'export { Duplex };\n';
}

function fail(msg) {
  console.error('build.js: ' + msg);
  process.exit(1);
}

function parse(code, opts, name) {
  try {
    require('acorn').parse(code, opts);
  } catch (e) {
    fail(name + ' does not parse as ' + (opts.sourceType || 'ES' + opts.ecmaVersion) + ': ' + e.message);
  }
}

async function main() {
  var dist = path.join(__dirname, 'dist');
  var body = bundle();
  var js = umd(body);
  var mjs = esm(body);
  parse(js, { ecmaVersion: 5 }, 'dist/duplex.js');
  var min = await require('terser').minify(js, {
    ecma: 5,
    compress: { passes: 2 },
    // Private members (a leading underscore) are ours alone: renaming them is safe and saves a lot.
    mangle: { properties: { regex: /^_/ } },
    format: { comments: /^!/ }
  });
  if (!min.code) fail('terser produced nothing');
  parse(min.code, { ecmaVersion: 5 }, 'dist/duplex.min.js');
  parse(mjs, { ecmaVersion: 2015, sourceType: 'module' }, 'dist/duplex.mjs');
  fs.mkdirSync(dist, { recursive: true });
  fs.writeFileSync(path.join(dist, 'duplex.js'), js);
  fs.writeFileSync(path.join(dist, 'duplex.mjs'), mjs);
  fs.writeFileSync(path.join(dist, 'duplex.min.js'), min.code + '\n');
  var gz = zlib.gzipSync(min.code, { level: 9 }).length;
  console.log('duplex.min.js: ' + min.code.length + ' bytes, ' + gz + ' bytes min+gzip (budget ' + BUDGET + ')');
  if (gz > BUDGET) fail('duplex.min.js is ' + gz + ' bytes min+gzip, over the budget of ' + BUDGET);
}

module.exports = { bundle: bundle, FILES: FILES };

if (require.main === module) main().catch(function (e) { fail(e.stack || e); });
