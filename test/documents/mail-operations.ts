import { graphql } from '../gql/index.ts';

export const MessageFields = graphql(`
  fragment MessageFields on Message {
    id
    direction
    status
    from
    fromName
    to
    cc
    replyTo
    subject
    text
    html
    rfcMessageId
    inReplyTo
    references
    sizeBytes
    inbox {
      id
    }
    thread {
      id
      messageCount
    }
    attachments {
      id
      filename
      contentType
      size
      contentId
      inline
      contentBase64
    }
    events {
      id
      type
    }
    createdAt
  }
`);

export const ListMessages = graphql(`
  query ListMessages($first: Int, $after: String, $filter: MessageFilter) {
    messages(first: $first, after: $after, filter: $filter) {
      edges {
        node {
          ...MessageFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const GetMessage = graphql(`
  query GetMessage($id: ID!) {
    message(id: $id) {
      ...MessageFields
    }
  }
`);

export const ListThreads = graphql(`
  query ListThreads($inboxId: ID) {
    threads(inboxId: $inboxId) {
      edges {
        node {
          id
          subject
          messageCount
          lastMessageAt
          messages {
            edges {
              node {
                id
                subject
              }
            }
          }
        }
      }
    }
  }
`);

export const GetThread = graphql(`
  query GetThread($id: ID!) {
    thread(id: $id) {
      id
      messageCount
      inbox {
        id
      }
    }
  }
`);

export const InboxMail = graphql(`
  query InboxMail($id: ID!) {
    inbox(id: $id) {
      messages {
        edges {
          node {
            id
          }
        }
      }
      threads {
        edges {
          node {
            id
          }
        }
      }
    }
  }
`);

export const OutboundFields = graphql(`
  fragment OutboundFields on Message {
    id
    status
    subject
    to
    cc
    bcc
    rfcMessageId
    inReplyTo
    references
    parentMessageId
    thread {
      id
    }
    recipients {
      address
      kind
      status
      smtpCode
      enhancedStatus
      diagnostic
      bounceType
      attempts
    }
    events {
      id
      type
      payload
    }
  }
`);

export const SendMessage = graphql(`
  mutation SendMessage($input: SendMessageInput!) {
    sendMessage(input: $input) {
      ...OutboundFields
    }
  }
`);

export const ReplyToMessage = graphql(`
  mutation ReplyToMessage($id: ID!, $input: ReplyInput!) {
    replyToMessage(id: $id, input: $input) {
      ...OutboundFields
    }
  }
`);

export const GetOutbound = graphql(`
  query GetOutbound($id: ID!) {
    message(id: $id) {
      ...OutboundFields
    }
  }
`);

export const ListSuppressions = graphql(`
  query ListSuppressions {
    suppressions(first: 50) {
      edges {
        node {
          email
          reason
          detail
          message {
            id
          }
        }
      }
    }
  }
`);

export const DeleteSuppression = graphql(`
  mutation DeleteSuppression($email: String!) {
    deleteSuppression(email: $email) {
      email
      reason
    }
  }
`);
