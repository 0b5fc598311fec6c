// The dynamic example's script (see index.html). Plain DOM: the element works like
// any other, whether the widget has finished loading or not.
window.addEventListener('load', function () {
  var login = document.createElement('magic-link-login');
  login.setAttribute('api-base', 'http://127.0.0.1:8787/api/v1');
  login.addEventListener('magic-link-authenticated', function (event) {
    var user = event.detail.user || {};
    document.getElementById('result').textContent = 'Welcome, ' + (user.email || 'you') + '!';
  });
  document.getElementById('login').appendChild(login);

  // The client ID arrives later: the widget re-renders when the attribute changes.
  fetch('config.json')
    .then(function (response) {
      return response.json();
    })
    .then(function (config) {
      login.setAttribute('client-id', config.clientId);
    });
});
