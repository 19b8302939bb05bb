/** The abuse suite's gateway settings, shared by the case tables and the gateway they run against (abuseGateway.ts). */
export const TOKEN = 'abuse-ci-4f1e2d3c4b5a69788796';
export const GOOD_AUTH = `Bearer ${TOKEN}`;
export const MANIFEST_MAX_BYTES = 256 * 1024;
export const WS_MAX_SUBSCRIPTIONS = 3;
export const WS_MAX_MESSAGE_BYTES = 32 * 1024;
export const WS_INIT_TIMEOUT_MS = 300;
