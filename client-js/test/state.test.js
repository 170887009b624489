'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { TRANSITIONS, canTransition, setState } = require('../support/fakes').internals();
const STATES = Object.keys(TRANSITIONS);

const ALLOWED = ['connecting>open', 'connecting>reconnecting', 'connecting>closed', 'open>reconnecting',
  'open>closed', 'reconnecting>open', 'reconnecting>closed'];

test('the transition table, every pair of states', () => {
  assert.deepStrictEqual(STATES, ['connecting', 'open', 'reconnecting', 'closed']);
  for (const from of STATES) {
    for (const to of STATES) {
      const ok = ALLOWED.includes(from + '>' + to);
      assert.strictEqual(canTransition(from, to), ok, from + '>' + to);
      const events = [];
      const obj = { state: from, _emit: (e, x) => events.push([e, x]) };
      if (ok) {
        setState(obj, to);
        assert.strictEqual(obj.state, to);
        assert.deepStrictEqual(events, [['state', { from, to }]]);
      } else {
        assert.throws(() => setState(obj, to), /illegal state/);
        assert.strictEqual(obj.state, from);
        assert.deepStrictEqual(events, []);
      }
    }
  }
  assert.strictEqual(canTransition('bogus', 'open'), false);
});
