// Lyceum run viewer: plain JS, no dependencies. Routes live in the URL hash.
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
const num = (v, d = 3) => (v === null || v === undefined) ? 'n/a' : Number(v).toFixed(d);
const page = () => $('page');

async function api(path) {
  const r = await fetch(path);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

function counts(m) {
  const e = Object.entries(m || {});
  return e.length ? e.map(([k, v]) => `${esc(k)} × ${v}`).join(', ') : 'none';
}

// ---- runs list ----
async function showRuns() {
  $('crumb').textContent = '';
  const runs = await api('/api/runs');
  let html = `<h2>${runs.length} run${runs.length === 1 ? '' : 's'}</h2>
    <p class="muted">Pick two runs to compare them task by task.</p>
    <table id="runs"><thead><tr><th></th><th>run</th><th>kind</th><th>env</th><th>policy</th><th>tasks</th><th>rollouts</th>
    <th>failed</th><th>mean reward</th><th>pass@1</th><th>wall s</th></tr></thead><tbody>`;
  for (const r of runs) {
    html += `<tr class="link" data-id="${esc(r.id)}"><td><input type="checkbox" class="pick" value="${esc(r.id)}"></td>
      <td><a href="#/run/${encodeURIComponent(r.id)}">${esc(r.id)}</a>${r.partial ? ' <span class="badge">partial</span>' : ''}</td>
      <td>${esc(r.kind)}</td><td>${esc(r.env ?? '')}</td>
      <td>${esc(r.policy ?? (r.train_runs.length ? 'trained: ' + r.train_runs.join(', ') : ''))}</td>
      ${r.rollouts ? `<td class="num">${r.tasks}</td><td class="num">${r.rollouts}</td><td class="num">${r.rollouts - r.scored}</td>
      <td class="num">${num(r.mean_reward)}</td><td class="num">${num(r.pass_at_1)}</td><td class="num">${num(r.wall_s, 1)}</td>`
        : '<td colspan="6" class="muted">no evaluation rollouts: open it for its curves, hints and step rollouts</td>'}</tr>`;
  }
  html += `</tbody></table><div class="controls"><button id="compare" disabled>Compare the two picked runs</button></div>`;
  page().innerHTML = html;
  const picks = () => [...document.querySelectorAll('.pick:checked')].map((c) => c.value);
  document.querySelectorAll('.pick').forEach((c) => c.addEventListener('change', () => { $('compare').disabled = picks().length !== 2; }));
  document.querySelectorAll('.pick').forEach((c) => c.addEventListener('click', (ev) => ev.stopPropagation()));
  $('compare').addEventListener('click', () => { const [a, b] = picks(); location.hash = `#/compare/${encodeURIComponent(a)}/${encodeURIComponent(b)}`; });
  document.querySelectorAll('#runs tr.link').forEach((tr) => tr.addEventListener('click', () => { location.hash = '#/run/' + encodeURIComponent(tr.dataset.id); }));
}

// ---- charts (SVG) ----
function histogram(bins) {
  const w = 420, h = 180, pad = 30, max = Math.max(1, ...bins.map((b) => b.count));
  const bw = (w - 2 * pad) / bins.length;
  let svg = `<svg id="histogram" class="chart" width="${w}" height="${h}">`;
  bins.forEach((b, i) => {
    const bh = (h - 2 * pad) * b.count / max, x = pad + i * bw, y = h - pad - bh;
    svg += `<rect x="${x + 1}" y="${y}" width="${bw - 2}" height="${bh}" fill="#6366f1"><title>[${num(b.lo, 2)}, ${num(b.hi, 2)}): ${b.count}</title></rect>`;
    if (b.count) svg += `<text x="${x + bw / 2}" y="${y - 3}" text-anchor="middle">${b.count}</text>`;
  });
  svg += `<text x="${pad}" y="${h - 10}">${num(bins[0].lo, 1)}</text><text x="${w - pad}" y="${h - 10}" text-anchor="end">${num(bins[bins.length - 1].hi, 1)}</text>`;
  return svg + `<text x="${w / 2}" y="${h - 10}" text-anchor="middle">reward of scored rollouts</text></svg>`;
}

const COLORS = ['#6366f1', '#f59e0b', '#10b981', '#ef4444', '#0ea5e9', '#a855f7'];

function lineChart(id, title, series) { // series: [{name, color, points: [[x, y]]}]
  const w = 480, h = 220, pad = 36;
  const all = series.flatMap((s) => s.points);
  if (!all.length) return '';
  const xs = all.map((p) => p[0]), ys = all.map((p) => p[1]);
  const x0 = Math.min(...xs), x1 = Math.max(...xs, x0 + 1), y0 = Math.min(0, ...ys);
  const y1 = Math.max(...ys) - y0 > 1e-9 ? Math.max(...ys) : y0 + 1; // a flat line still gets a readable scale
  const X = (x) => pad + (w - 2 * pad) * (x - x0) / (x1 - x0), Y = (y) => h - pad - (h - 2 * pad) * (y - y0) / (y1 - y0);
  const legendW = 110; // the names sit right of the plot, where no line runs
  let svg = `<svg id="${id}" class="chart" width="${w + legendW}" height="${h}"><text x="${pad}" y="16">${esc(title)}</text>`;
  svg += `<text x="4" y="${Y(y1) + 4}">${num(y1, 2)}</text><text x="4" y="${Y(y0)}">${num(y0, 2)}</text>`;
  svg += `<text x="${pad}" y="${h - 8}">step ${x0}</text><text x="${w - pad}" y="${h - 8}" text-anchor="end">${x1}</text>`;
  series.forEach((s, i) => {
    svg += `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${s.points.map((p) => X(p[0]) + ',' + Y(p[1])).join(' ')}"/>`;
    svg += `<text x="${w - pad + 10}" y="${30 + 14 * i}" style="fill:${s.color}">${esc(s.name)}</text>`;
  });
  return svg + '</svg>';
}

// ---- one run ----
const taskState = { sort: 'task_id', desc: false, search: '', filter: 'all' };

const scopeName = (s) => s === '' ? 'evaluation' : s;
const scopeQuery = (s) => s ? '?' + new URLSearchParams({ scope: s }) : '';

async function showRun(id, scope) {
  const r = await api('/api/runs/' + encodeURIComponent(id) + scopeQuery(scope));
  $('crumb').textContent = r.id;
  let html = `<h2 id="run-title">${esc(r.id)} <span class="muted">${esc(r.path)}</span>${r.partial ? ' <span class="badge">partial</span>' : ''}</h2>`;
  const scopes = Object.entries(r.scopes);
  if (scopes.length > 1 || (scopes.length === 1 && scopes[0][0] !== '')) { // a training run keeps each step's rollouts apart
    html += `<div class="controls">rollouts of <select id="scope">${!r.scopes.hasOwnProperty('') ? '<option value="">evaluation (none)</option>' : ''}${
      scopes.map(([s, n]) => `<option value="${esc(s)}" ${s === r.scope ? 'selected' : ''}>${esc(scopeName(s))} (${n})</option>`).join('')}</select></div>`;
  }
  if (r.rollouts > 0 || r.kind !== 'train') {
    html += `<div class="cards" id="figures">
      <div class="card">env<b>${esc(r.env ?? '—')}</b></div><div class="card">policy<b>${esc(r.policy ?? '—')}</b></div>
      <div class="card">tasks<b>${r.tasks}</b></div><div class="card">rollouts<b>${r.rollouts}</b></div>
      <div class="card">mean reward<b>${num(r.mean_reward)}</b>${r.mean_reward_ci95 ? `<span class="muted">[${num(r.mean_reward_ci95[0])}, ${num(r.mean_reward_ci95[1])}]</span>` : ''}</div>
      <div class="card">pass@1<b>${num(r.pass_at_1)}</b></div>${r.k > 1 ? `<div class="card">pass@${r.k}<b>${num(r.pass_at_k)}</b></div>` : ''}
      <div class="card">wall<b>${num(r.wall_s, 1)} s</b></div></div>
      <h2>Failures by type</h2><table id="failures"><tr><th>type</th><th>rollouts</th></tr>${
        Object.entries(r.failures).map(([k, v]) => `<tr><td class="bad">${esc(k)}</td><td class="num">${v}</td></tr>`).join('') || '<tr><td colspan="2" class="muted">none</td></tr>'}</table>
      <p class="muted">retries: ${counts(r.counters)}</p>
      <h2>Reward distribution</h2>${histogram(r.histogram)}
      <h2>Tasks</h2><div class="controls"><input id="task-search" placeholder="search task ids" value="${esc(taskState.search)}">
      <select id="task-filter"><option value="all">all tasks</option><option value="failed">with failures</option>
      <option value="unsolved">not passed</option><option value="solved">passed</option></select><span id="task-count" class="muted"></span></div>
      <table id="tasks"><thead><tr><th data-col="task_id">task</th><th data-col="samples">samples</th><th data-col="mean_reward">mean reward</th>
      <th data-col="passed">passed</th><th data-col="failed">failures</th><th>rollouts</th></tr></thead><tbody></tbody></table>`;
  }
  const names = Object.keys(r.curves);
  if (names.length) {
    html += '<h2>Learning curves</h2><div class="cards">';
    const keys = ['heldout_pass1', 'plain_accuracy', 'hinted_accuracy', 'all_failed_share', 'guided_share', 'loss'];
    for (const key of keys) {
      const series = names.map((n, i) => ({ name: n, color: COLORS[i % COLORS.length], points: r.curves[n].filter((s) => typeof s.metrics[key] === 'number').map((s) => [s.step, s.metrics[key]]) }))
        .filter((s) => s.points.length);
      if (series.length) html += lineChart('curve-' + key, key, series);
    }
    html += '</div>';
    html += `<h2>Teacher's hints (${r.guidance.length})</h2><table id="guidance"><tr><th>run</th><th>step</th><th>task</th><th>teacher</th><th>hint</th><th>hinted acc.</th><th>trained</th></tr>${
      r.guidance.slice(0, 300).map((g) => `<tr><td>${esc(g.run)}</td><td class="num">${g.step}</td><td>${esc(g.task_id)}</td><td>${esc(g.teacher)}</td>
      <td><pre>${esc(g.text)}</pre></td><td class="num">${num(g.hinted_accuracy, 2)}</td><td>${g.trained ? 'yes' : 'no'}</td></tr>`).join('') ||
      '<tr><td colspan="7" class="muted">no hints recorded</td></tr>'}</table>`;
  }
  page().innerHTML = html;
  if ($('scope')) $('scope').addEventListener('change', (e) => { location.hash = '#/run/' + encodeURIComponent(r.id) + scopeQuery(e.target.value); });
  if (!$('tasks')) return;
  $('task-filter').value = taskState.filter;
  const render = () => renderTasks(r);
  $('task-search').addEventListener('input', (e) => { taskState.search = e.target.value; render(); });
  $('task-filter').addEventListener('change', (e) => { taskState.filter = e.target.value; render(); });
  document.querySelectorAll('#tasks th[data-col]').forEach((th) => th.addEventListener('click', () => {
    if (taskState.sort === th.dataset.col) taskState.desc = !taskState.desc; else { taskState.sort = th.dataset.col; taskState.desc = false; }
    render();
  }));
  render();
}

function renderTasks(r) {
  const failed = (t) => Object.values(t.failures).reduce((a, b) => a + b, 0);
  let rows = r.task_rows.filter((t) => t.task_id.toLowerCase().includes(taskState.search.toLowerCase()));
  if (taskState.filter === 'failed') rows = rows.filter((t) => failed(t) > 0);
  if (taskState.filter === 'unsolved') rows = rows.filter((t) => t.passed === 0);
  if (taskState.filter === 'solved') rows = rows.filter((t) => t.passed > 0);
  const key = (t) => taskState.sort === 'failed' ? failed(t) : t[taskState.sort];
  rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (taskState.desc ? -1 : 1));
  document.querySelectorAll('#tasks th[data-col]').forEach((th) => {
    th.classList.toggle('sorted', th.dataset.col === taskState.sort);
    th.classList.toggle('desc', th.dataset.col === taskState.sort && taskState.desc);
  });
  $('task-count').textContent = `${rows.length} of ${r.task_rows.length} tasks`;
  $('tasks').tBodies[0].innerHTML = rows.map((t) => `<tr><td>${esc(t.task_id)}</td><td class="num">${t.samples}</td>
    <td class="num">${num(t.mean_reward)}</td><td class="num">${t.passed}</td><td class="bad">${counts(t.failures) === 'none' ? '' : counts(t.failures)}</td>
    <td>${t.rollouts.map((s) => `<a class="rollout-link" href="#/rollout/${encodeURIComponent(r.id)}/${s.sample}/${encodeURIComponent(t.task_id)}${scopeQuery(r.scope)}">#${s.sample}
      ${s.failure ? `<span class="bad">${esc(s.failure)}</span>` : num(s.reward, 2)}</a>`).join(' ')}</td></tr>`).join('');
}

