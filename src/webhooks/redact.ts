/**
 * A webhook path with whatever follows `/webhooks/<provider>/` hidden, for
 * logs and traces: a provider that signs nothing is proved by a token in
 * the path (Krea's), and a live token must not reach a log line.
 */
export function redactWebhookPath(path: string): string {
  return path.replace(/(\/webhooks\/[^/]+\/).*$/is, '$1[redacted]');
}
