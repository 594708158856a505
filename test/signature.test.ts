import { Webhook as StandardWebhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signWebhook } from '../src/domain/signature.ts';

describe('signWebhook', () => {
  it('matches the known Standard Webhooks vector of contract 3.3', () => {
    expect(
      signWebhook(
        ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        1614265330,
        '{"test": 2432232314}',
      ),
    ).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('lists one signature per secret, each accepted by the standardwebhooks verifier', () => {
    const secrets = ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldCBrZXkhIQ=='];
    const timestamp = Math.floor(Date.now() / 1000);
    const body = '{"event":"inbox.created"}';
    const signature = signWebhook(secrets, 'evt_1', timestamp, body);
    expect(signature.split(' ')).toHaveLength(2);
    for (const secret of secrets) {
      const headers = { 'webhook-id': 'evt_1', 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
      expect(new StandardWebhook(secret).verify(body, headers)).toEqual({ event: 'inbox.created' });
    }
  });
});
