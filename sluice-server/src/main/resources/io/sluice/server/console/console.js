// Live updates: an element with data-live="URL" is refreshed from that JSON every few seconds
// while its run is going; cells with data-field="step|field" get the new values.
(function () {
  function update(root) {
    var url = root.getAttribute('data-live');
    var every = parseInt(root.getAttribute('data-every') || '2000', 10);
    fetch(url, { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (run) {
      var status = document.querySelector('[data-field="run|status"]');
      if (status) { status.textContent = run.status.toLowerCase(); status.className = 'badge ' + run.status.toLowerCase(); }
      (run.steps || []).forEach(function (step) {
        ['status', 'rows_in', 'rows_out', 'quarantined', 'dropped', 'seconds'].forEach(function (field) {
          var cell = document.querySelector('[data-field="' + CSS.escape(step.step + '|' + field) + '"]');
          if (!cell) {
            if (field === 'status') { addRow(step); }
            return;
          }
          var value = step[field];
          if (field === 'status') { cell.textContent = String(value).toLowerCase(); cell.className = 'badge ' + String(value).toLowerCase(); }
          else { cell.textContent = typeof value === 'number' ? value.toLocaleString('en-US') : value; }
        });
      });
      var stamp = document.getElementById('live-stamp');
      if (stamp) { stamp.textContent = 'updated ' + new Date().toLocaleTimeString(); }
      if (run.status === 'RUNNING') { setTimeout(function () { update(root); }, every); }
    }).catch(function () { setTimeout(function () { update(root); }, every * 2); });
  }
  function addRow(step) {
    var body = document.querySelector('table.steps tbody');
    if (!body) { return; }
    var row = document.createElement('tr');
    var cells = [['step', step.step], ['kind', step.kind], ['status', ''], ['rows_in', ''], ['rows_out', ''],
      ['quarantined', ''], ['dropped', ''], ['seconds', '']];
    cells.forEach(function (c) {
      var td = document.createElement('td');
      if (c[0] === 'status') { var s = document.createElement('span'); s.setAttribute('data-field', step.step + '|status'); td.appendChild(s); }
      else if (c[0] === 'step' || c[0] === 'kind') { td.textContent = c[1]; }
      else { td.className = 'num'; td.setAttribute('data-field', step.step + '|' + c[0]); }
      row.appendChild(td);
    });
    body.appendChild(row);
  }
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-live]').forEach(function (root) {
      if (root.getAttribute('data-running') === 'true') { update(root); }
    });
  });
})();
