/* Proves that the package users install has typings that compile: packs it as `npm pack` does (the files list
 * and exports of package.json included), unpacks it as node_modules/duplex-client in target/typecheck, and
 * type-checks types-test/*.ts against it with tsc --noEmit under strict settings. The samples use the module
 * import, the default export, the UMD global and the WebSocket class, and expect errors on wrong uses.
 * Fails (exit 1) on any type error or on a package without its typings. Usage: node typecheck.js */
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const work = path.join(__dirname, 'target', 'typecheck');
fs.rmSync(work, { recursive: true, force: true });
const pkg = path.join(work, 'node_modules', 'duplex-client');
fs.mkdirSync(pkg, { recursive: true });

const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work],
  { cwd: __dirname, encoding: 'utf8' }))[0];
const files = packed.files.map(function (f) { return f.path; });
if (files.indexOf('duplex.d.ts') < 0) {
  console.error('typecheck.js: the packed package has no duplex.d.ts: ' + files.join(', '));
  process.exit(1);
}
execFileSync('tar', ['-xzf', path.join(work, packed.filename), '-C', pkg, '--strip-components=1']);
for (const f of fs.readdirSync(path.join(__dirname, 'types-test'))) {
  fs.copyFileSync(path.join(__dirname, 'types-test', f), path.join(work, f));
}
try {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', work], { stdio: 'inherit' });
} catch (e) {
  console.error('typecheck.js: the typings of ' + packed.filename + ' do not compile with the samples (above)');
  process.exit(1);
}
console.log('typecheck.js: ' + packed.filename + ' (' + files.length + ' files): typings compile with '
  + 'TypeScript ' + require('typescript').version + ' (strict)');
