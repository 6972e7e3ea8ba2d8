// The login session shared by the agent console and the analytics dashboard. The login lives in
// an HttpOnly session cookie (no script can read it; every tab of the browser shares it), so a
// new tab needs no second login; changes carry the session's CSRF token in X-CSRF-Token.
window.BalieSession = (() => {
  let csrfToken = null;
  let onLogout = () => {};

  class HttpError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  const changeHeaders = () => (csrfToken ? { 'x-csrf-token': csrfToken } : {});

  function ended() {
    csrfToken = null;
    onLogout();
  }

  /** Ends the login on the server (the cookie and the token behind it) and here. */
  function logout() {
    if (csrfToken) fetch('/api/agent/logout', { method: 'POST', headers: changeHeaders() }).catch(() => {});
    ended();
  }

  return {
    /** The CSRF token of this login, for requests made outside `request` (a keepalive fetch on leaving). */
    get csrfToken() {
      return csrfToken;
    },
    /** What the page does when the session ends (its own logout button, or an expired login). */
    set onLogout(handler) {
      onLogout = handler;
    },
    /** The login this browser already has (another tab, a reload): `GET /api/agent/me`'s answer, or null. */
    async restore() {
      const response = await fetch('/api/agent/me');
      if (!response.ok) return null;
      const data = await response.json();
      csrfToken = data.csrfToken;
      return data;
    },
    /** Logs in; resolves with `{ token, expiresAt, csrfToken, agent }`, rejects with the server's message. */
    async login(username, password) {
      const response = await fetch('/api/agent/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) throw new HttpError(response.status, data.error?.message ?? 'Login failed');
      csrfToken = data.csrfToken;
      return data;
    },
    logout,
    /** An authorised request: the parsed JSON (or the Response with `raw`); a 401 ends the session. */
    async request(path, { method = 'GET', body, raw = false } = {}) {
      const response = await fetch(path, {
        method,
        headers: { ...(method === 'GET' ? {} : changeHeaders()), ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      if (response.status === 401) {
        ended();
        throw new HttpError(401, 'Your session has ended; log in again.');
      }
      if (!response.ok) {
        const error = await response.json().catch(() => ({}));
        throw new HttpError(response.status, error.error?.message ?? `request failed (${response.status})`);
      }
      if (raw) return response;
      return response.status === 204 ? {} : response.json();
    },
  };
})();
