/**
 * The DingTalk group robot ("自定义机器人"), as documented: POST {base}/robot/send?access_token=…, and for a robot
 * secured by signature also &timestamp=<ms>&sign=<base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`))>, URL-encoded.
 * The body is a markdown message; the answer is { errcode, errmsg } with HTTP 200: 0 is sent, 130101 is "sending too
 * fast" (20 messages a minute per robot), -1 is "system busy".
 */
import { createHmac } from 'node:crypto';
import type { OutgoingMessage, SendOutcome } from './outcome.js';
import { postToRobot, robotUrl } from './robot-api.js';
import { robotMarkdown } from './robot-message.js';

export interface DingTalkRobot {
  accessToken: string;
  /** SEC…, when the robot's security setting is "加签" (signature). */
  signSecret: string | null;
}

export const dingTalkThrottled = 130101;

export function dingTalkSignature(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

export class DingTalkClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  send(robot: DingTalkRobot, message: OutgoingMessage, now: Date): Promise<SendOutcome> {
    const url = robotUrl(this.baseUrl, 'robot/send');
    url.searchParams.set('access_token', robot.accessToken);
    if (robot.signSecret) {
      const timestamp = now.getTime();
      url.searchParams.set('timestamp', String(timestamp));
      url.searchParams.set('sign', dingTalkSignature(robot.signSecret, timestamp));
    }
    const mobile = message.recipient.phone;
    return postToRobot('DingTalk', url, {
      msgtype: 'markdown',
      markdown: { title: message.title, text: robotMarkdown(message, true) },
      at: { atMobiles: mobile ? [mobile] : [], isAtAll: false },
    }, dingTalkThrottled, this.timeoutMs);
  }
}
