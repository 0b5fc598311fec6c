// The strict-CSP example's own script, from 'self' (see index.html). Loaded before
// the widget: it records every Content-Security-Policy violation on the page (in
// window.cspViolations and in the list), and shows who signed in.
(function () {
  'use strict';
  var violations = (window.cspViolations = []);
  var show = function (text) {
    var item = document.createElement('li');
    item.textContent = text;
    document.getElementById('violations').appendChild(item);
  };
  document.addEventListener('securitypolicyviolation', function (event) {
    var text = event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline') + ' (' + event.sourceFile + ':' + event.lineNumber + ')';
    violations.push(text);
    if (document.readyState !== 'loading') show(text);
    else document.addEventListener('DOMContentLoaded', function () {
      show(text);
    });
  });
  document.addEventListener('magic-link-authenticated', function (event) {
    var user = event.detail.user || {};
    document.getElementById('result').textContent = 'Welcome, ' + (user.email || 'you') + '!';
  });
})();
