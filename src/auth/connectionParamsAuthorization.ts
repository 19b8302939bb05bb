/**
 * Where a graphql-ws client puts its credential: `connectionParams: { authorization: 'Bearer <token>' }`,
 * the same value as HTTP's Authorization header (the key's case is not significant, as header
 * names are not), so both transports hand authenticateBearer the same string.
 */
export function connectionParamsAuthorization(params: Readonly<Record<string, unknown>> | undefined): unknown {
  if (params === undefined) return undefined;
  const key = Object.keys(params).find((k) => k.toLowerCase() === 'authorization');
  return key === undefined ? undefined : params[key];
}
