// ARES curation UI: plain JS, no dependencies. State lives in the URL hash and a few variables.
const state = { filter: '', sort: 'path', desc: false, offset: 0, limit: 50, columns: [] };
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
const q = (o) => Object.entries(o).map(([k, v]) => k + '=' + encodeURIComponent(v)).join('&');

let token = null; // the server's write token (see LoopbackGuard), read once from this origin

async function api(path, options = {}) {
  if (options.method && options.method !== 'GET') {
    if (token === null) token = (await api('/api/token')).token;
    options = { ...options, headers: { ...(options.headers || {}), 'X-Lyceum-Token': token } };
  }
  const r = await fetch(path, options);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

function fmt(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' && !Number.isInteger(v)) return v.toFixed(3);
  return String(v);
}

async function loadList() {
  $('filter-error').textContent = '';
  try {
    const [stats, page] = await Promise.all([
      api('/api/stats?' + q({ filter: state.filter })),
      api('/api/episodes?' + q({ filter: state.filter, sort: state.sort, desc: state.desc, limit: state.limit, offset: state.offset })),
    ]);
    $('summary').textContent = `${stats.episodes} episodes, ${stats.frames} frames, ${stats.tasks} tasks`;
    $('datasets').innerHTML = '<table><tr><th>dataset</th><th>episodes</th><th>frames</th><th>tasks</th></tr>' +
      Object.entries(stats.datasets).map(([n, c]) => `<tr><td>${esc(n)}</td><td>${c.episodes}</td><td>${c.frames}</td><td>${c.tasks}</td></tr>`).join('') + '</table>';
    renderTable(page);
    loadDistribution();
    $('export-jsonl').href = '/api/export?' + q({ format: 'jsonl', filter: state.filter });
    $('export-parquet').href = '/api/export?' + q({ format: 'parquet', filter: state.filter });
  } catch (e) {
    $('filter-error').textContent = e.message;
  }
}

function renderTable(page) {
  $('episodes').tHead.innerHTML = '<tr>' + page.columns.map((c) =>
    `<th data-col="${c}" class="${c === state.sort ? 'sorted' + (state.desc ? ' desc' : '') : ''}">${c}</th>`).join('') + '</tr>';
  $('episodes').tBodies[0].innerHTML = page.rows.map((r) =>
    `<tr data-id="${r.id}">` + page.columns.map((c) => `<td>${esc(fmt(r[c]))}</td>`).join('') + '</tr>').join('');
  const last = Math.min(state.offset + state.limit, page.total);
  $('page').textContent = page.total ? `${state.offset + 1}–${last} of ${page.total}` : 'no episodes';
  $('prev').disabled = state.offset === 0;
  $('next').disabled = last >= page.total;
}

async function loadDistribution() {
  const column = $('dist-column').value || 'length';
  const buckets = await api('/api/distribution?' + q({ filter: state.filter, column }));
  if (!buckets.length) {
    $('dist').innerHTML = '<p class="hint">No values to chart. An empty store? Ingest episodes with<br>' +
      '<code>lyceum ares ingest --store STORE --format lerobot --path DATASET</code> (or <code>--format rollouts --path RUN_DIR</code>).</p>';
    return;
  }
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const w = 360, rowH = 16, labelW = 170, countW = 70; // room for the longest count after the longest bar
  $('dist').innerHTML = `<svg width="${labelW + w + countW}" height="${buckets.length * rowH + 4}">` + buckets.map((b, i) =>
    `<text x="0" y="${i * rowH + 12}"><title>${esc(b.label)}</title>${esc(b.label.length > 26 ? b.label.slice(0, 25) + '…' : b.label)}</text>` +
    `<rect class="bar" x="${labelW}" y="${i * rowH + 2}" width="${(b.count / max) * w}" height="${rowH - 4}"></rect>` +
    `<text x="${labelW + 5 + (b.count / max) * w}" y="${i * rowH + 12}">${b.count}</text>`).join('') + '</svg>';
}

function plot(series, label) {
  const w = 220, h = 90, n = series.length;
  const finite = series.filter(Number.isFinite);
  const lo = Math.min(...finite), hi = Math.max(...finite), span = hi - lo || 1;
  const pts = series.map((v, i) => `${(i / Math.max(1, n - 1)) * (w - 10) + 5},${h - 15 - ((v - lo) / span) * (h - 25)}`).join(' ');
  return `<svg class="plot" width="${w}" height="${h}"><text x="4" y="10">${esc(label)} [${fmt(lo)}, ${fmt(hi)}]</text>` +
    `<polyline fill="none" stroke="#3366cc" stroke-width="1.2" points="${pts}"></polyline></svg>`;
}

async function loadSummary() {
  const stats = await api('/api/stats?' + q({ filter: '' }));
  $('summary').textContent = stats.episodes ? `${stats.episodes} episodes, ${stats.frames} frames, ${stats.tasks} tasks`
    : 'empty store: ingest episodes with lyceum ares ingest';
}

async function loadEpisode(id) {
  if ($('summary').textContent === 'loading…') loadSummary();
  const e = await api('/api/episodes/' + id);
  $('episode-title').textContent = `${e.row.dataset_name} / ${e.row.path}`;
  $('episode-meta').innerHTML = Object.entries(e.row).filter(([, v]) => v !== null)
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(fmt(v))}</td></tr>`).join('');
  // labelled with the dataset's joint names when its info.json gives them
  $('plots').innerHTML = e.states.map((s, j) => plot(s, e.state_names[j] || 'state ' + j)).join('') +
    e.actions.map((s, j) => plot(s, e.action_names[j] || 'action ' + j)).join('');
  renderTags(e.tags);
  $('annotations').tBodies[0].innerHTML = e.annotations.map((a) =>
    `<tr><td>${esc(a.annotator)}</td><td>${esc(a.model || '—')}</td><td>${esc(a.promptVersion)}</td><td>${esc(a.createdAt)}</td>` +
    `<td>${esc(Object.entries(a.fields).map(([k, v]) => k + '=' + fmt(v)).join(', '))}</td></tr>`).join('');
  $('turns').hidden = !e.turns;
  $('turns').textContent = e.turns || '';
  loadSimilar(id);
}

async function loadSimilar(id) {
  const list = await api(`/api/episodes/${id}/similar?` + q({ by: $('similar-by').value, k: 10 }));
  $('similar').innerHTML = list.map((m) =>
    `<li><a href="#/episode/${m.id}">${esc(m.dataset_name)} / ${esc(m.path)}</a> — ${esc(m.task_language_instruction)} <small>d=${fmt(m.distance)}</small></li>`).join('');
}

function renderTags(tags) {
  $('tags').innerHTML = tags.map((t) => `<span class="tag">${esc(t)}</span>`).join('') || '<i>none</i>';
}

function route() {
  const m = location.hash.match(/^#\/episode\/([0-9a-f-]+)/);
  $('list-view').hidden = !!m;
  $('episode-view').hidden = !m;
  if (m) loadEpisode(m[1]); else loadList();
}

async function init() {
  const columns = await api('/api/columns');
  $('dist-column').innerHTML = columns.map((c) => `<option ${c.name === 'length' ? 'selected' : ''}>${c.name}</option>`).join('');
  $('dist-column').addEventListener('change', loadDistribution);
  $('filter-form').addEventListener('submit', (ev) => { ev.preventDefault(); state.filter = $('filter').value; state.offset = 0; loadList(); });
  $('episodes').tHead.addEventListener('click', (ev) => {
    const col = ev.target.dataset.col; if (!col) return;
    state.desc = state.sort === col ? !state.desc : false; state.sort = col; loadList();
  });
  $('episodes').tBodies[0].addEventListener('click', (ev) => {
    const tr = ev.target.closest('tr'); if (tr) location.hash = '#/episode/' + tr.dataset.id;
  });
  $('prev').addEventListener('click', () => { state.offset = Math.max(0, state.offset - state.limit); loadList(); });
  $('next').addEventListener('click', () => { state.offset += state.limit; loadList(); });
  $('tag-all').addEventListener('click', async () => {
    const r = await api('/api/tag?' + q({ filter: state.filter, tag: $('tag-all-input').value }), { method: 'POST' });
    $('action-result').textContent = `tagged ${r.tagged}`;
  });
  $('export-lerobot').addEventListener('click', async () => {
    try {
      const r = await api('/api/export?' + q({ format: 'lerobot', filter: state.filter }), { method: 'POST' });
      $('action-result').textContent = `exported ${r.episodes} episodes (${r.frames} frames) to ${r.path}`;
    } catch (e) { $('action-result').textContent = e.message; }
  });
  $('add-tag').addEventListener('click', async () => {
    const id = location.hash.split('/')[2];
    renderTags(await api(`/api/episodes/${id}/tags?` + q({ tag: $('tag-input').value }), { method: 'POST' }));
  });
  $('similar-by').addEventListener('change', () => loadSimilar(location.hash.split('/')[2]));
  window.addEventListener('hashchange', route);
  route();
}

init();
