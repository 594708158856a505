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
