/* Lints the client as it ships (the concatenated sources, in the function scope the build wraps them in),
 * then the build scripts, tests and fakes. Problems in the concatenation are reported at src/<file>:<line>.
 * Fails (exit 1) on any problem. Usage: node lint.js */
'use strict';
const { ESLint } = require('eslint');
const { FILES, bundle } = require('./build.js');
const fs = require('fs');
const path = require('path');

/* Maps a line of the concatenation back to its source file. */
function origin(line) {
  let at = 1; // the wrapper's first line
  for (const f of FILES) {
    const n = fs.readFileSync(path.join(__dirname, 'src', f + '.js'), 'utf8').split('\n').length + 1;
    if (line <= at + n) return 'src/' + f + '.js:' + (line - at - 1);
    at += n;
  }
  return 'bundle:' + line;
}

async function main() {
  const eslint = new ESLint({ cwd: __dirname });
  const wrapped = '(function () {\n' + bundle() + '\nreturn Duplex;\n}());\n';
  const results = (await eslint.lintText(wrapped, { filePath: path.join(__dirname, 'src/bundle.js') }))
    .concat(await eslint.lintFiles(['*.js', 'test/**/*.js', 'support/**/*.js']));
  let problems = 0;
  for (const r of results) {
    for (const m of r.messages) {
      const where = r.filePath.endsWith('src/bundle.js') ? origin(m.line) : path.relative(__dirname, r.filePath) + ':' + m.line;
      console.error(where + ': ' + m.message + (m.ruleId ? ' (' + m.ruleId + ')' : ''));
      problems++;
    }
  }
  if (problems) {
    console.error('lint.js: ' + problems + ' problem(s)');
    process.exit(1);
  }
  console.log('lint.js: no problems in the client bundle, build scripts and tests');
}

main().catch((e) => {
  console.error(e.stack || e);
  process.exit(1);
});
