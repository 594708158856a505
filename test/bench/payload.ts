/** A message.received payload of a realistic size: the signed webhook body is about 1 KB. */
export const benchPayload = {
  message: {
    id: 'msg_01jbenchbenchbenchbenchbench',
    from: 'Alice Example <alice@example.com>',
    to: ['bench@sendook.localhost'],
    subject: 'Benchmark message',
    text: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(12),
    receivedAt: '2026-11-27T12:00:00.000Z',
  },
};
