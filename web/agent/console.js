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
  // `selected`: the conversation open in the detail pane; `ticket`: the ticket's id when it is a ticket.
  const state = { agent: null, selected: null, ticket: null, stream: null, detail: null };
  const DELIVERY_STATUS = {
    pending: 'waiting to be sent',
    sent: 'sent',
    delivered: 'delivered',
    failed: 'failed',
  };

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

  function listItem(item, lines, open = () => select(item.conversationId), key = item.conversationId) {
    const li = el('li');
    li.dataset.key = key;
    if (selectedKey() === key) li.classList.add('selected');
    for (const line of lines) li.appendChild(line);
    li.addEventListener('click', open);
    return li;
  }

  const selectedKey = () => state.ticket || state.selected;

  function dueText(item) {
    if (!item.dueAt) return '';
    const due = new Date(item.dueAt).toLocaleString([], { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
    return item.state === 'answered' ? 'answered, waiting for the customer' : `${item.overdue ? 'overdue since' : 'due'} ${due}`;
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
      ...tickets.items.map((item) => {
        const head = headLine(item, dueText(item));
        if (item.overdue) head.insertBefore(el('span', 'badge high', 'overdue'), head.children[1]);
        const li = listItem(
          item,
          [
            head,
            el('div', 'muted', [item.ownerName ? `taken by ${item.ownerName}` : 'not taken', item.email].filter(Boolean).join(' · ')),
            el('div', 'snippet', item.summary),
          ],
          () => selectTicket(item.handoffId),
          item.handoffId,
        );
        if (item.overdue) li.classList.add('overdue');
        return li;
      }),
    );
    if (tickets.items.length === 0) $('tickets').appendChild(el('li', 'muted', 'No open tickets.'));
    $('email-off').hidden = tickets.email.enabled;
  }

  // --- conversation ------------------------------------------------------------------
  async function select(conversationId) {
    state.selected = conversationId;
    state.ticket = null;
    markSelected();
    await loadDetail();
  }

  async function selectTicket(handoffId) {
    state.ticket = handoffId;
    state.selected = null;
    markSelected();
    await loadDetail();
  }

  function markSelected() {
    document.querySelectorAll('.items li').forEach((li) => li.classList.toggle('selected', li.dataset.key === selectedKey()));
  }

  function transcriptLine(line) {
    const li = el('li', line.from);
    li.appendChild(el('span', 'who', `${line.who || line.from} · ${new Date(line.at).toLocaleTimeString()}`));
    li.appendChild(document.createTextNode(line.text));
    return li;
  }

  async function loadDetail() {
    if (state.ticket) return loadTicket();
    if (!state.selected) return;
    const data = await api('GET', `/api/agent/conversations/${encodeURIComponent(state.selected)}`);
    state.detail = data;
    const { handoff } = data;
    showContext(handoff, data.context, data.transcript);
    for (const pending of data.undelivered)
      $('transcript').appendChild(transcriptLine({ from: 'agent', at: pending.at, text: `${pending.text} (not delivered yet)` }));
    const mine = handoff.state === 'agent' && state.agent && handoff.agentId === state.agent.id;
    $('ticket-extra').hidden = true;
    $('take').hidden = true;
    $('accept').hidden = handoff.state !== 'queued';
    $('composer').hidden = !mine;
    $('reply').placeholder = 'Write to the customer…';
    $('resolver').hidden = !mine;
    $('resolve').textContent = 'Resolve';
  }

  /** A ticket: the same context as a live handoff, then its written thread and where each answer went. */
  async function loadTicket() {
    const data = await api('GET', `/api/agent/tickets/${encodeURIComponent(state.ticket)}`);
    state.detail = data;
    const { ticket } = data;
    state.selected = null;
    showContext(ticket, data.context, data.transcript);
    $('ticket-extra').hidden = false;
    $('ticket-due').textContent = [dueText(ticket), ticket.ownerName ? `taken by ${ticket.ownerName}` : 'not taken yet'].filter(Boolean).join(' · ');
    $('ticket-email').textContent = data.email.enabled
      ? data.context.entities.email
        ? `Answers also go to ${data.context.entities.email}.`
        : 'The customer gave no email address: answers reach them in their chat.'
      : 'Email is off (SMTP_URL is not set): answers reach the customer in their chat only.';
    $('thread').replaceChildren(
      ...data.thread.map((m) => transcriptLine({ from: m.author, at: m.createdAt, text: m.text, who: m.author === 'agent' ? m.agentName : 'customer' })),
    );
    if (data.thread.length === 0) $('thread').appendChild(el('li', 'muted', 'Not answered yet.'));
    $('deliveries').replaceChildren(
      ...data.deliveries.map((d) => {
        const row = el('tr', d.status === 'failed' ? 'failed' : '');
        const answer = d.subject.startsWith('answer:') ? data.thread.findIndex((m) => m.id === d.subject.slice(7)) + 1 : 0;
        row.appendChild(el('td', null, answer ? `answer ${answer}` : d.subject === 'overdue' ? 'late notice' : d.subject));
        row.appendChild(el('td', null, d.channel === 'email' ? `email to ${d.recipient || '(erased)'}` : d.channel));
        row.appendChild(el('td', null, DELIVERY_STATUS[d.status] || d.status));
        const when = d.deliveredAt || d.sentAt;
        const detail = d.lastError
          ? `${d.lastError} (attempt ${d.attempts}${d.status === 'pending' ? `, next ${new Date(d.nextAttemptAt).toLocaleTimeString()}` : ''})`
          : '';
        row.appendChild(el('td', null, [when ? new Date(when).toLocaleString() : '', detail].filter(Boolean).join(' · ')));
        return row;
      }),
    );
    const open = ticket.state === 'ticket' || ticket.state === 'answered';
    const mine = state.agent && ticket.agentId === state.agent.id;
    const mayAnswer = open && (mine || !ticket.agentId || state.agent.role === 'supervisor');
    $('accept').hidden = true;
    $('take').hidden = !open || mine || (ticket.agentId && state.agent.role !== 'supervisor');
    $('composer').hidden = !mayAnswer;
    $('reply').placeholder = 'Write the answer…';
    $('resolver').hidden = !open || !mayAnswer;
    $('resolve').textContent = 'Close ticket';
  }

  function showContext(record, context, transcript) {
    $('placeholder').hidden = true;
    $('conversation').hidden = false;
    $('conv-title').textContent = `${record.reference} · ${context.customer.name || context.customer.id}`;
    $('conv-state').textContent = record.state;
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
    $('transcript').replaceChildren(...transcript.map(transcriptLine));
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

  $('take').addEventListener('click', async () => {
    $('action-error').textContent = '';
    try {
      await api('POST', `/api/agent/tickets/${encodeURIComponent(state.ticket)}/take`, {});
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

  // The customer sees the agent typing (at most one signal every 3 s; not for tickets, which are answered in writing).
  let typingSignalled = 0;
  $('reply').addEventListener('input', () => {
    if (state.ticket || !state.selected || Date.now() - typingSignalled < 3000 || !$('reply').value.trim()) return;
    typingSignalled = Date.now();
    api('POST', `/api/agent/conversations/${encodeURIComponent(state.selected)}/typing`, {}).catch(() => {});
  });

  $('composer').addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = $('reply').value.trim();
    if (!text) return;
    $('action-error').textContent = '';
    try {
      if (state.ticket) await api('POST', `/api/agent/tickets/${encodeURIComponent(state.ticket)}/answer`, { text });
      else await api('POST', `/api/agent/conversations/${encodeURIComponent(state.selected)}/messages`, { text });
      $('reply').value = '';
      await Promise.all([refreshLists(), loadDetail()]);
    } catch (error) {
      showError(error);
    }
  });

  $('resolver').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('action-error').textContent = '';
    try {
      const note = $('note').value.trim();
      const path = state.ticket
        ? `/api/agent/tickets/${encodeURIComponent(state.ticket)}/close`
        : `/api/agent/conversations/${encodeURIComponent(state.selected)}/resolve`;
      await api('POST', path, note ? { note } : {});
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
    const isOpen = (conversationId) =>
      conversationId === state.selected || (state.ticket && state.detail && state.detail.ticket && state.detail.ticket.conversationId === conversationId);
    stream.addEventListener('handoff_changed', (e) => {
      refresh();
      const { conversationId, handoffId } = JSON.parse(e.data);
      if (isOpen(conversationId) || handoffId === state.ticket) loadDetail().catch(() => {});
    });
    for (const type of ['customer_message', 'agent_message']) {
      stream.addEventListener(type, (e) => {
        if (isOpen(JSON.parse(e.data).conversationId)) loadDetail().catch(() => {});
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