// ---- one rollout ----
async function showRollout(run, sample, task, scope) {
  const r = await api('/api/rollout?' + new URLSearchParams({ run, task, sample, scope }));
  $('crumb').innerHTML = `<a href="#/run/${encodeURIComponent(run)}${scopeQuery(scope)}">${esc(run)}</a>${scope ? ' / ' + esc(scope) : ''} / ${esc(task)} #${sample}`;
  let html = `<h2 id="rollout-title">${esc(task)} · sample ${sample} · ${r.failure ? `<span class="bad">failed: ${esc(r.failure)}</span>` : 'reward ' + num(r.reward)}
    <span class="muted">${num(r.duration_ms / 1000, 2)} s</span></h2>`;
  if (r.failure_detail) html += `<pre class="bad">${esc(r.failure_detail)}</pre>`;
  html += '<h2>Trajectory</h2><div id="turns">';
  (r.trajectory.turns || []).forEach((t, i) => {
    html += `<div class="turn role-${esc(t.role)}"><div><b>turn ${i + 1} · ${esc(t.role)}</b> <span class="muted">finish ${esc(t.finish)}, ${t.usage?.prompt_tokens ?? 0} prompt + ${t.usage?.completion_tokens ?? 0} completion tokens${t.tokens ? ', token ids and logprobs recorded' : ''}</span></div>
      <details><summary class="muted">what it saw (${(t.observation || []).length} messages)</summary>${(t.observation || []).map((m) => `<div class="msg"><span class="who">${esc(m.role)}</span><pre>${esc(m.content)}</pre></div>`).join('')}</details>
      <div class="msg"><span class="who">${esc(t.role)} answered</span><pre>${esc(t.text)}</pre></div></div>`;
  });
  html += '</div><h2>Rewards</h2><div id="rewards">';
  for (const [role, rw] of Object.entries(r.rewards || {})) {
    html += `<h3>${esc(role)}: ${rw.failure ? `<span class="bad">${esc(rw.failure.type)}: ${esc(rw.failure.detail)}</span>` : num(rw.value)}</h3>
      <table class="components"><tr><th>component</th><th>value</th></tr>${Object.entries(rw.components || {}).map(([k, v]) => `<tr><td>${esc(k)}</td><td class="num">${num(v)}</td></tr>`).join('') ||
        '<tr><td colspan="2" class="muted">none (a single score)</td></tr>'}</table>
      ${diagnostics(rw.diagnostics || {})}`;
  }
  page().innerHTML = html + '</div>';
}

