/**
 * The yoga server: schema, per-request context, error masking, GraphiQL
 * (rendered offline) and the health endpoints. No schema code lives here.
 */
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, useReadinessCheck } from 'graphql-yoga';
import type { YogaServerInstance } from 'graphql-yoga';
import { createRequestContext } from './context.js';
import type { GatewayServices, RequestContext } from './context.js';
import { maskError } from './schema/errors.js';
import { schema } from './schema/index.js';
import { EXAMPLE_QUERY } from './server/graphiql.js';
import { useFieldErrors } from './server/plugins/use-field-errors.js';
import { useInputErrorCodes } from './server/plugins/use-input-error-codes.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface GatewayOptions {
  services: GatewayServices;
  logLevel?: LogLevel;
  /** True while the process drains on SIGTERM: /readyz answers 503. */
  isDraining?: () => boolean;
}

/** What node:http hands yoga besides the Request (absent under `yoga.fetch`). */
export interface NodeServerContext {
  req?: { socket?: { remoteAddress?: string | undefined } };
}

export type Gateway = YogaServerInstance<NodeServerContext, RequestContext>;

export function createGateway(options: GatewayOptions): Gateway {
  const { services } = options;
  const isDraining = options.isDraining ?? (() => false);
  return createYoga<NodeServerContext, RequestContext>({
    schema,
    context: ({ request, req }) => createRequestContext(services, request, req?.socket?.remoteAddress),
    logging: options.logLevel === undefined || options.logLevel === 'silent' ? false : options.logLevel,
    maskedErrors: { maskError },
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    // The default GraphiQL loads from a CDN; this one is inlined.
    renderGraphiQL,
    graphiql: { title: 'mediagraph', defaultQuery: EXAMPLE_QUERY },
    plugins: [
      useReadinessCheck({ endpoint: '/readyz', check: () => !isDraining() }),
      useInputErrorCodes(),
      useFieldErrors<RequestContext>({ errorsOf: (context) => context.fieldErrors }),
    ],
  });
}
