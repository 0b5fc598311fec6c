// Demo page only. Query parameters configure the widget, so the same page serves the
// end-to-end tests: ?api=http://127.0.0.1:PORT points it at another devapi, and any
// widget attribute can be set by name (?resend-cooldown=2&link-ttl=5). The page also
// lists the widget's events; tokens are shortened (a real page hands them to its
// backend and never prints them).
(function () {
  'use strict';
  var params = new URLSearchParams(location.search);
  var login = document.getElementById('login');
  params.forEach(function (value, name) {
    if (name === 'api') {
      if (!/^http:\/\/(127\.0\.0\.1|localhost):\d+$/.test(value)) return;
      login.setAttribute('api-base', value + '/api/v1');
      document.getElementById('outbox').href = value + '/dev/outbox';
    } else if (/^[a-z-]+$/.test(name)) {
      login.setAttribute(name, value);
    }
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
