/**
 * A notification as a group-robot markdown message. Titles and bodies carry names typed by people (a lead called
 * "[点此领奖](http://…)"), so markdown characters are escaped: a robot posts text, never a link someone smuggled in.
 */
import { openLabel, type OutgoingMessage } from './outcome.js';

const markdownSpecials = /[\\`*_{}[\]()#+!|<>~]/g;

export function markdownText(text: string): string {
  return text.replace(markdownSpecials, (c) => `\\${c}`).replace(/\r?\n/g, '  \n');
}

/** Title line, body, the link, and who it is for: an @mention when the robot can mention by phone, the name otherwise. */
export function robotMarkdown(message: OutgoingMessage, mentionByPhone: boolean): string {
  const lines = [`#### ${markdownText(message.title)}`, '', markdownText(message.body)];
  if (message.link) lines.push('', `[${openLabel[message.locale]}](${message.link})`);
  const mention = mentionByPhone && message.recipient.phone ? `@${message.recipient.phone}` : markdownText(message.recipient.name);
  lines.push('', mention);
  return lines.join('\n');
}