function diagnostics(d) {
  let html = '<h3>Diagnostics</h3><table class="diagnostics">';
  for (const [k, v] of Object.entries(d)) {
    if (k === 'tests' && Array.isArray(v)) {
      html += `<tr><td>tests</td><td><table>${v.map((t) => `<tr><td class="${t.status === 'passed' ? 'good' : 'bad'}">${esc(t.status)}</td><td>${esc(t.name)}</td><td>${esc(t.detail ?? '')}</td></tr>`).join('')}</table></td></tr>`;
    } else if (k === 'verdicts' && Array.isArray(v)) {
      const known = new Set(['criterion', 'title', 'weight', 'axis', 'verdict', 'score', 'source', 'failure', 'failure_detail']);
      html += `<tr><td>rubric verdicts</td><td><table class="verdicts"><tr><th>criterion</th><th>weight</th><th>verdict</th><th>score</th><th>the judge's words</th></tr>${
        v.map((t) => `<tr><td>${esc(t.criterion)}${t.title ? ' · ' + esc(t.title) : ''}</td><td class="num">${esc(t.weight)}</td>
          <td class="${t.failure ? 'bad' : ''}">${esc(t.verdict ?? t.failure ?? '')}</td><td class="num">${t.score === undefined ? '' : num(t.score, 2)}</td>
          <td>${esc(t.failure_detail ?? '')}${Object.entries(t).filter(([key]) => !known.has(key))
            .map(([key, val]) => `<div><span class="muted">${esc(key)}:</span> ${esc(typeof val === 'object' ? JSON.stringify(val) : val)}</div>`).join('')}</td></tr>`).join('')}</table></td></tr>`;
    } else {
      html += `<tr><td>${esc(k)}</td><td><pre>${esc(typeof v === 'object' ? JSON.stringify(v, null, 1) : v)}</pre></td></tr>`;
    }
  }
  return html + '</table>';
}

