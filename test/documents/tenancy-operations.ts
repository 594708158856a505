import { graphql } from '../gql/index.ts';

/** Only the organization: the smallest authenticated query, for authentication checks. */
export const WhoAmI = graphql(`
  query WhoAmI {
    viewer {
      id
      name
    }
  }
`);

/** Everything a tenancy check compares before and after another organization's attempts. */
export const WebhookState = graphql(`
  query WebhookState($id: ID!) {
    webhook(id: $id) {
      id
      url
      events
      description
      enabled
      disabledReason
      secret
      updatedAt
      deliveries(first: 100) {
        edges {
          node {
            id
            status
            attemptCount
          }
        }
      }
    }
  }
`);

export const InboxState = graphql(`
  query InboxState($id: ID!) {
    inbox(id: $id) {
      id
      name
      email
      updatedAt
    }
  }
`);

export const DeliveryState = graphql(`
  query DeliveryState($id: ID!) {
    delivery(id: $id) {
      id
      status
      attemptCount
      attempts {
        id
        number
      }
    }
  }
`);

export const EventState = graphql(`
  query EventState($id: ID!) {
    event(id: $id) {
      id
      type
      inboxId
    }
  }
`);

/** All four lists of an organization at once (ids only). */
export const EverythingVisible = graphql(`
  query EverythingVisible($first: Int) {
    webhooks(first: $first) {
      edges {
        node {
          id
        }
      }
    }
    deliveries(first: $first) {
      edges {
        node {
          id
          webhook {
            id
          }
          event {
            id
          }
        }
      }
    }
    events(first: $first) {
      edges {
        node {
          id
          inboxId
          deliveries {
            id
          }
        }
      }
    }
    inboxes(first: $first) {
      edges {
        node {
          id
        }
      }
    }
  }
`);

export const DeliveriesPage = graphql(`
  query DeliveriesPage($first: Int, $filter: DeliveryFilter) {
    deliveries(first: $first, filter: $filter) {
      edges {
        node {
          id
        }
      }
    }
  }
`);

export const EventsPage = graphql(`
  query EventsPage($first: Int, $filter: EventFilter) {
    events(first: $first, filter: $filter) {
      edges {
        node {
          id
        }
      }
    }
  }
`);

export const InboxesPage = graphql(`
  query InboxesPage($first: Int) {
    inboxes(first: $first) {
      edges {
        node {
          id
        }
      }
    }
  }
`);
