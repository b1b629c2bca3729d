/** What a channel says about one message, and so what the delivery worker does next. */
export type SendOutcome =
  | { kind: 'sent' }
  /** The robot answered "sending too fast": wait, then send again (does not count as a failure). */
  | { kind: 'throttled'; detail: string }
  /** A passing problem (network, server busy, SMTP 4xx): try again later, a limited number of times. */
  | { kind: 'retry'; detail: string }
  /** Trying again cannot help (wrong key, mailbox does not exist): stop and keep the reason. */
  | { kind: 'failed'; detail: string };

/** What a message to one person says, already in their language. */
export interface OutgoingMessage {
  locale: 'zh-CN' | 'en';
  title: string;
  body: string;
  /** Absolute, under PUBLIC_URL; null when there is no link or no PUBLIC_URL. */
  link: string | null;
  recipient: { name: string; phone: string | null };
}

export const openLabel = { 'zh-CN': '在 Closeloop 中打开', en: 'Open in Closeloop' } as const;

/** Network failures and timeouts of fetch, as a retry. */
export function networkFailure(error: unknown): SendOutcome {
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { kind: 'retry', detail: cause ? `${text} (${cause})` : text };
}
