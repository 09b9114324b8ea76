/** What GraphiQL opens on: a query a newcomer can run at once against the sandbox. */
export const EXAMPLE_QUERY = `# mediagraph: Krea and Argil assets through one GraphQL API.
# Press the run button; then try argilAssets(last: 5) or node(id: "...").
query NewestAssets {
  kreaAssets(first: 5) {
    edges {
      cursor
      node { id providerId kind mimeType width height url createdAt }
    }
    pageInfo { hasNextPage endCursor }
  }
  argilAssets(first: 5, types: [IMAGE, VIDEO]) {
    totalCount
    nodes { id name type status url thumbnailUrl createdAt }
    pageInfo { hasNextPage endCursor }
  }
}
`;
