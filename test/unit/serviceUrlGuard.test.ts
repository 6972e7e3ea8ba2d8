import { expect } from 'chai';
import { ServiceUrlGuard } from '../../channels/serviceUrlGuard';

describe('ServiceUrlGuard (anonymous-mode SSRF guard)', () => {
  const guard = new ServiceUrlGuard(['webchat.example.org', 'https://bots.example.com:8443/x'], 'https://support.example.nl');
  const allowed = [
    'http://localhost:3978',
    'http://127.0.0.1:5000/api',
    'http://127.9.9.9',
    'http://[::1]:8080',
    'https://support.example.nl/v3',
    'https://webchat.example.org',
    'https://bots.example.com',
  ];
  const refused = [
    'http://169.254.169.254/latest/meta-data',
    'http://10.0.0.5',
    'http://192.168.1.1',
    'https://evil.example.com',
    'http://localhost.evil.com',
    'file:///etc/passwd',
    'ftp://localhost',
    'http://user:pw@localhost',
    'not a url',
    'http://0.0.0.0',
    'https://support.example.nl.evil.com',
  ];
  for (const url of allowed) it(`allows ${url}`, () => expect(guard.isAllowed(url)).to.equal(true));
  for (const url of refused) it(`refuses ${url}`, () => expect(guard.isAllowed(url)).to.equal(false));
});
