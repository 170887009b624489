'use strict';
// Lint rules for the client (run by lint.js, inside the Maven build). The sources share one scope once
// concatenated, so lint.js lints the concatenation as the virtual file src/bundle.js: a name declared twice
// at the top level, a global the browser does not have, or a function nobody calls fails the build.
const js = require('@eslint/js');

const NODE = { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly',
  console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly' };

module.exports = [
  { ignores: ['dist/**', 'node_modules/**'] },
  js.configs.recommended,
  {
    // The concatenated client: ES5, strict, in a function scope; the only globals are these.
    files: ['src/bundle.js'],
    languageOptions: {
      ecmaVersion: 5,
      sourceType: 'script',
      // Promise only in request() without a callback: engines without it pass a callback there.
      globals: { window: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Promise: 'readonly' }
    },
    rules: {
      'no-redeclare': ['error', { builtinGlobals: true }],
      'no-undef': ['error', { typeof: true }],
      'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none' }],
      'no-shadow': ['error', { builtinGlobals: false }],
      'no-implicit-globals': 'error',
      // NEED and ORDER are our own plain objects; == is the house style (null and undefined alike, and shorter).
      'no-prototype-builtins': 'off'
    }
  },
  {
    // Build scripts, tests and fakes: Node.js, modern syntax.
    files: ['*.js', 'test/**/*.js', 'support/**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'commonjs', globals: NODE },
    rules: { 'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none' }] }
  }
];
