// Balie analytics dashboard: plain JavaScript, Chart.js served locally. Every text that came
// from a customer is put on the page with textContent, never as HTML.
(() => {
  const $ = (id) => document.getElementById(id);
  const session = window.BalieSession;
  const state = { agent: null, intents: [], charts: {} };
  const DAY_MS = 24 * 60 * 60 * 1000;

  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === 'className') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child);
    return node;
  };
  const percent = (rate) => `${(rate * 100).toFixed(1)}%`;
  /** Below this many answers an effort average is greyed out (docs/ANALYTICS.md). */
  const MINIMUM_SAMPLE = 5;
  const ces = (stats) => (stats.average === null ? '–' : `${stats.average.toFixed(2)} (${stats.responses})`);
  const localDay = (date) => {
    const d = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
    return d.toISOString().slice(0, 10);
  };
  const intentLabel = (name) => state.intents.find((i) => i.name === name)?.label.en ?? name;

  const api = (path, options) => session.request(path, options);

  function filterQuery() {
    const params = new URLSearchParams({ from: $('filter-from').value, to: $('filter-to').value, interval: $('filter-interval').value });
    if ($('filter-channel').value) params.set('channel', $('filter-channel').value);
    if ($('filter-language').value) params.set('language', $('filter-language').value);
    return params.toString();
  }

  // ---- login ----
  $('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('login-error').textContent = '';
    try {
      const data = await session.login($('login-username').value, $('login-password').value);
      if (data.agent.role !== 'supervisor') {
        session.logout();
        $('login-error').textContent = 'Analytics are for supervisors; ask one to give your account that role.';
        return;
      }
      await start();
    } catch (error) {
      $('login-error').textContent = error.message;
    }
  });

  session.onLogout = () => {
    $('dashboard-view').hidden = true;
    $('login-view').hidden = false;
  };
  $('logout').addEventListener('click', () => session.logout());

  async function start(restored) {
    const me = restored ?? (await api('/api/agent/me'));
    if (me.agent.role !== 'supervisor') {
      // An agent logged in to the console stays logged in there; a supervisor may log in here instead.
      if (!restored) session.logout();
      $('login-view').hidden = false;
      $('login-error').textContent = 'Analytics are for supervisors.';
      return;
    }
    state.agent = me.agent;
    $('me').textContent = me.agent.name;
    state.intents = (await api('/api/analytics/intents')).items;
    $('login-view').hidden = true;
    $('dashboard-view').hidden = false;
    await refresh();
  }

  // ---- loading ----
  let loading = 0;
  async function refresh() {
    const ticket = ++loading;
    $('dashboard-error').textContent = '';
    try {
      const query = filterQuery();
      const [summary, series, unrecognised, next, comments, examples] = await Promise.all([
        api(`/api/analytics/summary?${query}`),
        api(`/api/analytics/ces?${query}`),
        api(`/api/analytics/unrecognised?${query}`),
        api(`/api/analytics/next-questions?${query}`),
        api(`/api/analytics/comments?${query}`),
        api(`/api/analytics/examples?${query}`),
      ]);
      const [volume, operations] = await Promise.all([api(`/api/analytics/timeseries?${query}`), api(`/api/analytics/operations?${query}`)]);
      if (ticket !== loading) return; // a newer filter won
      renderDesk(operations);
      renderKpis(summary);
      renderChannels(summary);
      renderCharts(summary, series, volume);
      renderIntents(summary);
      renderUnrecognised(unrecognised.items);
      renderExamples(examples);
      renderNextQuestions(next.items);
      renderComments(comments.items);
      document.body.dataset.loaded = String(Date.now());
    } catch (error) {
      if (error.status !== 401) $('dashboard-error').textContent = error.message;
    }
  }

  // ---- the service desk: now, and this period against the one before ----
  const minutes = (value) => (value === null ? '–' : `${value.toFixed(1)} min`);
  const share = (value) => (value === null ? '–' : percent(value));
  const count = (value) => String(value);

  function renderDeskNow(live) {
    const tiles = [
      ['waiting', 'Waiting now', String(live.waiting)],
      ['longest-wait', 'Longest wait', live.longestWaitMinutes === null ? '–' : `${live.longestWaitMinutes} min`],
      ['agents-online', 'Agents online', String(live.agentsOnline)],
      ['agents-busy', 'Agents in a conversation', String(live.agentsBusy)],
    ];
    $('desk-now').replaceChildren(
      ...tiles.map(([key, label, value]) =>
        el('div', { className: 'kpi', 'data-live': key }, el('div', { className: 'value', text: value }), el('div', { className: 'label', text: label })),
      ),
    );
  }

  /** The change against the period before, as a word a lead reads at a glance ("+12%", "−1.5 min"); "–" without both. */
  function change(now, before, format) {
    if (now === null || before === null || now === undefined || before === undefined) return '–';
    const difference = now - before;
    if (Math.abs(difference) < 1e-9) return 'no change';
    const sign = difference > 0 ? '+' : '−';
    if (format === share) return `${sign}${Math.abs(difference * 100).toFixed(1)} points`;
    if (format === minutes) return `${sign}${Math.abs(difference).toFixed(1)} min`;
    return `${sign}${Math.abs(difference)}`;
  }

  function renderDesk(report) {
    renderDeskNow(report.live);
    const { current, previous } = report;
    const rows = [
      ['Handoffs (live and tickets)', current.handoffs, previous.handoffs, count],
      ['Median wait in the queue', current.medianWaitMinutes, previous.medianWaitMinutes, minutes],
      ['90% waited at most', current.p90WaitMinutes, previous.p90WaitMinutes, minutes],
      ['Left the queue before an agent came', current.abandonedRate, previous.abandonedRate, share],
      ['Median first response', current.medianFirstResponseMinutes, previous.medianFirstResponseMinutes, minutes],
      ['Median handle time', current.medianHandleMinutes, previous.medianHandleMinutes, minutes],
      ['Tickets answered within their promise', current.ticketsAnsweredInTimeRate, previous.ticketsAnsweredInTimeRate, share],
      ['CES of the agents’ part', current.agentCes.average, previous.agentCes.average, (v) => (v === null ? '–' : v.toFixed(2))],
    ];
    $('desk-empty').hidden = current.handoffs > 0;
    $('desk-period')
      .querySelector('tbody')
      .replaceChildren(
        ...rows.map(([label, now, before, format]) =>
          el(
            'tr',
            {},
            el('th', { scope: 'row', text: label }),
            el('td', { text: format(now) }),
            el('td', { text: format(before) }),
            el('td', { text: change(now, before, format) }),
          ),
        ),
      );
    $('desk-agents')
      .querySelector('tbody')
      .replaceChildren(
        ...report.perAgent.map((agent) =>
          el(
            'tr',
            {},
            el('th', { scope: 'row', text: agent.name }),
            el('td', { text: String(agent.handoffs) }),
            el('td', { text: minutes(agent.medianFirstResponseMinutes) }),
            el('td', { text: minutes(agent.medianHandleMinutes) }),
            el('td', {
              className: agent.ces.enough ? '' : 'thin',
              text: agent.ces.average === null ? '–' : `${agent.ces.average.toFixed(2)} (${agent.ces.responses})`,
            }),
          ),
        ),
      );
    if (report.perAgent.length === 0)
      $('desk-agents')
        .querySelector('tbody')
        .append(el('tr', {}, el('td', { colSpan: 5, text: 'No data in this period.' })));
    $('desk-sample-note').textContent = `Greyed out: fewer than ${report.minimumSample} answers, too few to go by.`;
  }

  // The desk now, every 10 seconds while the page is open.
  setInterval(async () => {
    if ($('dashboard-view').hidden || document.hidden) return;
    try {
      renderDeskNow((await api(`/api/analytics/operations?${filterQuery()}`)).live);
    } catch {
      // The next round tries again; a logout shows the login.
    }
  }, 10_000);

  function renderKpis(summary) {
    // No conversations: no rates either ("–", not "0.0%").
    const rateOf = (value) => (summary.conversations === 0 ? '–' : percent(value));
    const tiles = [
      ['conversations', 'Conversations', String(summary.conversations)],
      ['containment', 'Contained (no person, no repeat in 7 days)', rateOf(summary.containmentRate)],
      ['fcr', 'First-contact resolution', rateOf(summary.firstContactResolutionRate)],
      ['handoff', 'Handed to a person', rateOf(summary.handoffRate)],
      ['fallback', 'Messages not understood', rateOf(summary.fallbackRate)],
      ['repeat', 'Repeat contacts', rateOf(summary.repeatContactRate)],
      ['ces', 'CES average (responses)', ces(summary.ces)],
      ['turns', 'Customer turns to resolution', summary.effort.averageTurnsToResolution === null ? '–' : summary.effort.averageTurnsToResolution.toFixed(1)],
    ];
    $('kpis').replaceChildren(
      ...tiles.map(([key, label, value]) => {
        const thin = key === 'ces' && summary.ces.responses > 0 && summary.ces.responses < MINIMUM_SAMPLE;
        return el(
          'div',
          { className: thin ? 'kpi thin' : 'kpi', 'data-kpi': key },
          el('div', { className: 'value', text: value }),
          el('div', { className: 'label', text: thin ? `${label}: too few answers to go by` : label }),
        );
      }),
    );
  }

  function renderChannels(summary) {
    const select = $('filter-channel');
    const known = new Set([...select.options].map((o) => o.value));
    for (const { channel } of summary.byChannel) if (!known.has(channel)) select.append(el('option', { value: channel, text: channel }));
  }

  /**
   * A chart with an accessible name (its caption) and the same numbers as a table behind "Show as
   * table"; a period without data says so instead of drawing empty axes.
   */
  function chart(id, config) {
    state.charts[id]?.destroy();
    const canvas = $(id);
    const figure = canvas.closest('figure');
    const caption = figure.querySelector('figcaption');
    const values = config.data.datasets.flatMap((d) => d.data).filter((v) => v !== null && v !== undefined && v !== 0);
    const empty = values.length === 0;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute(
      'aria-label',
      `${caption.firstChild.textContent.trim()}${empty ? ': no data in this period' : ' (the numbers are in the table behind "Show as table")'}`,
    );
    canvas.hidden = empty;
    let note = figure.querySelector('.no-data');
    if (!note) figure.append((note = el('p', { className: 'no-data muted', text: 'No data in this period.' })));
    note.hidden = !empty;
    let toggle = figure.querySelector('.show-table');
    if (!toggle) {
      toggle = el('button', { className: 'secondary show-table', type: 'button', 'aria-expanded': 'false', 'aria-controls': `${id}-table` });
      toggle.textContent = 'Show as table';
      toggle.addEventListener('click', () => {
        const open = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', String(open));
        toggle.textContent = open ? 'Hide table' : 'Show as table';
        $(`${id}-table`).hidden = !open;
      });
      caption.append(' ', toggle);
    }
    toggle.hidden = empty;
    figure.querySelector(`#${id}-table`)?.remove();
    const table = el('table', { id: `${id}-table`, className: 'chart-table' });
    table.hidden = toggle.getAttribute('aria-expanded') !== 'true';
    table.append(el('caption', { className: 'visually-hidden', text: caption.firstChild.textContent.trim() }));
    table.append(
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: '' }), ...config.data.datasets.map((d) => el('th', { scope: 'col', text: d.label ?? '' })))),
    );
    table.append(
      el(
        'tbody',
        {},
        ...config.data.labels.map((label, i) =>
          el(
            'tr',
            {},
            el('th', { scope: 'row', text: String(label) }),
            ...config.data.datasets.map((d) => el('td', { className: 'number', text: tableValue(d.data[i]) })),
          ),
        ),
      ),
    );
    figure.append(table);
    if (!empty)
      state.charts[id] = new Chart(canvas, { ...config, options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options } });
    else delete state.charts[id];
  }

  const tableValue = (value) => (value === null || value === undefined ? '–' : Number.isInteger(value) ? String(value) : value.toFixed(2));

  function renderCharts(summary, series, volume) {
    chart('chart-ces-time', {
      type: 'line',
      data: {
        labels: series.overTime.map((p) => p.period),
        datasets: [
          { label: 'CES average', data: series.overTime.map((p) => p.average), borderColor: '#1f5fbf', spanGaps: true, yAxisID: 'y' },
          { label: 'Responses', type: 'bar', data: series.overTime.map((p) => p.responses), backgroundColor: '#c9d8f0', yAxisID: 'count' },
        ],
      },
      options: {
        scales: {
          y: { min: 1, max: 7, position: 'left' },
          count: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false }, ticks: { precision: 0 } },
        },
      },
    });
    chart('chart-ces-distribution', {
      type: 'bar',
      data: {
        labels: ['1', '2', '3', '4', '5', '6', '7'],
        datasets: [
          {
            label: 'Responses',
            data: summary.ces.distribution,
            backgroundColor: ['#c0392b', '#d35400', '#e67e22', '#bdc3c7', '#7fb77e', '#4c9a5b', '#2e7d46'],
          },
        ],
      },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    chart('chart-volume', {
      type: 'bar',
      data: {
        labels: volume.items.map((p) => p.period),
        datasets: [
          { label: 'Conversations', data: volume.items.map((p) => p.conversations), backgroundColor: '#c9d8f0', yAxisID: 'count' },
          { label: 'Contained %', type: 'line', data: volume.items.map((p) => p.containmentRate * 100), borderColor: '#2e7d46', yAxisID: 'rate' },
          { label: 'Handoff %', type: 'line', data: volume.items.map((p) => p.handoffRate * 100), borderColor: '#c0392b', yAxisID: 'rate' },
        ],
      },
      options: {
        scales: {
          count: { beginAtZero: true, position: 'left', ticks: { precision: 0 } },
          rate: { min: 0, max: 100, position: 'right', grid: { drawOnChartArea: false } },
        },
      },
    });
    const groups = [
      ...series.byResolution.map((r) => ({ label: r.group === 'bot_only' ? 'Bot only' : 'With a person', stats: r })),
      ...series.byChannel.map((c) => ({ label: `Channel: ${c.channel}`, stats: c })),
    ];
    chart('chart-ces-groups', {
      type: 'bar',
      data: { labels: groups.map((g) => g.label), datasets: [{ label: 'CES average', data: groups.map((g) => g.stats.average), backgroundColor: '#1f5fbf' }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { min: 0, max: 7 } } },
    });
    chart('chart-handoff-reasons', {
      type: 'doughnut',
      data: {
        labels: summary.handoffsByReason.map((r) => r.reason.replace('_', ' ')),
        datasets: [
          {
            label: 'Handoffs',
            data: summary.handoffsByReason.map((r) => r.conversations),
            backgroundColor: ['#1f5fbf', '#e67e22', '#c0392b', '#8e44ad', '#16a085'],
          },
        ],
      },
    });
  }

  function renderIntents(summary) {
    $('by-intent').tBodies[0].replaceChildren(
      ...summary.byIntent.map((i) =>
        el(
          'tr',
          {},
          el('td', { text: i.intent === 'none' ? '(no topic recognised)' : intentLabel(i.intent), title: i.intent }),
          el('td', { className: 'number', text: String(i.conversations) }),
          el('td', { className: 'number', text: percent(i.containmentRate) }),
          el('td', { className: 'number', text: percent(i.handoffRate) }),
          el('td', { className: 'number', text: percent(i.fallbackRate) }),
          el('td', { className: i.ces.responses > 0 && i.ces.responses < MINIMUM_SAMPLE ? 'number thin' : 'number', text: ces(i.ces) }),
          el('td', { className: 'number', text: String(i.helpful) }),
          el('td', { className: 'number', text: String(i.notHelpful) }),
        ),
      ),
    );
  }

  function intentSelect(selected) {
    const select = el('select', { 'aria-label': 'Intent' });
    select.append(el('option', { value: 'none', text: 'Out of scope (none)' }));
    for (const intent of [...state.intents].sort((a, b) => a.label.en.localeCompare(b.label.en)))
      select.append(el('option', { value: intent.name, text: `${intent.label.en} (${intent.name})` }));
    select.value = selected ?? 'none';
    return select;
  }

  function renderUnrecognised(groups) {
    const rows = groups.map((group) => {
      const text = el('input', { value: group.text, 'aria-label': 'Example text' });
      const intent = intentSelect(group.suggestedIntent);
      const add = el('button', { type: 'button', text: 'Add example' });
      add.addEventListener('click', async () => {
        add.disabled = true;
        $('example-status').textContent = '';
        try {
          const result = await api('/api/analytics/examples', { method: 'POST', body: { intent: intent.value, language: group.language, text: text.value } });
          $('example-status').textContent =
            `Added "${result.example.text}" to ${intentLabel(result.example.intent)}; the model was retrained in ${result.training.ms} ms.`;
          await refresh();
        } catch (error) {
          $('example-status').textContent = error.message;
          add.disabled = false;
        }
      });
      const wrote = el('td', {}, el('div', { text: group.text }));
      if (group.variants.length > 0) wrote.append(el('div', { className: 'variants', text: `also: ${group.variants.join(' · ')}` }));
      return el(
        'tr',
        {},
        el('td', { className: 'number', text: String(group.count) }),
        wrote,
        el('td', { text: group.language }),
        el('td', {}, el('div', { className: 'add-example' }, text, intent, add)),
      );
    });
    $('unrecognised').tBodies[0].replaceChildren(
      ...(rows.length ? rows : [el('tr', {}, el('td', { colspan: '4', className: 'muted', text: 'Nothing unrecognised in this period.' }))]),
    );
  }

  function renderExamples({ items, trends }) {
    const trendOf = (intent) => trends.find((t) => t.intent === intent);
    const rows = [...items].reverse().map((example) => {
      const trend = trendOf(example.intent);
      const remove = el('button', { type: 'button', className: 'secondary', text: 'Remove' });
      remove.addEventListener('click', async () => {
        remove.disabled = true;
        try {
          await api(`/api/analytics/examples/${example.id}`, { method: 'DELETE' });
          await refresh();
        } catch (error) {
          $('example-status').textContent = error.message;
          remove.disabled = false;
        }
      });
      return el(
        'tr',
        {},
        el('td', { text: intentLabel(example.intent) }),
        el('td', { text: example.language }),
        el('td', { text: example.text }),
        el('td', { text: `${new Date(example.addedAt).toLocaleString()} by ${example.addedBy}` }),
        el('td', { className: 'number', text: trend ? ces(trend.before) : '–' }),
        el('td', { className: 'number', text: trend ? ces(trend.after) : '–' }),
        el('td', {}, remove),
      );
    });
    $('examples').tBodies[0].replaceChildren(
      ...(rows.length ? rows : [el('tr', {}, el('td', { colspan: '7', className: 'muted', text: 'No examples added from the dashboard yet.' }))]),
    );
  }

  function renderNextQuestions(items) {
    const rows = items.map((q) =>
      el(
        'tr',
        {},
        el('td', { text: intentLabel(q.intent) }),
        el('td', { text: q.configured.map(intentLabel).join(', ') || '–' }),
        el('td', { text: q.learned.map(intentLabel).join(', ') || '–' }),
        el('td', {
          text: q.next
            .slice(0, 3)
            .map((n) => `${intentLabel(n.intent)} (${n.count})`)
            .join(', '),
        }),
      ),
    );
    $('next-questions').tBodies[0].replaceChildren(
      ...(rows.length ? rows : [el('tr', {}, el('td', { colspan: '4', className: 'muted', text: 'Not enough conversations with a second question yet.' }))]),
    );
  }

  function renderComments(items) {
    const list = items.map((c) =>
      el(
        'li',
        {},
        el('div', { text: c.comment }),
        el('div', {
          className: 'meta',
          text: [
            `CES ${c.score}`,
            c.resolvedBy === 'bot' ? 'bot' : 'agent',
            c.channel,
            c.language,
            c.intents.map(intentLabel).join(', ') || 'no topic',
            new Date(c.at).toLocaleString(),
          ].join(' · '),
        }),
      ),
    );
    $('comments').replaceChildren(...(list.length ? list : [el('li', { className: 'muted', text: 'No comments in this period.' })]));
  }

  // ---- export ----
  $('export').addEventListener('click', async () => {
    try {
      const response = await api(`/api/analytics/conversations.csv?${filterQuery()}`, { raw: true });
      const name = /filename="?([^";]+)"?/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'balie-conversations.csv';
      const url = URL.createObjectURL(await response.blob());
      const link = el('a', { href: url, download: name });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      $('dashboard-error').textContent = error.message;
    }
  });

  // ---- filters ----
  const today = new Date();
  $('filter-to').value = localDay(today);
  $('filter-from').value = localDay(new Date(today.getTime() - 29 * DAY_MS));
  $('filters').addEventListener('change', () => {
    if ($('filter-from').value && $('filter-to').value) refresh();
  });
  $('filters').addEventListener('submit', (event) => event.preventDefault());

  // Logged in already in this browser (the console, another tab): no second login.
  session
    .restore()
    .then((me) => (me ? start(me) : ($('login-view').hidden = false)))
    .catch(() => ($('login-view').hidden = false));
})();
