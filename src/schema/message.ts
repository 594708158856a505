import { replyToMessage, sendMessage } from '../domain/mail/outbound.ts';
import {
  MessageDirection,
  type Message as MessageRow,
  MessageStatus,
  type Prisma,
  RecipientKind,
} from '../generated/prisma/client.ts';
import { organizationOf } from './auth.ts';
import { builder, connectionOptions } from './builder.ts';
import type { Context } from './context.ts';
import { Event } from './event.ts';
import { Inbox } from './inbox.ts';

export const MessageDirectionEnum = builder.enumType(MessageDirection, { name: 'MessageDirection' });
export const MessageStatusEnum = builder.enumType(MessageStatus, { name: 'MessageStatus' });

export const RecipientKindEnum = builder.enumType(RecipientKind, { name: 'RecipientKind' });

export const MessageRecipient = builder.prismaObject('MessageRecipient', {
  fields: (t) => ({
    id: t.exposeID('id'),
    address: t.exposeString('address'),
    kind: t.expose('kind', { type: RecipientKindEnum }),
    status: t.expose('status', { type: MessageStatusEnum }),
    smtpCode: t.exposeInt('smtpCode', { nullable: true }),
    enhancedStatus: t.exposeString('enhancedStatus', { nullable: true }),
    diagnostic: t.exposeString('diagnostic', { nullable: true }),
    bounceType: t.exposeString('bounceType', { nullable: true }),
    attempts: t.exposeInt('attempts', { description: 'Send attempts that failed temporarily.' }),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', nullable: true }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const Attachment = builder.prismaObject('Attachment', {
  // Contents are selected only when contentBase64 is asked for.
  select: { id: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    filename: t.exposeString('filename', { nullable: true }),
    contentType: t.exposeString('contentType'),
    size: t.exposeInt('size', { description: 'Bytes, decoded.' }),
    contentId: t.exposeString('contentId', {
      nullable: true,
      description: 'For inline parts: the cid: it is named by.',
    }),
    inline: t.exposeBoolean('inline'),
    contentBase64: t.string({
      select: { content: true },
      resolve: (attachment) => Buffer.from(attachment.content).toString('base64'),
    }),
  }),
});

export const Message = builder.prismaObject('Message', {
  fields: (t) => ({
    id: t.exposeID('id'),
    inbox: t.relation('inbox'),
    thread: t.relation('thread'),
    direction: t.expose('direction', { type: MessageDirectionEnum }),
    status: t.expose('status', { type: MessageStatusEnum }),
    from: t.exposeString('fromAddress'),
    fromName: t.exposeString('fromName', { nullable: true }),
    to: t.exposeStringList('to'),
    cc: t.exposeStringList('cc'),
    bcc: t.exposeStringList('bcc'),
    replyTo: t.exposeStringList('replyTo'),
    subject: t.exposeString('subject', { nullable: true }),
    text: t.exposeString('text', { nullable: true }),
    html: t.exposeString('html', { nullable: true }),
    labels: t.exposeStringList('labels'),
    rfcMessageId: t.exposeString('rfcMessageId', { nullable: true, description: 'The Message-ID header.' }),
    inReplyTo: t.exposeString('inReplyTo', { nullable: true }),
    references: t.exposeStringList('references'),
    sizeBytes: t.exposeInt('sizeBytes', { description: 'Size of the raw MIME source.' }),
    attachments: t.relation('attachments', { query: { orderBy: { id: 'asc' } } }),
    recipients: t.relation('recipients', {
      description: 'Outbound messages: each recipient and how far it got (inbound messages have none).',
      query: { orderBy: { id: 'asc' } },
    }),
    parentMessageId: t.exposeID('parentMessageId', { nullable: true, description: 'The message this one replies to.' }),
    events: t.prismaField({
      type: [Event],
      description: 'The events about this message, oldest first.',
      resolve: (query, message, _args, ctx) =>
        ctx.db.event.findMany({
          ...query,
          where: { messageId: message.id, organizationId: message.organizationId, test: false },
          orderBy: { id: 'asc' },
        }),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const MessageConnection = builder.connectionObject({ type: Message, name: 'MessageConnection' });

const MessageFilter = builder.inputType('MessageFilter', {
  fields: (t) => ({
    inboxId: t.id(),
    threadId: t.id(),
    status: t.field({ type: MessageStatusEnum }),
    direction: t.field({ type: MessageDirectionEnum }),
  }),
});

type MessageFilterValue = {
  inboxId?: string | number | null;
  threadId?: string | number | null;
  status?: MessageStatus | null;
  direction?: MessageDirection | null;
} | null;

function messageWhere(organizationId: string, filter: MessageFilterValue | undefined) {
  return {
    organizationId,
    ...(filter?.inboxId ? { inboxId: String(filter.inboxId) } : {}),
    ...(filter?.threadId ? { threadId: String(filter.threadId) } : {}),
    ...(filter?.status ? { status: filter.status } : {}),
    ...(filter?.direction ? { direction: filter.direction } : {}),
  };
}

builder.queryFields((t) => ({
  messages: t.prismaConnection(
    {
      type: Message,
      ...connectionOptions,
      args: { filter: t.arg({ type: MessageFilter }) },
      resolve: (query, _root, { filter }, ctx) =>
        ctx.db.message.findMany({
          ...query,
          where: messageWhere(organizationOf(ctx), filter),
          orderBy: { id: 'desc' },
        }),
    },
    MessageConnection,
  ),
  message: t.prismaField({
    type: Message,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, ctx) =>
      ctx.db.message.findFirst({ ...query, where: { id: String(id), organizationId: organizationOf(ctx) } }),
  }),
}));

builder.prismaObjectField(Inbox, 'messages', (t) =>
  t.relatedConnection(
    'messages',
    {
      ...connectionOptions,
      args: { filter: t.arg({ type: MessageFilter }) },
      query: ({ filter }, ctx) => ({
        where: messageWhere(organizationOf(ctx), filter),
        orderBy: { id: 'desc' },
      }),
    },
    MessageConnection,
  ),
);

const AttachmentInput = builder.inputType('AttachmentInput', {
  fields: (t) => ({
    filename: t.string({ required: true }),
    contentType: t.string({ required: true, description: 'A MIME type such as application/pdf.' }),
    contentBase64: t.string({ required: true }),
  }),
});

const SendMessageInput = builder.inputType('SendMessageInput', {
  fields: (t) => ({
    inboxId: t.id({ required: true, description: 'The inbox it is sent from.' }),
    to: t.stringList({ required: true }),
    cc: t.stringList(),
    bcc: t.stringList({ description: 'Receive the message without appearing in its headers.' }),
    subject: t.string(),
    text: t.string(),
    html: t.string(),
    labels: t.stringList(),
    attachments: t.field({ type: [AttachmentInput] }),
  }),
});

const ReplyInput = builder.inputType('ReplyInput', {
  fields: (t) => ({
    text: t.string(),
    html: t.string(),
    replyAll: t.boolean({ description: "Also to the parent message's other recipients." }),
    attachments: t.field({ type: [AttachmentInput] }),
  }),
});

builder.mutationFields((t) => ({
  sendMessage: t.prismaField({
    type: Message,
    description: 'Stores the message QUEUED and queues its send; returns at once. Follow it with events or recipients.',
    args: { input: t.arg({ type: SendMessageInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const message = await sendMessage(ctx.services.outbound, organizationOf(ctx), {
        ...input,
        inboxId: String(input.inboxId),
      });
      return asked(ctx, query, message);
    },
  }),
  replyToMessage: t.prismaField({
    type: Message,
    description:
      "Answers a message in its thread: to its Reply-To or From (plus the other recipients with replyAll), with In-Reply-To, References and 'Re: ' once.",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: ReplyInput, required: true }) },
    resolve: async (query, _root, { id, input }, ctx) => {
      const message = await replyToMessage(ctx.services.outbound, organizationOf(ctx), String(id), input);
      return asked(ctx, query, message);
    },
  }),
}));

/** A message just stored, as the selection needs it: as stored when only its own fields are asked for. */
function asked(
  ctx: Context,
  query: { include?: Prisma.MessageInclude; select?: Prisma.MessageSelect },
  message: MessageRow,
) {
  if (Object.keys(query).length === 0) return message;
  return ctx.db.message.findUniqueOrThrow({ ...query, where: { id: message.id } });
}
