import { describe, expect, it } from 'vitest';
import { parseMessageIds, pickThread, threadCandidates } from '../../src/domain/mail/threads.ts';

describe('thread look-up order (contract 5.1)', () => {
  it('tries In-Reply-To first, then References newest first, without repeats', () => {
    expect(threadCandidates('<c@x>', ['<a@x>', '<b@x>', '<c@x>'])).toEqual(['<c@x>', '<b@x>', '<a@x>']);
    expect(threadCandidates(null, ['<a@x>', '<b@x>'])).toEqual(['<b@x>', '<a@x>']);
    expect(threadCandidates(null, [])).toEqual([]);
  });

  it('picks the first candidate that is a known message', () => {
    const found = new Map([
      ['<a@x>', 'thread_a'],
      ['<b@x>', 'thread_b'],
    ]);
    expect(pickThread(['<z@x>', '<b@x>', '<a@x>'], found)).toBe('thread_b');
    expect(pickThread(['<z@x>'], found)).toBeNull();
  });

  it('reads Message-IDs out of header values, strings or arrays', () => {
    expect(parseMessageIds('<a@x> <b@x>\r\n\t<c@x>')).toEqual(['<a@x>', '<b@x>', '<c@x>']);
    expect(parseMessageIds(['<a@x>', '<b@x>'])).toEqual(['<a@x>', '<b@x>']);
    expect(parseMessageIds('no ids here')).toEqual([]);
    expect(parseMessageIds(undefined)).toEqual([]);
  });
});
