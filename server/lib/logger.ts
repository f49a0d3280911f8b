import pino from 'pino';
import { safeError } from './safe-error.ts';

export type Logger = pino.Logger;

/** Every `err` logged goes through safeError: no SQL values, bindings or quoted data reach the log. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime, serializers: { err: safeError } };
  return destination ? pino(options, destination) : pino(options);
}
