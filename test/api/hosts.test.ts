// The Host and Origin allow-list, as a table: which requests are served and which refused.
import { describe, expect, it } from 'vitest';
import { hostPolicy } from '../../src/server/hosts.js';

const policy = hostPolicy({ allowedHosts: ['api.example.com', '*.apps.example.com'], corsOrigins: ['https://frontend.example.net'] });
const refused = (host: string | undefined, origin?: string, path = '/graphql') => policy.refuse({ host, origin, path })?.code ?? 'served';

describe('the Host allow-list', () => {
  it.each([
    ['localhost:4000', 'served'],
    ['LOCALHOST', 'served'],
    ['localhost.', 'served'],
    ['app.localhost:4000', 'served'],
    ['127.0.0.1:4000', 'served'],
    ['10.1.2.3', 'served'],
    ['[::1]:4000', 'served'],
    ['[2001:db8::7]', 'served'],
    ['api.example.com', 'served'],
    ['api.example.com:443', 'served'],
    ['eu.apps.example.com', 'served'],
    ['a.b.apps.example.com', 'served'],
    ['apps.example.com', 'HOST_NOT_ALLOWED'],
    ['evil.example.org:4000', 'HOST_NOT_ALLOWED'],
    ['api.example.com.evil.org', 'HOST_NOT_ALLOWED'],
    ['localhost.evil.org', 'HOST_NOT_ALLOWED'],
    ['user@localhost', 'HOST_NOT_ALLOWED'],
    ['localhost/x', 'HOST_NOT_ALLOWED'],
    ['', 'HOST_NOT_ALLOWED'],
    [undefined, 'HOST_NOT_ALLOWED'],
  ])('Host %s is %s', (host, expected) => {
    expect(refused(host)).toBe(expected);
  });

  it.each(['/health', '/ready', '/metrics'])('serves %s to any Host, so probes and scrapes by pod IP or name work', (path) => {
    expect(refused('pod-7.internal', undefined, path)).toBe('served');
    expect(refused('evil.example.org', 'https://evil.example.org', path)).toBe('served');
  });

  it('names the Host it refused and what it expected', () => {
    expect(policy.refuse({ host: 'evil.example.org:4000', path: '/graphql' })?.message).toBe(
      'Host evil.example.org is not served; expected one of localhost, *.localhost, api.example.com, *.apps.example.com or an IP address (ALLOWED_HOSTS adds names)',
    );
  });

  it('serves only loopback names and IP literals by default', () => {
    const defaults = hostPolicy({ allowedHosts: [], corsOrigins: [] });
    expect(defaults.refuse({ host: 'localhost:4000', path: '/graphql' })).toBeNull();
    expect(defaults.refuse({ host: '192.168.1.20:4000', path: '/graphql' })).toBeNull();
    expect(defaults.refuse({ host: 'rebound.attacker.test:4000', path: '/graphql' })?.code).toBe('HOST_NOT_ALLOWED');
    expect(defaults.served).toBe('localhost, *.localhost and IP literals');
  });
});

describe('the Origin check', () => {
  it.each([
    ['localhost:4000', undefined, 'served'],
    ['localhost:4000', '', 'served'],
    ['localhost:4000', 'http://localhost:4000', 'served'],
    ['localhost:4000', 'http://localhost:5173', 'served'],
    ['127.0.0.1:4000', 'http://127.0.0.1:4000', 'served'],
    ['127.0.0.1:4000', 'http://127.0.0.1:5173', 'served'],
    ['10.1.2.3:4000', 'http://10.1.2.3:4000', 'served'],
    ['api.example.com', 'https://api.example.com', 'served'],
    ['api.example.com', 'https://eu.apps.example.com', 'served'],
    ['api.example.com', 'https://frontend.example.net', 'served'],
    ['10.1.2.3:4000', 'http://10.9.9.9:4000', 'ORIGIN_NOT_ALLOWED'],
    ['10.1.2.3:4000', 'http://10.1.2.3:8080', 'ORIGIN_NOT_ALLOWED'],
    ['localhost:4000', 'http://rebound.attacker.test:4000', 'ORIGIN_NOT_ALLOWED'],
    ['api.example.com', 'https://frontend.example.net:8443', 'ORIGIN_NOT_ALLOWED'],
    ['api.example.com', 'null', 'ORIGIN_NOT_ALLOWED'],
    ['api.example.com', 'file://', 'ORIGIN_NOT_ALLOWED'],
    ['api.example.com', 'chrome-extension://abcdef', 'ORIGIN_NOT_ALLOWED'],
  ])('Host %s with Origin %s is %s', (host, origin, expected) => {
    expect(refused(host, origin)).toBe(expected);
  });

  it('never trusts an Origin because it matches the Host a rebound page sends', () => {
    const defaults = hostPolicy({ allowedHosts: [], corsOrigins: [] });
    // The Host is refused first; the Origin alone would be refused too on a served Host.
    expect(defaults.refuse({ host: 'rebound.attacker.test:4000', origin: 'http://rebound.attacker.test:4000', path: '/graphql' })?.code).toBe('HOST_NOT_ALLOWED');
    expect(defaults.refuse({ host: '127.0.0.1:4000', origin: 'http://rebound.attacker.test:4000', path: '/graphql' })?.code).toBe('ORIGIN_NOT_ALLOWED');
  });
});
