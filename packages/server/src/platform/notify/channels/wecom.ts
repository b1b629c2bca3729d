/**
 * The WeCom (企业微信) group robot, as documented: POST {base}/cgi-bin/webhook/send?key=… with a markdown message;
 * the answer is { errcode, errmsg }: 0 is sent, 45009 is "api freq out of limit" (20 messages a minute per robot),
 * -1 is "system busy". WeCom markdown cannot mention by phone, so the recipient is named in the text.
 */
import type { OutgoingMessage, SendOutcome } from './outcome.js';
import { postToRobot, robotUrl } from './robot-api.js';
import { robotMarkdown } from './robot-message.js';

export const weComThrottled = 45009;

export class WeComClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  send(robot: { key: string }, message: OutgoingMessage): Promise<SendOutcome> {
    const url = robotUrl(this.baseUrl, 'cgi-bin/webhook/send');
    url.searchParams.set('key', robot.key);
    return postToRobot('WeCom', url, { msgtype: 'markdown', markdown: { content: robotMarkdown(message, false) } }, weComThrottled, this.timeoutMs);
  }
}
