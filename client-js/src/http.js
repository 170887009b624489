/* Whether an absolute url leaves the page's origin. */
function crossOrigin(url, loc) {
  return !!loc && /^https?:/i.test(url) && url.indexOf(loc.protocol + '//' + loc.host + '/') != 0;
}

/* One XMLHttpRequest exchange. The timeout runs on the injected timers (not xhr.timeout) so tests control
 * it. cb(status, text, xhr) is called exactly once; status 0 means a network failure, an abort or a timeout. */
function request(o, method, url, headers, body, timeout, cb) {
  var x = new o.XMLHttpRequest(), done = 0, k, t;
  function end(st, text, xhr) {
    if (done) return;
    done = 1;
    o.clearTimeout(t);
    cb(st, text, xhr);
  }
  x.open(method, url, true);
  // Credentials only for cross-origin absolute URLs; same-origin requests carry cookies anyway.
  if (crossOrigin(url, o.location)) x.withCredentials = true;
  for (k in headers) x.setRequestHeader(k, headers[k]);
  if (body != null) x.setRequestHeader('Content-Type', 'text/plain;charset=utf-8');
  x.onreadystatechange = function () {
    if (x.readyState == 4) end(x.status, x.responseText, x);
  };
  t = o.setTimeout(function () {
    end(0, '');
    x.abort();
  }, timeout);
  x.send(body);
  return {
    abort: function () {
      done = 1;
      o.clearTimeout(t);
      x.abort();
    }
  };
}

/* A 429's Retry-After, in ms (at least 1 s). */
function retryAfter(xhr) {
  return 1000 * Math.max(1, +(xhr && xhr.getResponseHeader('Retry-After')) || 1);
}

/* An HTTP failure as {status, code, message, retry}: the server's JSON error body {"error", "message"} when
 * there is one; otherwise a code from the status. retry: a stopping server's advice, ms (the body's, else
 * Retry-After). A wrong mount is answered by the container, not by Duplex: a
 * 404, or a 405 from its static file servlet (no Duplex endpoint refuses a POST that way), in HTML. */
function httpError(status, text, xhr) {
  var body = {};
  try { body = JSON.parse(text) || {}; } catch (e) { /* not JSON: a container, a proxy or the network spoke */ }
  return {
    status: status,
    code: body.error || (status == 404 || status == 405 ? 'not_found' : status == 403 ? 'forbidden' : status ? 'http_' + status : 'network'),
    message: body.message || (status ? 'HTTP ' + status : 'no answer'),
    retry: body.retry || xhr && 1000 * xhr.getResponseHeader('Retry-After')
  };
}
