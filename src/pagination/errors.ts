/**
 * A client's pagination input was wrong (a bad cursor, an out-of-range
 * `first`). Raised before any upstream call; the schema layer reports it as
 * BAD_USER_INPUT. Kept free of graphql so this folder stays pure.
 */
export class PaginationInputError extends Error {
  override name = 'PaginationInputError';
}

/**
 * The provider's own pagination cannot express the page asked for (e.g. more
 * items share one timestamp than its largest page holds). Not the client's
 * fault: reported as the provider being unable to serve it.
 */
export class PaginationLimitError extends Error {
  override name = 'PaginationLimitError';
}
