// Shows the local stack's health on the demo page.
const out = document.getElementById('status');
fetch('/status')
  .then((r) => r.json())
  .then((s) => {
    const lines = Object.entries(s.functions).map(
      ([name, f]) => `${f.ok ? 'ok  ' : 'FAIL'} ${name}${f.database ? `  (database ${f.database.ok ? 'ok' : 'down'})` : ''}`,
    );
    out.textContent = `${s.ok ? 'all functions ok' : 'degraded'} — version ${s.version}\n${lines.join('\n')}`;
  })
  .catch(() => { out.textContent = 'status unavailable'; });
