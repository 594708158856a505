import { describe, expect, it } from 'vitest';
import { AddressPolicy, classifyAddress, parseWebhookUrl } from '../../src/domain/url-policy.ts';
import { DomainError } from '../../src/errors.ts';

/**
 * Every special-purpose range with the addresses just inside and just outside it (reliability.md
 * row 16), written out here rather than derived from the code under test.
 */
const TABLE: Array<[string, string]> = [
  // 0.0.0.0/8 "this network"
  ['0.0.0.0', 'unspecified'],
  ['0.255.255.255', 'unspecified'],
  ['1.0.0.0', 'public'],
  // 10.0.0.0/8
  ['9.255.255.255', 'public'],
  ['10.0.0.0', 'private'],
  ['10.255.255.255', 'private'],
  ['11.0.0.0', 'public'],
  // 100.64.0.0/10
  ['100.63.255.255', 'public'],
  ['100.64.0.0', 'carrier-grade NAT'],
  ['100.127.255.255', 'carrier-grade NAT'],
  ['100.128.0.0', 'public'],
  // 127.0.0.0/8
  ['126.255.255.255', 'public'],
  ['127.0.0.0', 'loopback'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.255', 'loopback'],
  ['128.0.0.0', 'public'],
  // 169.254.0.0/16, cloud metadata included
  ['169.253.255.255', 'public'],
  ['169.254.0.0', 'link-local'],
  ['169.254.169.254', 'link-local'],
  ['169.254.255.255', 'link-local'],
  ['169.255.0.0', 'public'],
  // 172.16.0.0/12
  ['172.15.255.255', 'public'],
  ['172.16.0.0', 'private'],
  ['172.31.255.255', 'private'],
  ['172.32.0.0', 'public'],
  // 192.0.0.0/24
  ['191.255.255.255', 'public'],
  ['192.0.0.0', 'reserved'],
  ['192.0.0.255', 'reserved'],
  ['192.0.1.0', 'public'],
  // 192.0.2.0/24
  ['192.0.1.255', 'public'],
  ['192.0.2.0', 'documentation'],
  ['192.0.2.255', 'documentation'],
  ['192.0.3.0', 'public'],
  // 192.88.99.0/24
  ['192.88.98.255', 'public'],
  ['192.88.99.0', 'reserved'],
  ['192.88.99.255', 'reserved'],
  ['192.88.100.0', 'public'],
  // 192.168.0.0/16
  ['192.167.255.255', 'public'],
  ['192.168.0.0', 'private'],
  ['192.168.255.255', 'private'],
  ['192.169.0.0', 'public'],
  // 198.18.0.0/15
  ['198.17.255.255', 'public'],
  ['198.18.0.0', 'benchmarking'],
  ['198.19.255.255', 'benchmarking'],
  ['198.20.0.0', 'public'],
  // 198.51.100.0/24
  ['198.51.99.255', 'public'],
  ['198.51.100.0', 'documentation'],
  ['198.51.100.255', 'documentation'],
  ['198.51.101.0', 'public'],
  // 203.0.113.0/24
  ['203.0.112.255', 'public'],
  ['203.0.113.0', 'documentation'],
  ['203.0.113.255', 'documentation'],
  ['203.0.114.0', 'public'],
  // 224.0.0.0/4, 240.0.0.0/4, broadcast
  ['223.255.255.255', 'public'],
  ['224.0.0.0', 'multicast'],
  ['239.255.255.255', 'multicast'],
  ['240.0.0.0', 'reserved'],
  ['255.255.255.254', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  // IPv4 controls
  ['1.1.1.1', 'public'],
  ['8.8.8.8', 'public'],
  ['93.184.216.34', 'public'],

  // IPv6: unspecified, loopback and the IPv4-compatible ::/96 around them
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['::2', 'unspecified'], // ::0.0.0.2
  ['::7f00:1', 'loopback'],
  ['::a9fe:a9fe', 'link-local'],
  ['::808:808', 'public'],
  ['::1:0:0', 'reserved'], // just past ::/96, outside 2000::/3
  // IPv4-mapped ::ffff:0:0/96
  ['::fffe:ffff:ffff', 'reserved'],
  ['::ffff:0:0', 'unspecified'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::ffff:a9fe:a9fe', 'link-local'],
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:8.8.8.8', 'public'],
  ['::1:0:0:0', 'reserved'],
  // IPv4-translated ::ffff:0:0:0/96
  ['::ffff:0:7f00:1', 'loopback'],
  ['::ffff:0:a9fe:a9fe', 'link-local'],
  ['::ffff:0:808:808', 'public'],
  // NAT64 64:ff9b::/96 and 64:ff9b:1::/48
  ['64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff', 'reserved'],
  ['64:ff9b::7f00:1', 'loopback'],
  ['64:ff9b::a9fe:a9fe', 'link-local'],
  ['64:ff9b::a00:1', 'private'],
  ['64:ff9b::808:808', 'public'],
  ['64:ff9b::1:0:0', 'reserved'],
  ['64:ff9b:1::', 'reserved'],
  ['64:ff9b:1:ffff:ffff:ffff:ffff:ffff', 'reserved'],
  // discard 100::/64
  ['100::', 'reserved'],
  ['100::ffff:ffff:ffff:ffff', 'reserved'],
  // Teredo 2001::/32: server in bits 32-63, client inverted in bits 96-127
  ['2001:0:808:808::fefe:fefe', 'public'], // server 8.8.8.8, client 1.1.1.1
  ['2001:0:808:808::80ff:fffe', 'loopback'], // client 127.0.0.1
  ['2001:0:7f00:1::fefe:fefe', 'loopback'], // server 127.0.0.1
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'documentation'], // RFC 4380's example: client 192.0.2.45
  // 2001::/23 and the ranges inside it
  ['2001:1::1', 'reserved'],
  ['2001:2::', 'benchmarking'],
  ['2001:2:0:ffff:ffff:ffff:ffff:ffff', 'benchmarking'],
  ['2001:2:1::', 'reserved'],
  ['2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff', 'reserved'],
  ['2001:200::', 'public'],
  // documentation 2001:db8::/32 and 3fff::/20
  ['2001:db7:ffff:ffff:ffff:ffff:ffff:ffff', 'public'],
  ['2001:db8::', 'documentation'],
  ['2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', 'documentation'],
  ['2001:db9::', 'public'],
  ['3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'public'],
  ['3fff::', 'documentation'],
  ['3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff', 'documentation'],
  ['3fff:1000::', 'public'],
  // 6to4 2002::/16
  ['2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'public'],
  ['2002:7f00:1::', 'loopback'],
  ['2002:a9fe:a9fe::', 'link-local'],
  ['2002:c0a8:101::1', 'private'],
  ['2002:808:808::', 'public'],
  ['2003::', 'public'],
  // ISATAP interface identifiers, under any prefix
  ['::5efe:7f00:1', 'loopback'],
  ['::200:5efe:a9fe:a9fe', 'link-local'],
  ['2001:4860:1:2:0:5efe:7f00:1', 'loopback'],
  ['2001:4860:1:2:200:5efe:a00:1', 'private'],
  ['2001:4860:1:2:0:5efe:808:808', 'public'],
  ['::5efe:808:808', 'reserved'], // a public IPv4 under a prefix that is not global unicast
  // outside 2000::/3 is not global unicast
  ['1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'reserved'],
  ['2000::', 'public'],
  ['3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'public'],
  ['4000::', 'reserved'],
  ['5f00::1', 'reserved'],
  // unique local fc00::/7 (AWS metadata fd00:ec2::254 included), link-local, site-local, multicast
  ['fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'reserved'],
  ['fc00::', 'private'],
  ['fd00:ec2::254', 'private'],
  ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'private'],
  ['fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'reserved'],
  ['fe80::', 'link-local'],
  ['fe80::5efe:808:808', 'link-local'],
  ['febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'link-local'],
  ['fec0::', 'private'],
  ['feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'private'],
  ['ff00::', 'multicast'],
  ['ff02::1', 'multicast'],
  // IPv6 controls
  ['2001:4860:4860::8888', 'public'],
  ['2606:4700::1111', 'public'],
  // Other spellings of the same addresses (reliability.md rows 17 and 18)
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['0:0:0:0:0:ffff:7f00:1', 'loopback'],
  ['::FFFF:A9FE:A9FE', 'link-local'],
  ['127.1', 'loopback'],
  ['2130706433', 'loopback'],
  ['0x7f.1', 'loopback'],
  ['0177.0.0.1', 'loopback'],
  ['0x7f000001', 'loopback'],
];

describe('classifyAddress', () => {
  it.each(TABLE)('%s is %s', (address, range) => {
    expect(classifyAddress(address)).toBe(range);
  });

  it('throws on what is not an address', () => {
    expect(() => classifyAddress('example.com')).toThrow();
  });
});

describe('AddressPolicy', () => {
  const strict = new AddressPolicy({ strict: true, allowedCidrs: [] });
  const lax = new AddressPolicy({ strict: false, allowedCidrs: [] });

  it.each(TABLE)('strict mode refuses %s unless it is public (%s)', (address, range) => {
    if (range === 'public') expect(strict.refusal(address)).toBeNull();
    else
      expect(strict.refusal(address)).toBe(
        `${address} is ${/^[aeiou]/.test(range) ? 'an' : 'a'} ${range} address, which webhooks may not reach`,
      );
  });

  it.each([
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::a9fe:a9fe',
    '2002:7f00:1::',
    '::7f00:1',
    '::ffff:0:7f00:1',
    'fd00:ec2::254',
    '::5efe:7f00:1',
  ])('strict mode refuses the IPv6 spelling %s (reliability.md row 17)', (address) => {
    expect(strict.refusal(address)).not.toBeNull();
  });

  it('outside production allows loopback in every spelling, and nothing else that is not public', () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '8.8.8.8']) {
      expect(lax.refusal(address)).toBeNull();
    }
    for (const address of [
      '0.0.0.0',
      '10.0.0.1',
      '169.254.169.254',
      '100.64.0.1',
      'fd00:ec2::254',
      '::ffff:10.0.0.1',
    ]) {
      expect(lax.refusal(address)).toMatch(/may not reach/);
    }
  });

  it('WEBHOOK_ALLOWED_CIDRS lets a range through in every spelling, and only that range', () => {
    const allowing = new AddressPolicy({ strict: true, allowedCidrs: ['127.0.0.2/32', '10.0.0.0/8'] });
    for (const address of ['127.0.0.2', '::ffff:127.0.0.2', '64:ff9b::7f00:2', '10.1.2.3', '2002:a01:203::']) {
      expect(allowing.refusal(address)).toBeNull();
    }
    for (const address of ['127.0.0.1', '127.0.0.3', '::1', '::ffff:127.0.0.1', '169.254.169.254']) {
      expect(allowing.refusal(address)).not.toBeNull();
    }
    // Teredo carries two addresses: allowing one of them does not let the other through.
    expect(allowing.refusal('2001:0:a00:1::80ff:fffe')).toMatch(/loopback/);
  });
});

/** The BAD_USER_INPUT message parseWebhookUrl throws for `raw` on field `url`, or null if it accepts. */
function refusal(raw: string, strict: boolean, allowedCidrs: string[] = []): string | null {
  try {
    parseWebhookUrl('url', raw, new AddressPolicy({ strict, allowedCidrs }), strict);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    return (error as Error).message;
  }
}

describe('parseWebhookUrl', () => {
  it.each([
    'https://exa\r\nmple.com/',
    'https://example.com/\nhook',
    'https://exa\tmple.com/',
    'https://example.com/\u0000',
    'https://example.com/\u001f',
    'https://example.com/\u007f',
    'https://example.com/\u0085',
    '\thttps://example.com/',
  ])('refuses control characters instead of stripping them: %j', (raw) => {
    for (const strict of [true, false]) expect(refusal(raw, strict)).toMatch(/control characters.*https:\/\/host/);
  });

  it.each([
    'file:///etc/passwd',
    'gopher://example.com/',
    'ftp://example.com/hook',
    'data:text/plain,hi',
    'javascript:alert(1)',
    'ws://example.com/',
  ])('refuses the scheme of %s', (raw) => {
    expect(refusal(raw, true)).toMatch(/must use https/);
    expect(refusal(raw, false)).toMatch(/must use http or https/);
  });

  it.each([
    'https://user:secret@example.com/hook',
    'https://user@example.com/hook',
    'https://:secret@example.com/hook',
    'https://@example.com/hook',
  ])('refuses user information: %s', (raw) => {
    expect(refusal(raw, false)).toMatch(/user name or password/);
  });

  it.each([
    ['https://localhost./', 'localhost'],
    ['https://example.com./hook', 'example.com'],
    ['https://EXAMPLE.com../', 'example.com'],
  ])('refuses the trailing dot of %s in every mode', (raw, bare) => {
    for (const strict of [true, false]) expect(refusal(raw, strict)).toContain(`trailing dot (${bare})`);
  });

  it('refuses URLs over 2,048 characters, typed or stored', () => {
    const base = 'https://example.com/';
    expect(refusal(base + 'a'.repeat(2048 - base.length), true)).toBeNull();
    expect(refusal(base + 'a'.repeat(2049 - base.length), true)).toMatch(/at most 2048 characters/);
    // One character typed, six stored (percent-encoded UTF-8): the stored form counts too.
    expect(refusal(base + 'é'.repeat(1000), true)).toMatch(/at most 2048 characters/);
  });

  it.each([
    'https://2130706433/',
    'https://0x7f.1/',
    'https://127.1/',
    'https://0177.0.0.1/',
    'https://[0:0:0:0:0:0:0:1]/',
    'https://0.0.0.0/',
    'https://[::5efe:7f00:1]/',
    'https://[::ffff:a9fe:a9fe]/latest',
    'https://[fd00:ec2::254]/latest',
    'https://169.254.169.254/latest',
    'https://100.64.0.1/',
    'https://198.18.0.1/',
    'https://localhost/',
    'https://LocalHost/',
    'https://api.localhost/',
  ])('production refuses %s, judging the address the parser makes of it', (raw) => {
    expect(refusal(raw, true)).toMatch(/^Webhook URL refused: .*may not reach\. Use a public address\.$/);
  });

  it('stores what it accepts in the parser’s normal form', () => {
    const strict = new AddressPolicy({ strict: true, allowedCidrs: [] });
    expect(parseWebhookUrl('url', ' https://Example.com:443/hook?x=1 ', strict, true)).toBe(
      'https://example.com/hook?x=1',
    );
    expect(parseWebhookUrl('url', 'https://0x5db8d822/hook', strict, true)).toBe('https://93.184.216.34/hook');
    expect(parseWebhookUrl('url', 'https://ёж.рф/', strict, true)).toBe('https://xn--f1a7c.xn--p1ai/');
  });

  it('outside production allows http and loopback in any spelling, but still no private address', () => {
    expect(refusal('http://localhost:3000/hook', false)).toBeNull();
    expect(refusal('http://127.1:3000/hook', false)).toBeNull();
    expect(refusal('http://[::1]:3000/hook', false)).toBeNull();
    expect(refusal('http://10.0.0.1/hook', false)).toMatch(/private address/);
    expect(refusal('http://[::ffff:a9fe:a9fe]/hook', false)).toMatch(/link-local address/);
  });

  it('production with WEBHOOK_ALLOWED_CIDRS accepts that range, https only', () => {
    expect(refusal('https://127.0.0.1:1/x', true, ['127.0.0.0/8'])).toBeNull();
    expect(refusal('http://127.0.0.1:1/x', true, ['127.0.0.0/8'])).toMatch(/must use https/);
    expect(refusal('https://[::1]/x', true, ['127.0.0.0/8'])).toMatch(/loopback/);
  });
});
