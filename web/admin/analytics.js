// Balie analytics dashboard: plain JavaScript, Chart.js served locally. Every text that came
// from a customer is put on the page with textContent, never as HTML.
(() => {
  const $ = (id) => document.getElementById(id);
  const session = window.BalieSession;
  const i18n = window.BalieI18n;
  const { t, group, when } = i18n;
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
  const intentLabel = (name) => state.intents.find((i) => i.name === name)?.label[i18n.language] ?? name;
  /** A period of a chart ("2026-11-03") as a day in the agent's language ("3 Nov"); other labels as they are. */
  const periodLabel = (period) =>
    /^\d{4}-\d{2}-\d{2}$/.test(period)
      ? new Date(`${period}T12:00:00Z`).toLocaleDateString(i18n.language === 'nl' ? 'nl-NL' : 'en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' })
      : period;

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
        $('login-error').textContent = t('supervisorsOnly');
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
      $('login-error').textContent = t('supervisorsOnlyShort');
      return;
    }
    state.agent = me.agent;
    $('me').textContent = me.agent.name;
    const { items, timeZone } = await api('/api/analytics/intents');
    state.intents = items;
    // The filter's days are the shop's days (the server counts them in its time zone), not this browser's.
    if (timeZone && !state.filterTouched) {
      const shopDay = (date) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
      $('filter-to').value = shopDay(new Date());
      $('filter-from').value = shopDay(new Date(Date.now() - 29 * DAY_MS));
    }
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
  const minutes = (value) => (value === null ? '–' : t('min', { value: value.toFixed(1) }));
  const share = (value) => (value === null ? '–' : percent(value));
  const count = (value) => String(value);

  function renderDeskNow(live) {
    const tiles = [
      ['waiting', t('waitingNow'), String(live.waiting)],
      ['longest-wait', t('longestWait'), live.longestWaitMinutes === null ? '–' : t('min', { value: live.longestWaitMinutes })],
      ['agents-online', t('agentsOnline'), String(live.agentsOnline)],
      ['agents-busy', t('agentsBusy'), String(live.agentsBusy)],
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
    if (Math.abs(difference) < 1e-9) return t('noChange');
    const sign = difference > 0 ? '+' : '−';
    if (format === share) return sign + t('points', { value: Math.abs(difference * 100).toFixed(1) });
    if (format === minutes) return sign + t('min', { value: Math.abs(difference).toFixed(1) });
    return `${sign}${Math.abs(difference)}`;
  }

  function renderDesk(report) {
    renderDeskNow(report.live);
    const { current, previous } = report;
    const rows = [
      [t('rowHandoffs'), current.handoffs, previous.handoffs, count],
      [t('rowMedianWait'), current.medianWaitMinutes, previous.medianWaitMinutes, minutes],
      [t('rowP90Wait'), current.p90WaitMinutes, previous.p90WaitMinutes, minutes],
      [t('rowAbandoned'), current.abandonedRate, previous.abandonedRate, share],
      [t('rowFirstResponse'), current.medianFirstResponseMinutes, previous.medianFirstResponseMinutes, minutes],
      [t('rowHandle'), current.medianHandleMinutes, previous.medianHandleMinutes, minutes],
      [t('rowTicketsInTime'), current.ticketsAnsweredInTimeRate, previous.ticketsAnsweredInTimeRate, share],
      [t('rowAgentCes'), current.agentCes.average, previous.agentCes.average, (v) => (v === null ? '–' : v.toFixed(2))],
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
        .append(el('tr', {}, el('td', { colSpan: 5, text: t('noData') })));
    $('desk-sample-note').textContent = t('sampleNote', { count: report.minimumSample });
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
      ['conversations', t('kpiConversations'), String(summary.conversations)],
      ['containment', t('kpiContained'), rateOf(summary.containmentRate)],
      ['fcr', t('kpiFcr'), rateOf(summary.firstContactResolutionRate)],
      ['handoff', t('kpiHandoff'), rateOf(summary.handoffRate)],
      ['fallback', t('kpiFallback'), rateOf(summary.fallbackRate)],
      ['repeat', t('kpiRepeat'), rateOf(summary.repeatContactRate)],
      ['ces', t('kpiCes'), ces(summary.ces)],
      ['turns', t('kpiTurns'), summary.effort.averageTurnsToResolution === null ? '–' : summary.effort.averageTurnsToResolution.toFixed(1)],
    ];
    $('kpis').replaceChildren(
      ...tiles.map(([key, label, value]) => {
        const thin = key === 'ces' && summary.ces.responses > 0 && summary.ces.responses < MINIMUM_SAMPLE;
        return el(
          'div',
          { className: thin ? 'kpi thin' : 'kpi', 'data-kpi': key },
          el('div', { className: 'value', text: value }),
          el('div', { className: 'label', text: thin ? t('tooFew', { label }) : label }),
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
    // The caption's own words, without the hint beside them or the table button.
    const name = t(caption.dataset.i18n ?? caption.querySelector('[data-i18n]').dataset.i18n);
    canvas.setAttribute('aria-label', t(empty ? 'chartNoData' : 'chartWithTable', { name }));
    canvas.hidden = empty;
    let note = figure.querySelector('.no-data');
    if (!note) figure.append((note = el('p', { className: 'no-data muted' })));
    note.textContent = t('noData');
    note.hidden = !empty;
    let toggle = figure.querySelector('.show-table');
    if (!toggle) {
      toggle = el('button', { className: 'secondary show-table', type: 'button', 'aria-expanded': 'false', 'aria-controls': `${id}-table` });
      toggle.addEventListener('click', () => {
        const open = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', String(open));
        toggle.textContent = t(open ? 'hideTable' : 'showTable');
        $(`${id}-table`).hidden = !open;
      });
      caption.append(' ', toggle);
    }
    toggle.hidden = empty;
    toggle.textContent = t(toggle.getAttribute('aria-expanded') === 'true' ? 'hideTable' : 'showTable');
    figure.querySelector(`#${id}-table`)?.remove();
    const table = el('table', { id: `${id}-table`, className: 'chart-table' });
    table.hidden = toggle.getAttribute('aria-expanded') !== 'true';
    table.append(el('caption', { className: 'visually-hidden', text: name }));
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
        labels: series.overTime.map((p) => periodLabel(p.period)),
        datasets: [
          { label: t('cesAverage'), data: series.overTime.map((p) => p.average), borderColor: '#1f5fbf', spanGaps: true, yAxisID: 'y' },
          { label: t('responses'), type: 'bar', data: series.overTime.map((p) => p.responses), backgroundColor: '#c9d8f0', yAxisID: 'count' },
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
            label: t('responses'),
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
        labels: volume.items.map((p) => periodLabel(p.period)),
        datasets: [
          { label: t('kpiConversations'), data: volume.items.map((p) => p.conversations), backgroundColor: '#c9d8f0', yAxisID: 'count' },
          { label: t('containedPct'), type: 'line', data: volume.items.map((p) => p.containmentRate * 100), borderColor: '#2e7d46', yAxisID: 'rate' },
          { label: t('handoffPct'), type: 'line', data: volume.items.map((p) => p.handoffRate * 100), borderColor: '#c0392b', yAxisID: 'rate' },
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
      ...series.byResolution.map((r) => ({ label: t(r.group === 'bot_only' ? 'botOnly' : 'withPerson'), stats: r })),
      ...series.byChannel.map((c) => ({ label: t('channelLabel', { channel: c.channel }), stats: c })),
    ];
    chart('chart-ces-groups', {
      type: 'bar',
      data: {
        labels: groups.map((g) => g.label),
        datasets: [{ label: t('cesAverage'), data: groups.map((g) => g.stats.average), backgroundColor: '#1f5fbf' }],
      },
      options: { plugins: { legend: { display: false } }, scales: { y: { min: 0, max: 7 } } },
    });
    chart('chart-handoff-reasons', {
      type: 'doughnut',
      data: {
        labels: summary.handoffsByReason.map((r) => group('reasonNames')[r.reason] ?? r.reason.replace('_', ' ')),
        datasets: [
          {
            label: t('handoffs'),
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
          el('td', { text: i.intent === 'none' ? t('noTopic') : intentLabel(i.intent), title: i.intent }),
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
    const select = el('select', { 'aria-label': t('intent') });
    select.append(el('option', { value: 'none', text: t('outOfScope') }));
    const label = (intent) => intent.label[i18n.language] ?? intent.label.en;
    for (const intent of [...state.intents].sort((a, b) => label(a).localeCompare(label(b))))
      select.append(el('option', { value: intent.name, text: `${label(intent)} (${intent.name})` }));
    select.value = selected ?? 'none';
    return select;
  }

  function renderUnrecognised(groups) {
    const rows = groups.map((group) => {
      const text = el('input', { value: group.text, 'aria-label': t('exampleText') });
      const intent = intentSelect(group.suggestedIntent);
      const add = el('button', { type: 'button', text: t('addExample') });
      add.addEventListener('click', async () => {
        add.disabled = true;
        $('example-status').textContent = '';
        try {
          const result = await api('/api/analytics/examples', { method: 'POST', body: { intent: intent.value, language: group.language, text: text.value } });
          $('example-status').textContent = t('exampleAdded', {
            text: result.example.text,
            intent: intentLabel(result.example.intent),
            ms: result.training.ms,
          });
          await refresh();
        } catch (error) {
          $('example-status').textContent = error.message;
          add.disabled = false;
        }
      });
      const wrote = el('td', {}, el('div', { text: group.text }));
      if (group.variants.length > 0) wrote.append(el('div', { className: 'variants', text: t('also', { variants: group.variants.join(' · ') }) }));
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
      ...(rows.length ? rows : [el('tr', {}, el('td', { colspan: '4', className: 'muted', text: t('nothingUnrecognised') }))]),
    );
  }

  function renderExamples({ items, trends }) {
    const trendOf = (intent) => trends.find((t) => t.intent === intent);
    const rows = [...items].reverse().map((example) => {
      const trend = trendOf(example.intent);
      const remove = el('button', { type: 'button', className: 'secondary', text: t('remove') });
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
        el('td', { text: t('addedBy', { when: when(example.addedAt), who: example.addedBy }) }),
        el('td', { className: 'number', text: trend ? ces(trend.before) : '–' }),
        el('td', { className: 'number', text: trend ? ces(trend.after) : '–' }),
        el('td', {}, remove),
      );
    });
    $('examples').tBodies[0].replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: '7', className: 'muted', text: t('noExamples') }))]));
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
      ...(rows.length ? rows : [el('tr', {}, el('td', { colspan: '4', className: 'muted', text: t('notEnoughNext') }))]),
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
            t(c.resolvedBy === 'bot' ? 'byBot' : 'byAgent'),
            c.channel,
            c.language,
            c.intents.map(intentLabel).join(', ') || t('noTopicShort'),
            when(c.at),
          ].join(' · '),
        }),
      ),
    );
    $('comments').replaceChildren(...(list.length ? list : [el('li', { className: 'muted', text: t('noComments') })]));
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
    state.filterTouched = true;
    if ($('filter-from').value && $('filter-to').value) refresh();
  });
  $('filters').addEventListener('submit', (event) => event.preventDefault());

  // The page in the agent's language (the console's choice too; remembered in this browser).
  i18n.translatePage();
  $('kpis').setAttribute('aria-label', t('keyNumbers'));
  $('ui-language').addEventListener('change', () => {
    i18n.setLanguage($('ui-language').value);
    $('kpis').setAttribute('aria-label', t('keyNumbers'));
    if (state.agent) refresh();
  });

  // Logged in already in this browser (the console, another tab): no second login.
  session
    .restore()
    .then((me) => (me ? start(me) : ($('login-view').hidden = false)))
    .catch(() => ($('login-view').hidden = false));
})();
