// Demo page only: point the widget at another devapi with ?api=http://127.0.0.1:PORT
// (the end-to-end tests do), and list the widget's events. Tokens are shortened: a
// real page would hand them to its backend, never print them.
(function () {
  'use strict';
  var params = new URLSearchParams(location.search);
  var login = document.getElementById('login');
  var api = params.get('api');
  if (api && /^http:\/\/(127\.0\.0\.1|localhost):\d+$/.test(api)) {
    login.setAttribute('api-base', api + '/api/v1');
    document.getElementById('outbox').href = api + '/dev/outbox';
  }
  ['cooldown', 'ttl'].forEach(function (name) {
    var value = params.get(name);
    if (value) login.setAttribute(name === 'ttl' ? 'link-ttl' : 'resend-cooldown', value);
  });
  var log = document.getElementById('log');
  ['sent', 'resent', 'authenticated', 'expired', 'error'].forEach(function (name) {
    login.addEventListener('magic-link-' + name, function (event) {
      var detail = Object.assign({}, event.detail);
      ['access_token', 'refresh_token', 'id_token'].forEach(function (key) {
        if (typeof detail[key] === 'string') detail[key] = detail[key].slice(0, 12) + '…';
      });
      var item = document.createElement('li');
      item.textContent = event.type + ' ' + JSON.stringify(detail);
      log.appendChild(item);
    });
  });
})();
