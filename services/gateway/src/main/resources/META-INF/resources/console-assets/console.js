// Live parts of the console: the agent's alerts and the open customer's activity, as server-sent
// events over the browser session. EventSource reconnects by itself (with Last-Event-ID).
(function () {
  function follow(url, list, render) {
    var source = new EventSource(url);
    function show(e) {
      var item = document.createElement('li');
      try { render(item, JSON.parse(e.data), e.type); } catch (x) { item.textContent = e.data; }
      list.insertBefore(item, list.firstChild);
      while (list.children.length > 20) { list.removeChild(list.lastChild); }
    }
    ['alert', 'state_change', 'event', 'threshold'].forEach(function (type) { source.addEventListener(type, show); });
    source.addEventListener('error', function (e) { if (e.data) { show(e); } });
    return source;
  }
  document.addEventListener('DOMContentLoaded', function () {
    var alerts = document.getElementById('live-alerts');
    if (alerts) {
      follow(alerts.dataset.stream, document.getElementById('alert-list'), function (item, data, type) {
        var alert = data.alert || data;
        item.className = 'live ' + type;
        item.textContent = (type === 'state_change' ? 'Updated: ' : '') + (alert.title || alert.alert_id || type);
        if (alert.alert_id) { item.dataset.alertId = alert.alert_id; }
      });
    }
    var activity = document.getElementById('activity');
    if (activity) {
      follow(activity.dataset.stream, activity, function (item, data, type) {
        item.textContent = type + ': ' + (data.sentence || (data.event && (data.event.type || data.event.custom_type)) || JSON.stringify(data));
      });
    }
  });
})();
