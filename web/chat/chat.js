// Demo page: a chat session from /api/webchat/token, rendered by the stock Web Chat bundle
// against Balie's own Direct Line routes. The session survives a page reload (sessionStorage);
// the customer stays the same customer on a later visit (a visitor token in localStorage).
(async () => {
  'use strict';
  const KEY = 'balie.webchat';
  const target = document.getElementById('webchat');
  // The page's Content-Security-Policy allows injected styles only with this nonce.
  const nonce = document.querySelector('meta[name="balie-csp-nonce"]')?.content;
  // The kinds of file Balie takes (photos and PDF); empty when the service takes no files.
  const uploadAccept = document.querySelector('meta[name="balie-upload-accept"]')?.content || '';

  const VISITOR_KEY = 'balie.visitor';

  // A chat session: the one this tab already has, else a new one. The visitor token (kept in
  // localStorage, signed by Balie) makes a returning customer the same customer, so the answers
  // to their tickets are waiting; a ticket email's link (?ticket=) opens that ticket's conversation.
  async function session() {
    const ticketLink = new URLSearchParams(location.search).get('ticket');
    const saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    if (!ticketLink && saved && saved.expiresAt > Date.now() + 60000) return saved;
    // The browser's language goes with the token, so the welcome is in it before the customer writes.
    const request = { locale: navigator.language || 'nl-NL' };
    const visitor = localStorage.getItem(VISITOR_KEY);
    if (visitor) request.visitor = visitor;
    let response = await token(ticketLink ? { ...request, ticketLink } : request);
    if (!response.ok && ticketLink) {
      // An old or damaged link: say so, and start a chat anyway.
      notice((await response.json()).error.message);
      response = await token(request);
    }
    if (!response.ok) throw new Error((await response.json()).error.message);
    const { conversationId, token: chatToken, expires_in, visitor: visitorToken } = await response.json();
    if (visitorToken) localStorage.setItem(VISITOR_KEY, visitorToken);
    // The link did its work: a reload continues this session instead of using it again.
    if (ticketLink) history.replaceState(null, '', location.pathname);
    const fresh = { conversationId, token: chatToken, expiresAt: Date.now() + expires_in * 1000 };
    sessionStorage.setItem(KEY, JSON.stringify(fresh));
    return fresh;
  }

  function token(body) {
    return fetch('/api/webchat/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  function notice(text) {
    const p = document.createElement('p');
    p.className = 'notice';
    p.textContent = text;
    document.querySelector('header').appendChild(p);
  }

  // An agent's messages show the agent's name and initials, not the bot's; lines about the
  // conversation itself (an agent joined or resolved) are small and centred. Web Chat's
  // middleware draws with React, which this page loads before Web Chat.
  function agentPresentation() {
    const h = window.React && window.React.createElement;
    if (!h) return {};
    const balie = (activity) => (activity && activity.channelData && activity.channelData.balie) || {};
    const initials = (name) =>
      name
        .split(/\s+/)
        .filter(Boolean)
        .slice(0, 2)
        .map((part) => part[0].toUpperCase())
        .join('');
    // Web Chat groups consecutive messages by role (one avatar per group); an agent's are a group of their own.
    const sameSender = (a, b) =>
      a.from.role === b.from.role && (balie(a).agentName || '') === (balie(b).agentName || '') && !balie(a).system && !balie(b).system;
    return {
      groupActivitiesMiddleware: () => (next) => (args) => {
        const groups = next(args);
        const sender = [];
        for (const activity of args.activities) {
          const last = sender[sender.length - 1];
          if (last && sameSender(last[last.length - 1], activity)) last.push(activity);
          else sender.push([activity]);
        }
        return { ...groups, sender };
      },
      activityMiddleware:
        () =>
        (next) =>
        (...args) => {
          const [{ activity }] = args;
          if (activity.type === 'message' && balie(activity).system) {
            return () => h('div', { className: 'balie-system-line', role: 'note' }, activity.text);
          }
          return next(...args);
        },
      avatarMiddleware: () => (next) => (args) => {
        const name = balie(args.activity).agentName;
        if (!name || args.fromUser) return next(args);
        return () => h('div', { className: 'balie-agent-avatar', 'aria-hidden': true }, initials(name));
      },
      activityStatusMiddleware:
        () =>
        (next) =>
        (...args) => {
          const [{ activity }] = args;
          const name = balie(activity).agentName;
          const status = next(...args);
          if (!name) return status;
          return h('span', { className: 'balie-agent-status' }, h('span', { className: 'balie-agent-name' }, name), status ? ' · ' : null, status);
        },
    };
  }

  try {
    const dutch = (navigator.language || 'nl').toLowerCase().startsWith('nl');
    const { token: chatToken, conversationId } = await session();
    const directLine = window.WebChat.createDirectLine({ token: chatToken, conversationId, domain: `${location.origin}/v3/directline`, webSocket: true });
    window.WebChat.renderWebChat(
      {
        directLine,
        nonce,
        locale: dutch ? 'nl-NL' : 'en-US',
        // An agent who has the conversation sees the customer typing.
        sendTypingIndicator: true,
        styleOptions: {
          botAvatarInitials: 'HC',
          userAvatarInitials: 'Jij',
          hideUploadButton: !uploadAccept,
          uploadAccept,
          uploadMultiple: true,
          // Web Chat 4.18's thumbnail worker never answers under this page's Content-Security-Policy (the
          // upload then waits forever); the photo shows from Balie's address once sent.
          enableUploadThumbnail: false,
          suggestedActionLayout: 'flow',
          accent: '#1f5fbf',
        },
        // The shop's informal tone, also in Web Chat's own words.
        overrideLocalizedStrings: { TEXT_INPUT_PLACEHOLDER: dutch ? 'Typ je bericht' : 'Type your message' },
        ...agentPresentation(),
      },
      target,
    );
    target.querySelector('input, textarea')?.focus();
  } catch (error) {
    const p = document.createElement('p');
    p.id = 'error';
    p.textContent = `De chat kon niet starten / The chat could not start: ${error.message}`;
    target.appendChild(p);
  }
})();
