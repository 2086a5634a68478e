// Live updates of a run page (Server-Sent Events): appends new log lines, updates statuses in the run tree,
// reloads when the tree needs new rows or forms, and closes the stream on the final event (else it reconnects).
(function () {
  var log = document.getElementById('log');
  if (!log || !log.dataset.events) return;
  var source = new EventSource(log.dataset.events);
  var reloading = false;
  function reloadSoon() {
    if (!reloading) { reloading = true; setTimeout(function () { location.reload(); }, 300); }
  }
  source.addEventListener('lines', function (event) {
    var follow = window.innerHeight + window.scrollY >= document.body.scrollHeight - 60;
    JSON.parse(event.data).forEach(function (line) {
      var row = document.createElement('div');
      row.className = 'line ' + line.stream;
      var meta = document.createElement('span');
      meta.className = 'meta';
      meta.textContent = '#' + line.runId + ' ' + ({stderr: 'err', lurch: 'lur'}[line.stream] || 'out') + ' ';
      row.appendChild(meta);
      line.pieces.forEach(function (piece) {
        var span = document.createElement('span');
        if (piece.css) span.className = piece.css;
        span.textContent = piece.text; // text, never HTML
        row.appendChild(span);
      });
      if (line.fullText) {
        var more = document.createElement('a');
        more.className = 'full-line';
        more.href = line.fullText;
        more.textContent = '… (cut at 4 KiB: the whole line)';
        row.appendChild(more);
      }
      log.appendChild(row);
    });
    if (follow) window.scrollTo(0, document.body.scrollHeight);
  });
  source.addEventListener('runs', function (event) {
    JSON.parse(event.data).forEach(function (run) {
      var cell = document.getElementById('status-' + run.id);
      var asks = run.waitingFor === 'approval' || run.waitingFor === 'answer';
      if (!cell || (asks && cell.textContent.indexOf(run.waitingFor) < 0)) { reloadSoon(); return; }
      cell.textContent = run.status + (run.waitingFor ? ' (' + run.waitingFor + ')' : '');
      cell.className = 'status ' + run.status;
      document.getElementById('exit-' + run.id).textContent = run.exitCode;
    });
  });
  source.addEventListener('end', function () {
    source.close();
    reloadSoon();
  });
})();
