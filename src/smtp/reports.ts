import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Splitter } from '@zone-eu/mailsplit';
import type { Report } from '../domain/mail/feedback.ts';

interface Part {
  contentType: string;
  headers: string;
  body: Buffer;
}

/** Leaf parts of a MIME message, bodies decoded; embedded messages stay one part. */
async function leafParts(raw: Buffer): Promise<Part[]> {
  const parts: Part[] = [];
  const splitter = new Splitter({ ignoreEmbedded: true });
  let current: {
    node: { contentType?: string; getHeaders(): Buffer; getDecoder(): NodeJS.ReadWriteStream };
    chunks: Buffer[];
  } | null = null;
  const finish = async () => {
    const part = current;
    current = null;
    if (!part) return;
    const decoder = part.node.getDecoder();
    const decoded: Buffer[] = [];
    decoder.on('data', (chunk: Buffer) => decoded.push(chunk));
    const done = new Promise((resolve, reject) => {
      decoder.once('end', resolve);
      decoder.once('error', reject);
    });
    for (const chunk of part.chunks) decoder.write(chunk);
    decoder.end();
    const index = parts.length;
    parts.push({
      contentType: (part.node.contentType ?? 'text/plain').toLowerCase(),
      headers: part.node.getHeaders().toString('utf8'),
      body: Buffer.alloc(0),
    });
    await done;
    parts[index].body = Buffer.concat(decoded);
  };
  const pending: Array<Promise<void>> = [];
  splitter.on('data', (data: { type: string; value?: Buffer }) => {
    if (data.type === 'node') {
      pending.push(finish());
      current = { node: data as never, chunks: [] };
    } else if (data.type === 'body' && current && data.value) {
      current.chunks.push(data.value);
    }
  });
  await pipeline(Readable.from([raw]), splitter as unknown as NodeJS.WritableStream);
  pending.push(finish());
  await Promise.all(pending);
  return parts;
}

/** "Field: value" blocks separated by blank lines, folded lines joined; keys lower-cased. */
export function fieldBlocks(text: string): Array<Map<string, string>> {
  const blocks: Array<Map<string, string>> = [];
  for (const chunk of text.replace(/\r\n/g, '\n').split(/\n\s*\n/)) {
    const block = new Map<string, string>();
    for (const line of chunk.replace(/\n[ \t]+/g, ' ').split('\n')) {
      const at = line.indexOf(':');
      if (at <= 0) continue;
      const key = line.slice(0, at).trim().toLowerCase();
      if (!block.has(key)) block.set(key, line.slice(at + 1).trim());
    }
    if (block.size > 0) blocks.push(block);
  }
  return blocks;
}

/** `rfc822; alice@example.org` -> `alice@example.org` */
const unbracket = (value: string) => value.trim().replace(/^<(.*)>$/, '$1') || null;
const typed = (value: string | undefined) => (value ? unbracket(value.replace(/^[^;]*;\s*/, '')) : null);
const messageIdOf = (headers: string) => /^message-id:\s*(<[^>\s]+>)/im.exec(headers)?.[1] ?? null;

/** Reads a DSN or ARF report; null for any other mail. */
export async function parseReport(raw: Buffer): Promise<Report | null> {
  const parts = await leafParts(raw);
  const rootHeaders = parts[0]?.headers ?? raw.subarray(0, 16_384).toString('utf8');
  const reportMessageId = messageIdOf(rootHeaders.split(/\r?\n\r?\n/)[0]);
  const enclosed = parts.find((p) => p.contentType === 'message/rfc822' || p.contentType === 'text/rfc822-headers');
  const originalMessageId = enclosed ? messageIdOf(enclosed.body.toString('utf8').split(/\r?\n\r?\n/)[0]) : null;

  const status = parts.find((p) => p.contentType === 'message/delivery-status');
  if (status) {
    const [perMessage, ...perRecipient] = fieldBlocks(status.body.toString('utf8'));
    return {
      kind: 'dsn',
      reportMessageId,
      envelopeId: perMessage?.get('original-envelope-id') ?? null,
      originalMessageId,
      recipients: perRecipient.map((block) => ({
        address: typed(block.get('final-recipient')) ?? typed(block.get('original-recipient')),
        action: block.get('action')?.toLowerCase() ?? null,
        status: block.get('status') ?? null,
        diagnostic: block.get('diagnostic-code') ?? null,
      })),
    };
  }
  const feedback = parts.find((p) => p.contentType === 'message/feedback-report');
  if (feedback) {
    const [fields] = fieldBlocks(feedback.body.toString('utf8'));
    return {
      kind: 'arf',
      reportMessageId,
      envelopeId: null,
      originalMessageId,
      feedbackType: fields?.get('feedback-type')?.toLowerCase() ?? 'other',
      recipients: [
        {
          address: typed(fields?.get('original-rcpt-to')),
          action: 'complained',
          status: null,
          diagnostic: fields?.get('feedback-type') ?? null,
        },
      ],
    };
  }
  return null;
}
