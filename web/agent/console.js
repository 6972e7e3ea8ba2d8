// Balie agent console. Plain browser JavaScript, no build step.
// Every piece of customer or agent text is put on the page with textContent, never as HTML.
(() => {
  'use strict';

  const CANNED = {
    nl: [
      'Hallo, ik help je verder. Ik heb ons gesprek met de assistent gelezen.',
      'Ik kijk het even voor je na, een momentje.',
      'Ik heb het voor je geregeld. Je krijgt ook een bevestiging per e-mail.',
      'Kan ik je verder nog ergens mee helpen?',
    ],
    en: [
      "Hello, I'm taking over. I've read your conversation with the assistant.",
      'Let me check that for you, one moment.',
      "I've sorted it out for you. You'll also get a confirmation by email.",
      'Is there anything else I can help you with?',
    ],
  };
  const REASONS = {
    customer_request: 'Customer asked for a person',
    bot_failed: 'Bot did not understand twice',
    frustration: 'Customer getting frustrated',
    complaint: 'Complaint',
    needs_human: 'Needs a person',
  };

  const $ = (id) => document.getElementById(id);
  const session = window.BalieSession;
  const state = { agent: null, selected: null, stream: null, detail: null };

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  const api = (method, path, body) => session.request(path, { method, body });

  // --- login -------------------------------------------------------------------------
  $('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('login-error').textContent = '';
    try {
      await session.login($('login-username').value, $('login-password').value);
      $('login-password').value = '';
      await start();
    } catch (error) {
      $('login-error').textContent = error.message;
    }
  });

  session.onLogout = () => {
    if (state.stream) state.stream.close();
    $('console-view').hidden = true;
    $('login-view').hidden = false;
  };
  $('logout').addEventListener('click', () => session.logout());

  // --- account: own password; supervisors manage every account ----------------------
  $('account').addEventListener('click', async () => {
    $('password-message').textContent = '';
    $('accounts-message').textContent = '';
    $('accounts-admin').hidden = state.agent?.role !== 'supervisor';
    if (state.agent?.role === 'supervisor') {
      await loadAccounts().catch((error) => ($('accounts-message').textContent = error.message));
      await loadAudit().catch(() => {});
    }
    $('account-dialog').showModal();
  });

  $('password-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api('POST', '/api/agent/password', { currentPassword: $('current-password').value, newPassword: $('new-password').value });
      $('current-password').value = '';
      $('new-password').value = '';
      $('account-dialog').close();
      // Every session of this account has ended: log in again with the new password.
      session.logout();
      $('login-error').textContent = 'Password changed. Log in with your new password.';
    } catch (error) {
      $('password-message').textContent = error.message;
    }
  });

  async function loadAccounts() {
    const { items } = await api('GET', '/api/agent/accounts');
    const body = $('accounts');
    body.replaceChildren();
    for (const account of items) {
      const row = el('tr');
      row.dataset.username = account.username;
      row.appendChild(el('td', null, account.username));
      row.appendChild(el('td', null, account.name));
      const roleCell = el('td');
      const role = el('select');
      role.setAttribute('aria-label', `Role of ${account.username}`);
      for (const value of ['agent', 'supervisor']) {
        const option = el('option', null, value === 'agent' ? 'Agent' : 'Supervisor');
        option.value = value;
        option.selected = account.role === value;
        role.appendChild(option);
      }
      role.addEventListener('change', () =>
        accountAction(`/api/agent/accounts/${account.id}/role`, { role: role.value }, `${account.username} is now ${role.value}.`),
      );
      roleCell.appendChild(role);
      row.appendChild(roleCell);
      const accessCell = el('td');
      const toggle = el('button', 'secondary', account.disabledAt ? 'Enable' : 'Disable');
      toggle.type = 'button';
      toggle.setAttribute('aria-label', `${account.disabledAt ? 'Enable' : 'Disable'} ${account.username}`);
      toggle.addEventListener('click', () =>
        accountAction(
          `/api/agent/accounts/${account.id}/disabled`,
          { disabled: !account.disabledAt },
          account.disabledAt ? `${account.username} may log in again.` : `${account.username} is disabled.`,
        ),
      );
      accessCell.appendChild(toggle);
      row.appendChild(accessCell);
      const resetCell = el('td');
      const resetForm = el('form', 'inline');
      const input = el('input');
      input.type = 'password';
      input.minLength = 8;
      input.required = true;
      input.autocomplete = 'new-password';
      input.setAttribute('aria-label', `New password for ${account.username}`);
      const reset = el('button', 'secondary', 'Set');
      resetForm.append(input, reset);
      resetForm.addEventListener('submit', (event) => {
        event.preventDefault();
        accountAction(`/api/agent/accounts/${account.id}/password`, { password: input.value }, `New password set for ${account.username}.`);
      });
      resetCell.appendChild(resetForm);
      row.appendChild(resetCell);
      body.appendChild(row);
    }
  }

  async function loadAudit() {
    const [{ items }, { items: accounts }] = await Promise.all([api('GET', '/api/agent/audit'), api('GET', '/api/agent/accounts')]);
    const names = new Map(accounts.map((a) => [`agent:${a.id}`, a.username]));
    const body = $('audit');
    body.replaceChildren();
    for (const entry of items.slice(0, 50)) {
      const row = el('tr');
      row.appendChild(el('td', null, new Date(entry.at).toLocaleString()));
      row.appendChild(el('td', null, names.get(entry.actor) ?? entry.actor));
      row.appendChild(el('td', null, entry.detail ? `${entry.action} (${entry.detail})` : entry.action));
      row.appendChild(el('td', null, names.get(entry.subject) ?? entry.subject));
      body.appendChild(row);
    }
  }

  async function accountAction(path, body, done) {
    try {
      await api('POST', path, body);
      $('accounts-message').textContent = done;
    } catch (error) {
      $('accounts-message').textContent = error.message;
    }
    await loadAccounts().catch(() => {});
  }

  $('status').addEventListener('change', async () => {
    await api('POST', '/api/agent/status', { status: $('status').value }).catch(showError);
  });

  // --- lists -------------------------------------------------------------------------
  function minutesSince(iso) {
    return Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 60000));
  }

  function listItem(item, lines) {
    const li = el('li');
    li.dataset.conversationId = item.conversationId;
    if (state.selected === item.conversationId) li.classList.add('selected');
    for (const line of lines) li.appendChild(line);
    li.addEventListener('click', () => select(item.conversationId));
    return li;
  }

  function headLine(item, extra) {
    const line = el('div', 'line');
    line.appendChild(el('strong', null, item.reference));
    if (item.priority > 0) line.appendChild(el('span', 'badge high', 'priority'));
    line.appendChild(el('span', 'badge', item.language.toUpperCase()));
    line.appendChild(el('span', 'badge', item.channel));
    line.appendChild(el('span', 'muted', extra));
    return line;
  }

  async function refreshLists() {
    const [queue, active, tickets] = await Promise.all([api('GET', '/api/agent/queue'), api('GET', '/api/agent/active'), api('GET', '/api/agent/tickets')]);
    $('queue-count').textContent = `(${queue.items.length})`;
    $('ticket-count').textContent = `(${tickets.items.length})`;
    $('availability').textContent = `${queue.agentsOnline} agent(s) online`;
    $('queue').replaceChildren(
      ...queue.items.map((item) =>
        listItem(item, [
          headLine(item, `#${item.position} · waiting ${item.waitingMinutes} min`),
          el('div', 'muted', REASONS[item.reason] || item.reason),
          el('div', 'snippet', item.summary),
        ]),
      ),
    );
    if (queue.items.length === 0) $('queue').appendChild(el('li', 'muted', 'Nobody is waiting.'));
    $('active').replaceChildren(...active.items.map((item) => listItem(item, [headLine(item, 'with you'), el('div', 'snippet', item.summary)])));
    $('tickets').replaceChildren(
      ...tickets.items.map((item) =>
        listItem(item, [
          headLine(item, `${minutesSince(item.waitingSince)} min old`),
          el('div', 'muted', item.email || ''),
          el('div', 'snippet', item.summary),
        ]),
      ),
    );
  }

  // --- conversation ------------------------------------------------------------------
  async function select(conversationId) {
    state.selected = conversationId;
    document.querySelectorAll('.items li').forEach((li) => li.classList.toggle('selected', li.dataset.conversationId === conversationId));
    await loadDetail();
  }

  function transcriptLine(line) {
    const li = el('li', line.from);
    li.appendChild(el('span', 'who', `${line.from} · ${new Date(line.at).toLocaleTimeString()}`));
    li.appendChild(document.createTextNode(line.text));
    return li;
  }

  async function loadDetail() {
    if (!state.selected) return;
    const data = await api('GET', `/api/agent/conversations/${encodeURIComponent(state.selected)}`);
    state.detail = data;
    const { handoff, context } = data;
    $('placeholder').hidden = true;
    $('conversation').hidden = false;
    $('conv-title').textContent = `${handoff.reference} · ${context.customer.name || context.customer.id}`;
    $('conv-state').textContent = handoff.state;
    $('summary').textContent = context.summary;
    $('reason').textContent = `${REASONS[context.reason] || context.reason}${context.reasonDetail ? ` — "${context.reasonDetail}"` : ''}`;
    $('customer').textContent = `${context.customer.id} · ${context.customer.channel} · ${context.customer.language.toUpperCase()}`;
    const facts = Object.entries(context.entities);
    $('entities').textContent = facts.length ? facts.map(([k, v]) => `${k.replace(/_/g, ' ')}: ${v}`).join(' · ') : '—';
    $('intents').textContent = context.intents.length ? context.intents.map((i) => `${i.name} (${Math.round(i.confidence * 100)}%)`).join(', ') : '—';
    $('sentiment').textContent = `${context.sentiment.trend} (latest ${context.sentiment.latest.toFixed(2)})`;
    $('earlier').textContent = context.earlierConversations.length
      ? context.earlierConversations.map((c) => `${c.startedAt.slice(0, 10)} ${c.channel}: "${c.firstMessage}"${c.ces ? ` (CES ${c.ces})` : ''}`).join(' · ')
      : 'none';
    $('transcript').replaceChildren(...data.transcript.map(transcriptLine));
    for (const pending of data.undelivered)
      $('transcript').appendChild(transcriptLine({ from: 'agent', at: pending.at, text: `${pending.text} (not delivered yet)` }));
    const mine = handoff.state === 'agent' && state.agent && handoff.agentId === state.agent.id;
    $('accept').hidden = handoff.state !== 'queued';
    $('composer').hidden = !mine;
    $('resolver').hidden = !(mine || handoff.state === 'ticket');
    $('resolve').textContent = handoff.state === 'ticket' ? 'Close ticket' : 'Resolve';
    const canned = CANNED[context.customer.language] || CANNED.en;
    $('canned').replaceChildren(el('option', null, 'Canned replies…'), ...canned.map((text) => Object.assign(el('option', null, text), { value: text })));
    $('canned').firstChild.value = '';
  }

  function showError(error) {
    $('action-error').textContent = error.message;
  }

  $('accept').addEventListener('click', async () => {
    $('action-error').textContent = '';
    try {
      await api('POST', `/api/agent/conversations/${encodeURIComponent(state.selected)}/accept`, {});
      await Promise.all([refreshLists(), loadDetail()]);
    } catch (error) {
      showError(error);
      await refreshLists();
    }
  });

  $('canned').addEventListener('change', () => {
    if ($('canned').value) $('reply').value = $('canned').value;
    $('canned').value = '';
    $('reply').focus();
  });

  $('composer').addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = $('reply').value.trim();
    if (!text) return;
    $('action-error').textContent = '';
    try {
      await api('POST', `/api/agent/conversations/${encodeURIComponent(state.selected)}/messages`, { text });
      $('reply').value = '';
      await loadDetail();
    } catch (error) {
      showError(error);
    }
  });

  $('resolver').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('action-error').textContent = '';
    try {
      const note = $('note').value.trim();
      await api('POST', `/api/agent/conversations/${encodeURIComponent(state.selected)}/resolve`, note ? { note } : {});
      $('note').value = '';
      await Promise.all([refreshLists(), loadDetail()]);
    } catch (error) {
      showError(error);
    }
  });

  // --- live updates ------------------------------------------------------------------
  function connect() {
    if (state.stream) state.stream.close();
    const stream = new EventSource(`/api/agent/stream?access_token=${encodeURIComponent(session.token)}`);
    const refresh = () => refreshLists().catch(() => {});
    // Also after a reconnect (the instance it was on shut down): catch up on what was missed.
    stream.addEventListener('ready', () => {
      refresh();
      if (state.selected) loadDetail().catch(() => {});
    });
    // Logged out elsewhere, expired, disabled or given another role: back to the login.
    stream.addEventListener('session_ended', () => {
      stream.close();
      session.logout();
    });
    stream.addEventListener('queue_changed', refresh);
    stream.addEventListener('handoff_changed', (e) => {
      refresh();
      if (JSON.parse(e.data).conversationId === state.selected) loadDetail().catch(() => {});
    });
    for (const type of ['customer_message', 'agent_message']) {
      stream.addEventListener(type, (e) => {
        if (JSON.parse(e.data).conversationId === state.selected) loadDetail().catch(() => {});
      });
    }
    state.stream = stream;
  }

  async function start() {
    const { agent } = await api('GET', '/api/agent/me');
    state.agent = agent;
    $('me').textContent = `${agent.name} (${agent.role})`;
    $('login-view').hidden = true;
    $('console-view').hidden = false;
    connect();
    $('status').value = 'online';
    await api('POST', '/api/agent/status', { status: 'online' });
    await refreshLists();
  }

  if (session.token) start().catch(() => session.logout());
  else $('login-view').hidden = false;
})();
