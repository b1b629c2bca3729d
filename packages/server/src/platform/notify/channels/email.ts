/**
 * Email over SMTP (nodemailer), configured by SMTP_URL and SMTP_FROM. Without SMTP_URL the channel is off and no
 * email deliveries are queued. SMTP answers decide what happens next: 4xx (mailbox busy, greylisting) and lost
 * connections are tried again, 5xx (no such mailbox, refused) is final.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../config.js';
import { openLabel, type OutgoingMessage, type SendOutcome } from './outcome.js';

const footer = {
  'zh-CN': '您收到这封邮件，是因为您在 Closeloop 的通知设置中选择了邮件。',
  en: 'You receive this email because of your notification settings in Closeloop.',
} as const;

export class EmailChannel {
  private readonly transport: Transporter | null;
  private readonly from: string = '';

  constructor(config: Pick<Config, 'SMTP_URL' | 'SMTP_FROM'>) {
    if (!config.SMTP_URL) {
      this.transport = null;
      return;
    }
    if (!config.SMTP_FROM) throw new Error('SMTP_FROM is required when SMTP_URL is set (e.g. "Closeloop <noreply@example.cn>")');
    this.from = config.SMTP_FROM;
    // Pooled: a burst of notifications reuses a few connections instead of a handshake per message.
    this.transport = nodemailer.createTransport({
      url: config.SMTP_URL, pool: true, maxConnections: 3, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000,
    });
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  async send(to: string, message: OutgoingMessage): Promise<SendOutcome> {
    if (!this.transport) return { kind: 'failed', detail: 'email is not configured (SMTP_URL)' };
    const text = [message.body, message.link ? `${openLabel[message.locale]}: ${message.link}` : null, '—', footer[message.locale]]
      .filter((line) => line !== null)
      .join('\n\n');
    const link = message.link ? `<p><a href="${escapeHtml(message.link)}">${escapeHtml(openLabel[message.locale])}</a></p>` : '';
    const html =
      `<!doctype html><html lang="${message.locale}"><body>` +
      `<p>${escapeHtml(message.body).replace(/\r?\n/g, '<br>')}</p>${link}` +
      `<hr><p style="color:#888;font-size:12px">${escapeHtml(footer[message.locale])}</p></body></html>`;
    try {
      await this.transport.sendMail({ from: this.from, to, subject: message.title, text, html, headers: { 'Content-Language': message.locale } });
      return { kind: 'sent' };
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      const detail = `${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
      return code !== undefined && code >= 500 ? { kind: 'failed', detail } : { kind: 'retry', detail };
    }
  }

  close(): void {
    this.transport?.close();
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
