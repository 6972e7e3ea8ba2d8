// Demo page: a chat session from /api/webchat/token, rendered by the stock Web Chat bundle
// against Balie's own Direct Line routes. The session survives a page reload (sessionStorage);
// the customer stays the same customer on a later visit (a visitor token in localStorage).
(async () => {
  'use strict';
  const KEY = 'balie.webchat';
  const target = document.getElementById('webchat');
  // The page's Content-Security-Policy allows injected styles only with this nonce.
  const nonce = document.querySelector('meta[name="balie-csp-nonce"]')?.content;

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

  try {
    const { token: chatToken, conversationId } = await session();
    const directLine = window.WebChat.createDirectLine({ token: chatToken, conversationId, domain: `${location.origin}/v3/directline`, webSocket: true });
    window.WebChat.renderWebChat(
      {
        directLine,
        nonce,
        locale: (navigator.language || 'nl').toLowerCase().startsWith('nl') ? 'nl-NL' : 'en-US',
        styleOptions: { botAvatarInitials: 'HC', userAvatarInitials: 'Jij', hideUploadButton: true, suggestedActionLayout: 'flow', accent: '#1f5fbf' },
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
