/* Builds the press release listing from /api/press.json */
(function () {
  'use strict';
  var box = document.getElementById('list');
  if (!box) { return; }
  var months = ['January', 'February', 'March', 'April', 'May', 'June', 'July',
                'August', 'September', 'October', 'November', 'December'];
  function fmt(iso) {
    var p = iso.split('-');
    return months[parseInt(p[1], 10) - 1] + ' ' + parseInt(p[2], 10) + ', ' + p[0];
  }
  fetch('/api/press.json', {headers: {'Accept': 'application/json'}})
    .then(function (r) { return r.json(); })
    .then(function (data) {
      box.textContent = '';
      data.items.forEach(function (it) {
        var item = document.createElement('article');
        item.className = 'press-item';
        var t = document.createElement('time');
        t.textContent = fmt(it.date);
        var h = document.createElement('h3');
        var a = document.createElement('a');
        a.href = it.url;
        a.textContent = it.title;
        h.appendChild(a);
        item.appendChild(t);
        item.appendChild(h);
        box.appendChild(item);
      });
    })
    .catch(function () { box.textContent = 'Press releases could not be loaded.'; });
}());
