/** Delivery reports written the way Postfix and a mailbox provider's feedback loop write them. */

export function failureDsn(o: {
  recipient: string;
  envelopeId?: string;
  originalMessageId: string;
  reportMessageId: string;
  action?: 'failed' | 'delivered' | 'delayed';
  status?: string;
  diagnostic?: string;
}): string {
  const action = o.action ?? 'failed';
  const status = o.status ?? (action === 'failed' ? '5.1.1' : action === 'delayed' ? '4.4.1' : '2.0.0');
  return [
    'From: MAILER-DAEMON@relay.example.net (Mail Delivery System)',
    'To: bounces@sendook.localhost',
    `Subject: ${action === 'failed' ? 'Undelivered Mail Returned to Sender' : 'Delivery Status Notification'}`,
    `Message-ID: ${o.reportMessageId}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn-boundary"',
    '',
    '--dsn-boundary',
    'Content-Type: text/plain',
    '',
    `This is the mail system at host relay.example.net. Your message to <${o.recipient}>: ${action}.`,
    '',
    '--dsn-boundary',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; relay.example.net',
    ...(o.envelopeId ? [`Original-Envelope-Id: ${o.envelopeId}`] : []),
    'Arrival-Date: Sat, 28 Nov 2026 05:00:00 +0000',
    '',
    `Final-Recipient: rfc822; ${o.recipient}`,
    `Original-Recipient: rfc822;${o.recipient}`,
    `Action: ${action}`,
    `Status: ${status}`,
    'Remote-MTA: dns; mx.example.net',
    `Diagnostic-Code: smtp; ${o.diagnostic ?? (action === 'failed' ? '550 5.1.1 <x>: Recipient address rejected: User unknown' : '250 2.0.0 Ok')}`,
    '',
    '--dsn-boundary',
    'Content-Type: text/rfc822-headers',
    '',
    `Message-ID: ${o.originalMessageId}`,
    'Subject: the original',
    '',
    '--dsn-boundary--',
    '',
  ].join('\r\n');
}

export function arfReport(o: {
  recipient: string;
  originalMessageId: string;
  reportMessageId: string;
  mailFrom: string;
}) {
  return [
    'From: feedback@mailbox.example.net',
    'To: bounces@sendook.localhost',
    'Subject: FW: the original',
    `Message-ID: ${o.reportMessageId}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=feedback-report; boundary="arf-boundary"',
    '',
    '--arf-boundary',
    'Content-Type: text/plain',
    '',
    'This is an email abuse report.',
    '',
    '--arf-boundary',
    'Content-Type: message/feedback-report',
    '',
    'Feedback-Type: abuse',
    'User-Agent: SomeGenerator/1.0',
    'Version: 1',
    `Original-Mail-From: <${o.mailFrom}>`,
    `Original-Rcpt-To: <${o.recipient}>`,
    'Arrival-Date: Sat, 28 Nov 2026 05:00:00 +0000',
    'Source-IP: 192.0.2.1',
    '',
    '--arf-boundary',
    'Content-Type: message/rfc822',
    'Content-Disposition: inline',
    '',
    `Message-ID: ${o.originalMessageId}`,
    `To: ${o.recipient}`,
    'Subject: the original',
    '',
    'body',
    '',
    '--arf-boundary--',
    '',
  ].join('\r\n');
}
