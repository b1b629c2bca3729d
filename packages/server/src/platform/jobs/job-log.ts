/** Where background work reports trouble: the server passes its pino logger; tests may pass nothing. */
export interface JobLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
