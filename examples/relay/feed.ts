/**
 * Relay-style operations over mediagraph: a paginated fragment with
 * @connection and @refetchable, and the query that spreads it. The compiler
 * (`relay-compiler`, relay.config.json) validates them against
 * schema.graphql in the test suite; a Relay app would import the generated
 * artifacts. `graphql` here is only the tag the compiler looks for.
 */
const graphql = String.raw;

export const NewestAssetsFeed = graphql`
  fragment feed_assets on Query
  @refetchable(queryName: "FeedPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 20 }, cursor: { type: "String" }) {
    assets(first: $count, after: $cursor) @connection(key: "feed_assets") {
      edges {
        node {
          id
          provider
          kind
          url
          createdAt
          ... on KreaAsset {
            width
            height
          }
          ... on ArgilAsset {
            name
          }
        }
      }
    }
  }
`;

export const FeedQuery = graphql`
  query feedQuery {
    ...feed_assets
  }
`;
