/**
 * Structured JSON logs (pino), one line per event. Why redaction: request headers and
 * kubeconfig-derived options carry bearer tokens and client keys; if any of them ever reaches a
 * log call by mistake, these paths are censored before the line is written. Upstream error text
 * is already sanitized at the source (ClusterError), which is the main control.
 */
import { pino, type Logger } from 'pino';

export type { Logger };
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export function createLogger(level: LogLevel, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { service: 'fleetgraph' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['headers.authorization', 'req.headers.authorization', 'req.headers.cookie', '*.token', '*.password', '*.key', 'headers["impersonate-user"]'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}
