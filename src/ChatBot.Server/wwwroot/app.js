// The page: asks the server for a Direct Line token (minted locally, or exchanged with Azure Direct Line when a
// secret is configured), then runs the Bot Framework Web Chat widget against it.
(function () {
  'use strict';

  var status = document.getElementById('status');

  function post(path) {
    return fetch(path, { method: 'POST' }).then(function (response) {
      if (!response.ok) { throw new Error(path + ' answered ' + response.status); }
      return response.json();
    });
  }

  function showSuggestions(questions, store) {
    var list = document.getElementById('suggestions');
    questions.forEach(function (question) {
      var item = document.createElement('li');
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = question;
      button.addEventListener('click', function () {
        store.dispatch({ type: 'WEB_CHAT/SEND_MESSAGE', payload: { text: question } });
      });
      item.appendChild(button);
      list.appendChild(item);
    });
  }

  function start() {
    if (!window.WebChat) { return; }
    Promise.all([fetch('/api/about').then(function (r) { return r.json(); }), post('/api/directline/token')])
      .then(function (results) {
        var about = results[0];
        var session = results[1];
        document.getElementById('about').textContent = about.description;
        var options = { token: session.token, webSocket: true };
        if (session.domain) { options.domain = session.domain; }
        var store = window.WebChat.createStore();
        window.WebChat.renderWebChat({
          directLine: window.WebChat.createDirectLine(options),
          store: store,
          userID: session.userId || undefined,
          styleOptions: { hideUploadButton: true, botAvatarInitials: 'AI', userAvatarInitials: 'You' }
        }, document.getElementById('chat'));
        showSuggestions(about.exampleQuestions || [], store);
        status.textContent = 'Connected. Ask a question, or pick one above.';
        var input = document.querySelector('#chat input[type="text"], #chat textarea');
        if (input) { input.setAttribute('aria-label', 'Your question'); }
      })
      .catch(function (error) {
        status.textContent = 'Could not start the chat: ' + error.message;
      });
  }

  window.startChat = start;
  if (window.WebChat) { start(); }
})();
