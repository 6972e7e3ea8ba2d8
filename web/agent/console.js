// Balie agent console. Plain browser JavaScript, no build step.
// Every piece of customer or agent text is put on the page with textContent, never as HTML.
(() => {
  'use strict';

  const { t, group, when, time, duration, translatePage } = window.BalieI18n;
  const i18n = window.BalieI18n;
  const session = window.BalieSession;
  const $ = (id) => document.getElementById(id);

  /** How long a resolve can be undone before it is carried out. */
  const UNDO_MS = 5000;
  /** How often the wait timers in the queue count up. */
  const TIMER_MS = 15_000;

  const state = {
    agent: null,
    console: { targetWaitMinutes: 3 },
    /** The conversation open in the middle pane, or the ticket's handoff id when it is a ticket. */
    selected: null,
    ticket: null,
    detail: null,
    stream: null,
    lists: { queue: [], active: [], tickets: [] },
    /** Handoff ids seen in the queue, to notice a new customer. */
    seenInQueue: null,
    /** A resolve waiting out its undo time: { path, body, conversationId, ticket, timer }. */
    pendingResolve: null,
    /** Which conversation the timeline shows, to scroll to its newest message when another opens. */
    shownKey: null,
    /** The desk's canned replies, every language (GET /api/agent/canned-replies). */
    canned: [],
    /** Conversations in "My conversations" at the last look, and those this console accepted itself. */
    seenActive: null,
    takenHere: new Set(),
  };

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  const api = (method, path, body) => session.request(path, { method, body });
  const selectedKey = () => state.ticket || state.selected;
  const channelName = (channel) => group('channels')[channel] || channel;
  const languageName = (language) => group('languages')[language] || language;

  // --- settings: language, sound, notifications (remembered in this browser) -----------
  const settings = {
    get sound() {
      return localStorage.getItem('balie.sound') === 'on';
    },
    get notify() {
      return localStorage.getItem('balie.notify') === 'on' && 'Notification' in window && Notification.permission === 'granted';
    },
  };

  for (const select of document.querySelectorAll('.language-choice')) {
    select.addEventListener('change', () => {
      i18n.setLanguage(select.value);
      if (state.agent) rerender();
    });
  }

  $('settings').addEventListener('click', () => {
    $('sound').checked = settings.sound;
    $('notify').checked = localStorage.getItem('balie.notify') === 'on';
    $('notify-message').textContent = '';
    $('settings-dialog').showModal();
  });
  $('sound').addEventListener('change', () => {
    localStorage.setItem('balie.sound', $('sound').checked ? 'on' : 'off');
    if ($('sound').checked) beep();
  });
  $('notify').addEventListener('change', async () => {
    localStorage.setItem('balie.notify', $('notify').checked ? 'on' : 'off');
    if (!$('notify').checked || !('Notification' in window)) return;
    const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
    if (permission !== 'granted') $('notify-message').textContent = t('notifyDenied');
  });

  $('shortcuts').addEventListener('click', showShortcuts);
  function showShortcuts() {
    $('shortcut-list').replaceChildren(
      ...t('shortcutList').map(([keys, what]) => {
        const row = el('tr');
        const keyCell = el('th');
        keyCell.scope = 'row';
        keyCell.appendChild(el('kbd', null, keys));
        row.append(keyCell, el('td', null, what));
        return row;
      }),
    );
    $('shortcuts-dialog').showModal();
  }

  let audio;
  /** A short two-tone chime, made on the spot (no sound file to load). */
  function beep() {
    try {
      audio = audio || new AudioContext();
      const now = audio.currentTime;
      for (const [i, frequency] of [660, 880].entries()) {
        const oscillator = audio.createOscillator();
        const gain = audio.createGain();
        oscillator.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, now + i * 0.15);
        gain.gain.exponentialRampToValueAtTime(0.2, now + i * 0.15 + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.15 + 0.14);
        oscillator.connect(gain).connect(audio.destination);
        oscillator.start(now + i * 0.15);
        oscillator.stop(now + i * 0.15 + 0.15);
      }
    } catch {
      // No audio in this browser: the title and the list still show it.
    }
  }

  /** Something needs the agent: said to screen readers, and by sound and notification if the agent chose them. */
  function attention(text, tag) {
    $('announcer').textContent = text;
    if (settings.sound) beep();
    if (settings.notify && document.hidden) {
      const notification = new Notification('Balie', { body: text, tag });
      notification.onclick = () => {
        window.focus();
        notification.close();
      };
    }
  }

  // --- login ---------------------------------------------------------------------------
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
    state.agent = null;
    document.title = 'Balie';
    $('console-view').hidden = true;
    $('login-view').hidden = false;
    $('login-username').focus();
  };
  $('logout').addEventListener('click', () => {
    flushPendingResolve();
    session.logout();
  });

  // --- account: own password; supervisors manage every account --------------------------
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
      $('login-error').textContent = t('passwordChanged');
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
      role.setAttribute('aria-label', t('roleOf', { name: account.username }));
      for (const value of ['agent', 'supervisor']) {
        const option = el('option', null, t(`${value}Role`));
        option.value = value;
        option.selected = account.role === value;
        role.appendChild(option);
      }
      role.addEventListener('change', () =>
        accountAction(
          `/api/agent/accounts/${account.id}/role`,
          { role: role.value },
          t('nowRole', { name: account.username, role: t(`${role.value}Role`).toLowerCase() }),
        ),
      );
      roleCell.appendChild(role);
      row.appendChild(roleCell);
      const accessCell = el('td');
      const toggle = el('button', 'secondary', account.disabledAt ? t('enable') : t('disable'));
      toggle.type = 'button';
      toggle.setAttribute('aria-label', t(account.disabledAt ? 'enableName' : 'disableName', { name: account.username }));
      toggle.addEventListener('click', () =>
        accountAction(
          `/api/agent/accounts/${account.id}/disabled`,
          { disabled: !account.disabledAt },
          t(account.disabledAt ? 'mayLogIn' : 'isDisabled', { name: account.username }),
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
      input.setAttribute('aria-label', t('newPasswordFor', { name: account.username }));
      const reset = el('button', 'secondary', t('set'));
      resetForm.append(input, reset);
      resetForm.addEventListener('submit', (event) => {
        event.preventDefault();
        accountAction(`/api/agent/accounts/${account.id}/password`, { password: input.value }, t('passwordSetFor', { name: account.username }));
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
      row.appendChild(el('td', null, when(entry.at)));
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

  // --- lists ---------------------------------------------------------------------------
  /** How long a customer has been waiting, coloured against the desk's target wait. */
  function waitBadge(since) {
    const span = el('span', 'wait');
    span.dataset.since = since;
    updateWait(span);
    return span;
  }

  function updateWait(span) {
    const waited = Date.now() - Date.parse(span.dataset.since);
    const target = state.console.targetWaitMinutes * 60_000;
    span.textContent = t('waitingFor', { duration: duration(waited) });
    span.classList.toggle('wait-warn', waited >= target / 2 && waited < target);
    span.classList.toggle('wait-late', waited >= target);
  }

  setInterval(() => document.querySelectorAll('.wait[data-since]').forEach(updateWait), TIMER_MS);

  /** The customer as the agent reads them: their name, else "Visitor (web chat, NL)". */
  function customerLabel(name, channel, language) {
    return name || t('visitor', { channel: channelName(channel), language: (language || '').toUpperCase() });
  }

  /** One entry of a list: a real button (Enter, Space and the arrow keys reach it), in an li that carries its key. */
  function listItem(key, lines, open, classes = []) {
    const li = el('li');
    li.dataset.key = key;
    const button = el('button', ['item', ...classes].join(' '));
    button.type = 'button';
    if (selectedKey() === key) button.setAttribute('aria-current', 'true');
    for (const line of lines) button.appendChild(line);
    button.addEventListener('click', open);
    li.appendChild(button);
    return li;
  }

  function headLine(item, extra) {
    const line = el('span', 'line');
    line.appendChild(el('strong', null, customerLabel(item.customerName, item.channel, item.language)));
    if (item.priority > 0) line.appendChild(el('span', 'badge high', t('priority')));
    line.appendChild(el('span', 'badge', `${channelName(item.channel)} · ${item.language.toUpperCase()}`));
    if (extra) line.appendChild(extra);
    return line;
  }

  function dueText(item) {
    if (!item.dueAt) return '';
    if (item.state === 'answered') return t('answeredWaiting');
    return t(item.overdue ? 'overdueSince' : 'due', { when: when(item.dueAt) });
  }

  function emptyItem(text) {
    return el('li', 'empty muted', text);
  }

  async function refreshLists() {
    const [queue, active, tickets] = await Promise.all([api('GET', '/api/agent/queue'), api('GET', '/api/agent/active'), api('GET', '/api/agent/tickets')]);
    state.lists = { queue: queue.items, active: active.items, tickets: tickets.items };
    if (queue.targetWaitMinutes) state.console.targetWaitMinutes = queue.targetWaitMinutes;
    noticeNewCustomers(queue.items);
    noticeHandedToMe(active.items);
    const focusedKey = document.activeElement?.closest?.('.items li')?.dataset.key;
    $('queue-count').textContent = queue.items.length ? `(${queue.items.length})` : '';
    $('active-count').textContent = active.items.length ? `(${active.items.length})` : '';
    $('ticket-count').textContent = tickets.items.length ? `(${tickets.items.length})` : '';
    $('availability').textContent = t('agentsOnline', { count: queue.agentsOnline });
    document.title = queue.items.length ? t('titleWaiting', { count: queue.items.length }) : 'Balie';
    $('queue').replaceChildren(
      ...queue.items.map((item) => {
        const line = el('span', 'line');
        line.append(el('span', 'muted', t('position', { position: item.position })), waitBadge(item.waitingSince));
        return listItem(
          item.conversationId,
          [headLine(item), line, el('span', 'reason', group('reasons')[item.reason] || item.reason), el('span', 'snippet', item.summary)],
          () => select(item.conversationId),
        );
      }),
    );
    if (queue.items.length === 0) $('queue').appendChild(emptyItem(t('nobodyWaiting')));
    $('active').replaceChildren(
      ...active.items.map((item) => listItem(item.conversationId, [headLine(item), el('span', 'snippet', item.summary)], () => select(item.conversationId))),
    );
    if (active.items.length === 0) $('active').appendChild(emptyItem(t('noneWithYou')));
    $('tickets').replaceChildren(
      ...tickets.items.map((item) => {
        const head = headLine(item, item.overdue ? el('span', 'badge high', t('overdue')) : undefined);
        return listItem(
          item.handoffId,
          [
            head,
            el('span', 'line muted', [dueText(item), item.ownerName ? t('takenBy', { name: item.ownerName }) : t('notTaken')].filter(Boolean).join(' · ')),
            el('span', 'snippet', item.summary),
          ],
          () => selectTicket(item.handoffId),
          item.overdue ? ['overdue'] : [],
        );
      }),
    );
    if (tickets.items.length === 0) $('tickets').appendChild(emptyItem(t('noTickets')));
    $('email-off').hidden = tickets.email.enabled;
    // The list was drawn anew: keep the keyboard where it was.
    if (focusedKey) document.querySelector(`.items li[data-key="${CSS.escape(focusedKey)}"] button`)?.focus();
  }

  function noticeNewCustomers(items) {
    const ids = new Set(items.map((item) => item.handoffId));
    if (state.seenInQueue) {
      const fresh = items.filter((item) => !state.seenInQueue.has(item.handoffId));
      if (fresh.length > 0) attention(t('newCustomer', { reference: fresh.map((item) => item.reference).join(', ') }), 'queue');
    }
    state.seenInQueue = ids;
  }

  /** A conversation a colleague handed to this agent (one they did not take themselves) is announced like a new customer. */
  function noticeHandedToMe(items) {
    const ids = new Set(items.map((item) => item.conversationId));
    if (state.seenActive) {
      for (const item of items) {
        if (state.seenActive.has(item.conversationId) || state.takenHere.has(item.conversationId)) continue;
        attention(t('handedToYou', { name: customerLabel(item.customerName, item.channel, item.language) }), item.conversationId);
      }
    }
    state.seenActive = ids;
  }

  // The arrow keys move through every list item as one list, Home and End to its ends.
  document.querySelector('.lists').addEventListener('keydown', (event) => {
    if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key) || !event.target.matches('button.item')) return;
    const buttons = [...document.querySelectorAll('.lists button.item')];
    const at = buttons.indexOf(event.target);
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 }[event.key];
    if (buttons[next]) {
      event.preventDefault();
      buttons[next].focus();
    }
  });

  // --- the open conversation -----------------------------------------------------------
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
    document.querySelectorAll('.items li').forEach((li) => {
      const button = li.querySelector('button');
      if (!button) return;
      if (li.dataset.key === selectedKey()) button.setAttribute('aria-current', 'true');
      else button.removeAttribute('aria-current');
    });
  }

  function showNothing() {
    state.selected = null;
    state.ticket = null;
    state.detail = null;
    state.shownKey = null;
    markSelected();
    $('placeholder').hidden = false;
    $('conversation').hidden = true;
    $('context').hidden = true;
  }

  /** One message of the timeline, who and when above it. */
  function messageLine({ from, at, text, who, files }) {
    const li = el('li', `message ${from}`);
    const names = { customer: t('customerFrom'), bot: t('bot'), agent: t('you') };
    const head = el('span', 'who', `${who || names[from] || from} · ${time(at)}`);
    li.append(head, document.createTextNode(text));
    if (files && files.length) li.appendChild(fileList(files, 'message-files'));
    return li;
  }

  const fileUrl = (file) => `/api/agent/attachments/${encodeURIComponent(file.id)}`;
  const fileSize = (bytes) => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

  /** The customer's photos (a thumbnail) and files (a PDF badge), each opening in a new tab. */
  function fileList(files, className) {
    const list = el('ul', `files ${className}`);
    for (const file of files) {
      const link = el('a', 'file');
      link.href = fileUrl(file);
      link.target = '_blank';
      link.rel = 'noopener';
      if (file.contentType.startsWith('image/')) {
        const img = el('img');
        img.src = fileUrl(file);
        img.alt = t('photoAlt', { name: file.name });
        img.loading = 'lazy';
        link.appendChild(img);
      } else {
        link.appendChild(el('span', 'file-badge', 'PDF'));
      }
      link.appendChild(el('span', 'file-name', `${file.name} · ${fileSize(file.size)}`));
      const li = el('li');
      li.appendChild(link);
      list.appendChild(li);
    }
    return list;
  }

  /** Every photo and file of the conversation in the sidebar, newest first. */
  function showFiles(transcript) {
    const files = transcript.flatMap((line) => line.files || []).reverse();
    $('files-heading').hidden = files.length === 0;
    $('files').replaceChildren(...(files.length ? [fileList(files, 'context-files')] : []));
  }

  /** A line about the conversation itself: accepted, resolved, a ticket filed; an agent's note beneath it. */
  function eventLine(event) {
    const li = el('li', 'event');
    const name = event.actorName || '';
    const text =
      {
        agent: event.from === 'agent' ? t('transferredBy', { name }) : t('acceptedBy', { name }),
        resolved: t('resolvedBy', { name }),
        closed: t('closedBy', { name }),
        queued: event.from === 'agent' ? t('requeuedBy', { name }) : t('handedOver'),
        ticket: event.from === 'answered' ? t('reopened') : t('ticketFiled'),
      }[event.to] ||
      group('states')[event.to] ||
      event.to;
    li.appendChild(el('span', 'event-text', `${text} · ${when(event.at)}`));
    if (event.detail) {
      const note = el('span', 'note');
      note.append(el('strong', null, `${t('note')}: `), document.createTextNode(event.detail));
      li.appendChild(note);
    }
    return li;
  }

  /** The transcript with the handoff's events between the messages, oldest first. */
  function timeline(transcript, events, extra = []) {
    const entries = [
      ...transcript.map((line) => ({ at: line.at, node: () => messageLine(line) })),
      ...events.filter((event) => event.from !== 'bot' || event.to !== 'queued').map((event) => ({ at: event.at, node: () => eventLine(event) })),
      ...extra,
    ];
    entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    return entries.map((entry) => entry.node());
  }

  async function loadDetail() {
    if (state.ticket) return loadTicket();
    if (!state.selected) return showNothing();
    const data = await api('GET', `/api/agent/conversations/${encodeURIComponent(state.selected)}`);
    state.detail = data;
    const { handoff } = data;
    const pending = data.undelivered.map((m) => ({ at: m.at, node: () => messageLine({ from: 'agent', at: m.at, text: `${m.text} ${t('notDelivered')}` }) }));
    showConversation(handoff, data.context, timeline(data.transcript, data.events, pending));
    showFiles(data.transcript);
    const mine = handoff.state === 'agent' && state.agent && handoff.agentId === state.agent.id;
    $('ticket-extra').hidden = true;
    $('take').hidden = true;
    $('accept').hidden = handoff.state !== 'queued';
    $('composer').hidden = !mine;
    $('reply-label').textContent = t('replyLabel');
    $('resolver').hidden = !mine;
    $('transfer').hidden = !mine;
    $('resolve').textContent = t('resolve');
  }

  /** A ticket: the same context as a live handoff, then its written thread and where each answer went. */
  async function loadTicket() {
    const data = await api('GET', `/api/agent/tickets/${encodeURIComponent(state.ticket)}`);
    state.detail = data;
    const { ticket } = data;
    showConversation(ticket, data.context, timeline(data.transcript, data.events));
    showFiles(data.transcript);
    $('ticket-extra').hidden = false;
    $('ticket-due').textContent = [dueText(ticket), ticket.ownerName ? t('takenBy', { name: ticket.ownerName }) : t('notTakenYet')].filter(Boolean).join(' · ');
    $('ticket-email').textContent = data.email.enabled
      ? data.context.entities.email
        ? t('answersAlsoTo', { email: data.context.entities.email })
        : t('noEmail')
      : t('emailOffTicket');
    $('thread').replaceChildren(
      ...data.thread.map((m) => messageLine({ from: m.author, at: m.createdAt, text: m.text, who: m.author === 'agent' ? m.agentName : undefined })),
    );
    if (data.thread.length === 0) $('thread').appendChild(el('li', 'empty muted', t('notAnswered')));
    $('deliveries').replaceChildren(
      ...data.deliveries.map((d) => {
        const row = el('tr', d.status === 'failed' ? 'failed' : '');
        const answer = d.subject.startsWith('answer:') ? data.thread.findIndex((m) => m.id === d.subject.slice(7)) + 1 : 0;
        row.appendChild(el('td', null, answer ? t('answerN', { n: answer }) : d.subject === 'overdue' ? t('lateNotice') : d.subject));
        row.appendChild(el('td', null, d.channel === 'email' ? t('emailTo', { recipient: d.recipient || t('erased') }) : channelName(d.channel)));
        row.appendChild(el('td', null, group('deliveryStates')[d.status] || d.status));
        const at = d.deliveredAt || d.sentAt;
        const detail = d.lastError
          ? d.status === 'pending'
            ? t('attemptNext', { error: d.lastError, attempts: d.attempts, when: when(d.nextAttemptAt) })
            : t('attempt', { error: d.lastError, attempts: d.attempts })
          : '';
        row.appendChild(el('td', null, [at ? when(at) : '', detail].filter(Boolean).join(' · ')));
        return row;
      }),
    );
    const open = ticket.state === 'ticket' || ticket.state === 'answered';
    const mine = state.agent && ticket.agentId === state.agent.id;
    const mayAnswer = open && (mine || !ticket.agentId || state.agent.role === 'supervisor');
    $('accept').hidden = true;
    $('transfer').hidden = true;
    $('take').hidden = !open || mine || (ticket.agentId && state.agent.role !== 'supervisor');
    $('composer').hidden = !mayAnswer;
    $('reply-label').textContent = t('answerLabel');
    $('resolver').hidden = !open || !mayAnswer;
    $('resolve').textContent = t('closeTicket');
  }

  function sentimentWord(sentiment) {
    const words = group('sentiment');
    const latest = sentiment.latest;
    const mood = latest <= -0.5 ? words.upset : latest < -0.15 ? words.unhappy : latest > 0.3 ? words.positive : words.neutral;
    return `${mood}${sentiment.trend === 'worsening' ? words.worsening : sentiment.trend === 'improving' ? words.improving : ''}`;
  }

  /** Order facts as links into the shop's back office where BALIE_ORDER_URL is set. */
  function factNode(key, value) {
    const dd = el('dd');
    if (key === 'order_number' && state.console.orderUrl) {
      const link = el('a', null, value);
      link.href = state.console.orderUrl.replace('{order}', encodeURIComponent(value));
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      dd.appendChild(link);
    } else {
      dd.textContent = value;
    }
    return dd;
  }

  function showConversation(record, context, lines) {
    const key = selectedKey();
    const scroller = $('timeline');
    // Follow new messages when the agent was reading the newest; a newly opened conversation starts at its end.
    const follow = state.shownKey !== key || scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;
    state.shownKey = key;
    $('placeholder').hidden = true;
    $('conversation').hidden = false;
    $('context').hidden = false;
    const who = customerLabel(context.customer.name, context.customer.channel, context.customer.language);
    $('conv-title').textContent = `${who} · ${record.reference}`;
    $('conv-state').textContent = group('states')[record.state] || record.state;
    $('conv-state').dataset.state = record.state;
    $('transcript').replaceChildren(...lines);
    if (follow) scroller.scrollTop = scroller.scrollHeight;

    $('customer-name').textContent = who;
    $('customer-initials').textContent = initialsOf(context.customer.name || channelName(context.customer.channel));
    $('customer').textContent = `${channelName(context.customer.channel)} · ${languageName(context.customer.language)}`;
    $('summary').textContent = context.summary;
    $('reason').textContent = `${group('reasons')[context.reason] || context.reason}${context.reasonDetail ? ` — “${context.reasonDetail}”` : ''}`;
    const facts = Object.entries(context.entities);
    const list = el('dl', 'inline-facts');
    for (const [name, value] of facts) list.append(el('dt', null, group('entityNames')[name] || name.replace(/_/g, ' ')), factNode(name, value));
    $('entities').replaceChildren(facts.length ? list : document.createTextNode('—'));
    $('sentiment').textContent = sentimentWord(context.sentiment);
    $('customer-id').textContent = context.customer.id;
    $('intents').textContent = context.intents.length ? context.intents.map((i) => `${i.name} (${Math.round(i.confidence * 100)}%)`).join(', ') : '—';
    $('state-raw').textContent = record.state;
    $('earlier').replaceChildren(
      ...context.earlierConversations.map((c) => {
        const li = el('li');
        const details = el('details');
        details.appendChild(el('summary', null, `${when(c.startedAt)} · ${channelName(c.channel)}`));
        details.appendChild(el('p', 'first-message', c.firstMessage));
        const facts = [c.handoffReason ? group('reasons')[c.handoffReason] : '', c.ces ? `CES ${c.ces}` : ''].filter(Boolean).join(' · ');
        if (facts) details.appendChild(el('p', 'muted', facts));
        if (c.ticket) {
          // The ticket that conversation became opens here, with its thread and answers.
          const open = el(
            'button',
            'link-button',
            t('openTicket', { reference: c.ticket.reference, state: group('states')[c.ticket.state] || c.ticket.state }),
          );
          open.type = 'button';
          open.addEventListener('click', () => selectTicket(c.ticket.id));
          details.appendChild(open);
        }
        li.appendChild(details);
        return li;
      }),
    );
    if (context.earlierConversations.length === 0) $('earlier').appendChild(el('li', 'muted', t('noEarlier')));
  }

  function initialsOf(name) {
    const parts = String(name).trim().split(/\s+/).filter(Boolean);
    const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
    return letters.map((part) => [...part][0].toUpperCase()).join('') || '?';
  }

  function showError(error) {
    $('action-error').textContent = error.message;
  }

  async function act(path) {
    $('action-error').textContent = '';
    try {
      await api('POST', path, {});
      await Promise.all([refreshLists(), loadDetail()]);
      $('reply').focus();
    } catch (error) {
      showError(error);
      await refreshLists();
    }
  }

  const accept = () => {
    state.takenHere.add(state.selected);
    return act(`/api/agent/conversations/${encodeURIComponent(state.selected)}/accept`);
  };
  const take = () => act(`/api/agent/tickets/${encodeURIComponent(state.ticket)}/take`);
  $('accept').addEventListener('click', accept);
  $('take').addEventListener('click', take);

  // --- writing: Enter sends, Shift+Enter a new line, / a canned reply -------------------
  $('reply').addEventListener('keydown', (event) => {
    if (event.isComposing) return;
    if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      $('composer').requestSubmit();
      return;
    }
    if (event.key === '/') {
      const { value, selectionStart } = $('reply');
      if (selectionStart === 0 || /\s/.test(value[selectionStart - 1])) {
        event.preventDefault();
        openCanned();
      }
    }
  });

  // The customer sees the agent typing (at most one signal every 3 s; not for tickets, which are answered in writing).
  let typingSignalled = 0;
  $('reply').addEventListener('input', () => {
    if (state.ticket || !state.selected || Date.now() - typingSignalled < 3000 || !$('reply').value.trim()) return;
    typingSignalled = Date.now();
    api('POST', `/api/agent/conversations/${encodeURIComponent(state.selected)}/typing`, {}).catch(() => {});
  });

  /** {{name}}, {{order}} and {{agent}} filled from the conversation; a placeholder without a value goes, with its space. */
  function fillPlaceholders(text) {
    const context = state.detail?.context;
    const values = {
      name: context?.customer.name ? context.customer.name.split(/\s+/)[0] : '',
      order: context?.entities.order_number || '',
      agent: state.agent?.name || '',
    };
    return text
      .replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key) => values[key] ?? '')
      .replace(/ +([,.!?])/g, '$1')
      .replace(/ {2,}/g, ' ')
      .trim();
  }

  /** The canned replies in the customer's language, placeholders filled. */
  function cannedReplies() {
    const language = state.detail?.context.customer.language || i18n.language;
    return state.canned.filter((reply) => reply.language === language).map((reply) => ({ title: reply.title, text: fillPlaceholders(reply.text) }));
  }

  async function loadCanned() {
    state.canned = (await api('GET', '/api/agent/canned-replies')).items;
  }

  let cannedChoice = 0;
  function openCanned() {
    loadCanned()
      .then(renderCanned)
      .catch(() => {});
    $('canned-picker').hidden = false;
    $('canned-search').value = '';
    cannedChoice = 0;
    renderCanned();
    $('canned-search').focus();
  }

  function closeCanned() {
    $('canned-picker').hidden = true;
    $('reply').focus();
  }

  function matchingCanned() {
    const words = $('canned-search').value.toLowerCase().split(/\s+/).filter(Boolean);
    return cannedReplies().filter((reply) => words.every((word) => `${reply.title} ${reply.text}`.toLowerCase().includes(word)));
  }

  function renderCanned() {
    const matches = matchingCanned();
    cannedChoice = Math.min(cannedChoice, Math.max(0, matches.length - 1));
    $('canned-list').replaceChildren(
      ...matches.map((reply, i) => {
        const option = el('li');
        option.append(el('strong', null, reply.title), el('span', 'canned-text', reply.text));
        option.id = `canned-${i}`;
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', String(i === cannedChoice));
        option.addEventListener('mousedown', (event) => {
          event.preventDefault();
          insertCanned(reply.text);
        });
        return option;
      }),
    );
    if (matches.length === 0) $('canned-list').appendChild(el('li', 'muted', t('noCanned')));
    $('canned-search').setAttribute('aria-activedescendant', matches.length ? `canned-${cannedChoice}` : '');
  }

  /** Puts the reply where the cursor was, leaving what the agent wrote around it. */
  function insertCanned(text) {
    const reply = $('reply');
    const { value, selectionStart, selectionEnd } = reply;
    const before = value.slice(0, selectionStart);
    const after = value.slice(selectionEnd);
    const spaced = `${before && !/\s$/.test(before) ? ' ' : ''}${text}${after && !/^\s/.test(after) ? ' ' : ''}`;
    reply.value = before + spaced + after;
    closeCanned();
    const cursor = before.length + spaced.length;
    reply.setSelectionRange(cursor, cursor);
  }

  $('canned-search').addEventListener('input', () => {
    cannedChoice = 0;
    renderCanned();
  });
  $('canned-search').addEventListener('keydown', (event) => {
    const matches = matchingCanned();
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      cannedChoice = (cannedChoice + (event.key === 'ArrowDown' ? 1 : -1) + matches.length) % Math.max(1, matches.length);
      renderCanned();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (matches[cannedChoice]) insertCanned(matches[cannedChoice].text);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      closeCanned();
    }
  });
  $('canned-search').addEventListener('blur', () => setTimeout(() => ($('canned-picker').hidden = true), 150));

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
      $('timeline').scrollTop = $('timeline').scrollHeight;
    } catch (error) {
      showError(error);
    }
  });

  // --- resolving, with a few seconds to undo; then on to the next customer -------------
  $('resolver').addEventListener('submit', (event) => {
    event.preventDefault();
    resolveOpen();
  });

  function resolveOpen() {
    if ($('resolver').hidden || !state.detail) return;
    flushPendingResolve();
    const note = $('note').value.trim();
    const ticket = state.ticket;
    const record = ticket ? state.detail.ticket : state.detail.handoff;
    const path = ticket ? `/api/agent/tickets/${encodeURIComponent(ticket)}/close` : `/api/agent/conversations/${encodeURIComponent(state.selected)}/resolve`;
    const pending = { path, body: note ? { note } : {}, conversationId: state.selected, ticket };
    pending.timer = setTimeout(() => carryOut(pending), UNDO_MS);
    state.pendingResolve = pending;
    $('note').value = '';
    $('toast-text').textContent = t(ticket ? 'closedUndo' : 'resolvedUndo', { reference: record.reference });
    $('toast').hidden = false;
    openNext(ticket || state.selected);
  }

  async function carryOut(pending) {
    if (state.pendingResolve !== pending) return;
    state.pendingResolve = null;
    $('toast').hidden = true;
    try {
      await api('POST', pending.path, pending.body);
    } catch (error) {
      // Not resolved after all (taken over, already closed): show the conversation again with why.
      if (pending.ticket) await selectTicket(pending.ticket).catch(() => {});
      else await select(pending.conversationId).catch(() => {});
      showError(error);
    }
    await refreshLists().catch(() => {});
  }

  function undoResolve() {
    const pending = state.pendingResolve;
    if (!pending) return;
    clearTimeout(pending.timer);
    state.pendingResolve = null;
    $('toast').hidden = true;
    $('announcer').textContent = t('resolveUndone');
    if (pending.body.note) $('note').value = pending.body.note;
    const reopen = pending.ticket ? selectTicket(pending.ticket) : select(pending.conversationId);
    reopen.then(() => $('reply').focus()).catch(showError);
  }
  $('undo').addEventListener('click', undoResolve);

  /** A resolve still in its undo time is carried out now (logging out, closing the tab). */
  function flushPendingResolve() {
    const pending = state.pendingResolve;
    if (!pending) return;
    clearTimeout(pending.timer);
    state.pendingResolve = null;
    $('toast').hidden = true;
    fetch(pending.path, {
      method: 'POST',
      keepalive: true,
      headers: { 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify(pending.body),
    }).catch(() => {});
  }
  window.addEventListener('pagehide', flushPendingResolve);

  /** The next waiting customer (not the one just left), else the first of the agent's own, else nothing. */
  function openNext(leaving) {
    const waiting = state.lists.queue.find((item) => item.conversationId !== leaving);
    const mine = state.lists.active.find((item) => item.conversationId !== leaving);
    const next = waiting || mine;
    const go = next ? select(next.conversationId) : Promise.resolve(showNothing());
    go.then(() =>
      (next ? document.querySelector(`.items li[data-key="${CSS.escape(next.conversationId)}"] button`) || $('timeline') : $('queue')).focus?.(),
    ).catch(showError);
  }

  // --- transfer: to a colleague or back to the queue, with a note ----------------------
  async function openTransfer() {
    if ($('transfer').hidden) return;
    $('transfer-message').textContent = '';
    $('transfer-note').value = '';
    const { items } = await api('GET', '/api/agent/colleagues').catch(() => ({ items: [] }));
    const options = [Object.assign(el('option', null, t('backToQueue')), { value: 'queue' })];
    for (const colleague of items.filter((c) => c.id !== state.agent.id)) {
      const option = el(
        'option',
        null,
        t(colleague.available ? 'colleagueOption' : 'colleagueUnavailable', { name: colleague.name, count: colleague.conversations }),
      );
      option.value = colleague.id;
      option.disabled = !colleague.available;
      options.push(option);
    }
    $('transfer-to').replaceChildren(...options);
    $('transfer-dialog').showModal();
    $('transfer-to').focus();
  }
  $('transfer').addEventListener('click', openTransfer);
  $('transfer-cancel').addEventListener('click', () => $('transfer-dialog').close());

  $('transfer-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const leaving = state.selected;
    const reference = state.detail?.handoff?.reference;
    try {
      await api('POST', `/api/agent/conversations/${encodeURIComponent(leaving)}/transfer`, {
        to: $('transfer-to').value,
        note: $('transfer-note').value.trim() || undefined,
      });
      $('transfer-dialog').close();
      $('announcer').textContent = t('transferred', { reference });
      await refreshLists();
      openNext(leaving);
    } catch (error) {
      $('transfer-message').textContent = error.message;
    }
  });

  // --- canned replies, managed by supervisors ----------------------------------------
  let editing = null;
  $('manage-canned').addEventListener('click', async () => {
    resetCannedForm();
    $('canned-message').textContent = '';
    await loadCanned().catch(showError);
    renderCannedRows();
    $('canned-dialog').showModal();
  });

  function renderCannedRows() {
    $('canned-rows').replaceChildren(
      ...state.canned.map((reply) => {
        const row = el('tr');
        row.dataset.id = reply.id;
        row.append(el('td', null, reply.language.toUpperCase()), el('td', null, reply.title), el('td', 'canned-text', reply.text));
        const actions = el('td', 'actions');
        const edit = el('button', 'secondary', t('edit'));
        edit.type = 'button';
        edit.setAttribute('aria-label', t('editName', { name: reply.title }));
        edit.addEventListener('click', () => {
          editing = reply.id;
          $('canned-form-title').textContent = t('cannedEdit');
          $('canned-language').value = reply.language;
          $('canned-name').value = reply.title;
          $('canned-text').value = reply.text;
          $('canned-cancel').hidden = false;
          $('canned-name').focus();
        });
        const remove = el('button', 'secondary', t('remove'));
        remove.type = 'button';
        remove.setAttribute('aria-label', t('removeName', { name: reply.title }));
        remove.addEventListener('click', async () => {
          if (!window.confirm(t('confirmRemove', { name: reply.title }))) return;
          await cannedChange(() => api('DELETE', `/api/agent/canned-replies/${encodeURIComponent(reply.id)}`), t('cannedRemoved', { name: reply.title }));
        });
        actions.append(edit, remove);
        row.appendChild(actions);
        return row;
      }),
    );
  }

  function resetCannedForm() {
    editing = null;
    $('canned-form-title').textContent = t('cannedNew');
    $('canned-language').value = i18n.language;
    $('canned-name').value = '';
    $('canned-text').value = '';
    $('canned-cancel').hidden = true;
  }
  $('canned-cancel').addEventListener('click', resetCannedForm);

  async function cannedChange(request, done) {
    try {
      await request();
      $('canned-message').textContent = done;
      resetCannedForm();
    } catch (error) {
      $('canned-message').textContent = error.message;
    }
    await loadCanned().catch(() => {});
    renderCannedRows();
  }

  $('canned-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const body = { language: $('canned-language').value, title: $('canned-name').value.trim(), text: $('canned-text').value.trim() };
    const path = editing ? `/api/agent/canned-replies/${encodeURIComponent(editing)}` : '/api/agent/canned-replies';
    cannedChange(() => api(editing ? 'PUT' : 'POST', path, body), t('cannedSaved', { name: body.title }));
  });

  // --- keyboard shortcuts ------------------------------------------------------------
  document.addEventListener('keydown', (event) => {
    if (!state.agent || document.querySelector('dialog[open]')) return;
    const inField = event.target.matches?.('input, textarea, select');
    if (event.key === '?' && !inField) {
      event.preventDefault();
      showShortcuts();
      return;
    }
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    // By code, not key: Alt+letter types another character on some keyboards (macOS).
    const action = {
      KeyA: () => (!$('accept').hidden ? accept() : !$('take').hidden ? take() : undefined),
      KeyR: () => resolveOpen(),
      KeyN: () => openNext(selectedKey()),
      KeyT: () => openTransfer(),
      KeyZ: () => undoResolve(),
    }[event.code];
    if (!action) return;
    event.preventDefault();
    action();
  });

  // --- live updates --------------------------------------------------------------------
  function connect() {
    if (state.stream) state.stream.close();
    // The session cookie goes with it (EventSource sends no other credentials).
    const stream = new EventSource('/api/agent/stream');
    const refresh = () => refreshLists().catch(() => {});
    // Also after a reconnect (the instance it was on shut down): catch up on what was missed.
    stream.addEventListener('ready', () => {
      refresh();
      if (selectedKey()) loadDetail().catch(() => {});
    });
    // Logged out elsewhere, expired, disabled or given another role: back to the login.
    stream.addEventListener('session_ended', () => {
      stream.close();
      session.logout();
    });
    stream.addEventListener('queue_changed', refresh);
    const isOpen = (conversationId) => conversationId === state.selected || (state.ticket && state.detail?.ticket?.conversationId === conversationId);
    stream.addEventListener('handoff_changed', (e) => {
      refresh();
      const { conversationId, handoffId } = JSON.parse(e.data);
      if (isOpen(conversationId) || handoffId === state.ticket) loadDetail().catch(() => {});
    });
    stream.addEventListener('customer_message', (e) => {
      const data = JSON.parse(e.data);
      const mine = state.lists.active.find((item) => item.conversationId === data.conversationId);
      if (mine && (!isOpen(data.conversationId) || document.hidden)) {
        attention(t('customerWrote', { name: customerLabel(mine.customerName, mine.channel, mine.language), text: data.text || '' }), data.conversationId);
      }
      if (isOpen(data.conversationId)) {
        $('customer-typing').hidden = true;
        loadDetail().catch(() => {});
      }
    });
    // The customer is typing (where the channel says so): shown for a few seconds after each signal.
    let typingTimer;
    stream.addEventListener('customer_typing', (e) => {
      if (!isOpen(JSON.parse(e.data).conversationId) || !state.detail?.context) return;
      const { customer } = state.detail.context;
      $('customer-typing').textContent = t('customerTyping', { name: customerLabel(customer.name, customer.channel, customer.language) });
      $('customer-typing').hidden = false;
      clearTimeout(typingTimer);
      typingTimer = setTimeout(() => ($('customer-typing').hidden = true), 6000);
    });
    stream.addEventListener('agent_message', (e) => {
      if (isOpen(JSON.parse(e.data).conversationId)) loadDetail().catch(() => {});
    });
    state.stream = stream;
  }

  function rerender() {
    $('me').textContent = `${state.agent.name} (${t(`${state.agent.role}Role`).toLowerCase()})`;
    refreshLists().catch(() => {});
    if (selectedKey()) loadDetail().catch(() => {});
  }

  async function start(me) {
    const { agent, console: settingsFromServer } = me ?? (await api('GET', '/api/agent/me'));
    state.agent = agent;
    state.console = { ...state.console, ...settingsFromServer };
    $('apps').hidden = agent.role !== 'supervisor';
    $('manage-canned').hidden = agent.role !== 'supervisor';
    loadCanned().catch(() => {});
    $('login-view').hidden = true;
    $('console-view').hidden = false;
    rerender();
    connect();
    $('status').value = 'online';
    await api('POST', '/api/agent/status', { status: 'online' });
    await refreshLists();
    $('queue').querySelector('button')?.focus();
  }

  function showLogin() {
    $('login-view').hidden = false;
    $('login-username').focus();
  }

  translatePage();
  // Logged in already in this browser (another tab, the dashboard, a reload): no second login.
  session
    .restore()
    .then((me) => (me ? start(me) : showLogin()))
    .catch(showLogin);
})();
