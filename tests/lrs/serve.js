// The tests' learning record store: Learning Locker's statement service (xapi-statements), in
// memory, listening on 127.0.0.1 only (the service itself would listen on every address).
// Started by tests/test_xapi_lrs.py with EXPRESS_PORT and the repos set to test/memory.
'use strict';
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (port, ...rest) {
  if (typeof port === 'number' || (typeof port === 'string' && /^\d+$/.test(port))) {
    const done = rest.find((arg) => typeof arg === 'function');
    return listen.call(this, Number(port), '127.0.0.1', done);
  }
  return listen.call(this, port, ...rest);
};
require('xapi-statements/dist/server');
