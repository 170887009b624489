/* Backoff: exponential growth with "full jitter" (a uniform random delay in [0, cap)), so that a crowd of
 * clients cut off together does not come back in lockstep and knock the server over again. */

/**
 * @param {number} min first cap, ms
 * @param {number} max largest cap, ms
 * @param {function():number} random a [0, 1) source (injectable for tests)
 */
function Backoff(min, max, random) {
  this.min = min;
  this.max = max;
  this.random = random;
  this.n = 0;
}

/** The cap of the current attempt: min * 2^n, at most max. */
Backoff.prototype.cap = function () {
  return Math.min(this.max, this.min * Math.pow(2, Math.min(this.n, 30)));
};

/** The next delay, in [0, cap) ms; each call doubles the cap. */
Backoff.prototype.next = function () {
  var d = Math.floor(this.random() * this.cap());
  this.n++;
  return d;
};

Backoff.prototype.reset = function () {
  this.n = 0;
};