// ---- two runs ----
async function showCompare(a, b) {
  const c = await api('/api/compare?' + new URLSearchParams({ a, b }));
  $('crumb').textContent = `${a} vs ${b}`;
  const ci = c.mean_delta_ci95;
  let html = `<h2 id="compare-title">${esc(b)} − ${esc(a)}, per task</h2>
    <div class="cards"><div class="card">common tasks<b>${c.common_tasks}</b></div>
    <div class="card">mean delta<b id="mean-delta" class="${c.mean_delta > 0 ? 'good' : c.mean_delta < 0 ? 'bad' : ''}">${num(c.mean_delta)}</b>
    ${ci ? `<span class="muted" id="delta-ci">95% paired bootstrap [${num(ci[0])}, ${num(ci[1])}]</span>` : ''}</div>
    <div class="card">only in ${esc(a)}<b>${c.only_a}</b></div><div class="card">only in ${esc(b)}<b>${c.only_b}</b></div></div>
    <table id="deltas"><thead><tr><th>task</th><th>${esc(a)}</th><th>${esc(b)}</th><th>delta</th></tr></thead><tbody>`;
  c.rows.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || x.task_id.localeCompare(y.task_id)); // largest changes first
  for (const r of c.rows) {
    html += `<tr><td>${esc(r.task_id)}</td><td class="num">${num(r.a)}</td><td class="num">${num(r.b)}</td>
      <td class="num ${r.delta > 0 ? 'good' : r.delta < 0 ? 'bad' : ''}">${r.delta > 0 ? '+' : ''}${num(r.delta)}</td></tr>`;
  }
  page().innerHTML = html + '</tbody></table>';
}

async function route() {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').map(decodeURIComponent);
  const scope = new URLSearchParams(query || '').get('scope') || '';
  try {
    if (parts[0] === 'run') await showRun(parts[1], scope);
    else if (parts[0] === 'rollout') await showRollout(parts[1], parts[2], parts.slice(3).join('/'), scope);
    else if (parts[0] === 'compare') await showCompare(parts[1], parts[2]);
    else await showRuns();
  } catch (e) {
    page().innerHTML = `<p class="bad" id="error">${esc(e.message)}</p>`;
  }
}

window.addEventListener('hashchange', route);
route();
