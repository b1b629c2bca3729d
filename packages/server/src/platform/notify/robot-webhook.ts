/**
 * The webhook address an admin copies from a group's robot settings, checked and reduced to its key. Only the
 * documented API address (DINGTALK_BASE_URL / WECOM_BASE_URL) is accepted, so a stored robot can never make the
 * server post to an arbitrary host. The key is a credential: shown again only with all but 4 characters hidden.
 */
import { AppError, type RobotKind } from '@closeloop/core';
import type { Config } from '../config.js';
import { robotUrl } from './channels/robot-api.js';

type Bases = Pick<Config, 'DINGTALK_BASE_URL' | 'WECOM_BASE_URL'>;

const shapes: Record<RobotKind, { path: string; param: string; key: RegExp; example: string }> = {
  dingtalk: { path: 'robot/send', param: 'access_token', key: /^[A-Za-z0-9_-]{16,128}$/, example: 'robot/send?access_token=…' },
  wecom: { path: 'cgi-bin/webhook/send', param: 'key', key: /^[A-Za-z0-9-]{8,128}$/, example: 'cgi-bin/webhook/send?key=…' },
};

const baseOf = (kind: RobotKind, bases: Bases): string => (kind === 'dingtalk' ? bases.DINGTALK_BASE_URL : bases.WECOM_BASE_URL);

/** The access token (DingTalk) or key (WeCom) in a webhook address; a field error when it is not one. */
export function robotKeyOf(kind: RobotKind, webhookUrl: string, bases: Bases): string {
  const shape = shapes[kind];
  const expected = robotUrl(baseOf(kind, bases), shape.path);
  let given: URL;
  try {
    given = new URL(webhookUrl);
  } catch {
    given = new URL('invalid:');
  }
  const key = given.searchParams.get(shape.param) ?? '';
  if (given.origin !== expected.origin || given.pathname !== expected.pathname || !shape.key.test(key)) {
    throw new AppError('VALIDATION_FAILED', {}, { 'body.webhookUrl': `not a ${kind === 'dingtalk' ? 'DingTalk' : 'WeCom'} robot webhook (${expected.origin}/${shape.example})` });
  }
  return key;
}

export function maskedWebhook(kind: RobotKind, key: string, bases: Bases): string {
  const shape = shapes[kind];
  return `${robotUrl(baseOf(kind, bases), shape.path).toString()}?${shape.param}=••••${key.slice(-4)}`;
}
