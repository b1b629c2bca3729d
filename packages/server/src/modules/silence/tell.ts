/**
 * Telling people about new silences: the rep who owns the lead and their managers (template `lead.silent`). Alerts
 * are told in batches grouped by recipient, so a sweep that raises many never becomes a storm: one new silence
 * reaches a person as a message about that lead (linking to it), several as one message that names the first three
 * and links to the list of silent leads. Claiming an alert marks it told in the same transaction as its messages.
 */
import { silentDays, type OpenLeadStage } from '@closeloop/core';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/database.js';
import type { NotificationCenter } from '../../platform/notify/index.js';
import type { NotifyMessage, TemplateParams } from '../../platform/notify/index.js';
import type { TeamManagers } from './managers.js';
import type { SilenceStore, UntoldAlert } from './store.js';

type SilentParams = TemplateParams['lead.silent'];

/** A person's new silences named in one message; the message counts them all. */
const named = 3;
export const silentLeadsLink = '/silent-leads';

export interface TellDeps {
  store: SilenceStore;
  clock: Clock;
  notifier: NotificationCenter;
}

/** Tells the alerts of up to `owners` owners nobody has been told about; `more` when others wait. */
export async function tellUntold(
  tx: Executor,
  orgId: string,
  loadManagers: () => Promise<TeamManagers>,
  deps: TellDeps,
  owners: number,
): Promise<{ told: number; more: boolean }> {
  const untold = await deps.store.untoldOwners(tx, orgId, owners);
  if (untold.owners.length === 0) return { told: 0, more: false };
  const claimed = await deps.store.claimUntold(tx, orgId, untold.owners, deps.clock.now().toISOString());
  return { told: await tell(tx, orgId, await deps.store.toTell(tx, claimed), await loadManagers(), deps), more: untold.more };
}

/** Tells alerts raised as told in this transaction (raise.ts `told`): a minute's new silences, a single lead's. */
export async function tellRaised(tx: Executor, orgId: string, alertIds: readonly string[], loadManagers: () => Promise<TeamManagers>, deps: TellDeps): Promise<number> {
  if (alertIds.length === 0) return 0;
  return tell(tx, orgId, await deps.store.toTell(tx, alertIds), await loadManagers(), deps);
}

async function tell(tx: Executor, orgId: string, claimed: readonly UntoldAlert[], managers: TeamManagers, deps: TellDeps): Promise<number> {
  // An alert resolved before anyone was told needs no message: the rep has already acted.
  const open = claimed.filter((a) => a.status === 'open');
  const now = deps.clock.now();
  const byRecipient = new Map<string, UntoldAlert[]>();
  for (const alert of open) {
    for (const recipient of [alert.owner_id, ...managers.of(alert.team_id, alert.owner_id)]) {
      const alerts = byRecipient.get(recipient);
      if (alerts) alerts.push(alert);
      else byRecipient.set(recipient, [alert]);
    }
  }
  // The same one-lead message to several managers is one message; all of them are written in one go.
  const messages: NotifyMessage<'lead.silent'>[] = [];
  const single = new Map<string, NotifyMessage<'lead.silent'>>();
  for (const [recipient, alerts] of byRecipient) {
    if (alerts.length > 1) {
      messages.push({ recipients: [recipient], params: paramsFor(recipient, alerts, now), link: silentLeadsLink });
      continue;
    }
    const alert = alerts[0]!;
    const params = paramsFor(recipient, alerts, now);
    const key = `${alert.id}:${params.about}`;
    const same = single.get(key);
    if (same) same.recipients = [...same.recipients, recipient];
    else single.set(key, { recipients: [recipient], params, link: `/leads/${alert.lead_id}`, subject: { type: 'lead', id: alert.lead_id } });
  }
  await deps.notifier.notifyEach(tx, orgId, 'lead.silent', [...messages, ...single.values()]);
  return open.length;
}

function paramsFor(recipient: string, alerts: readonly UntoldAlert[], now: Date): SilentParams {
  const owners = new Set(alerts.map((a) => a.owner_id));
  const about: SilentParams['about'] = owners.has(recipient) && owners.size === 1 ? 'own' : owners.size === 1 ? 'rep' : 'team';
  return {
    about,
    owner: about === 'rep' ? alerts[0]!.owner_name : null,
    total: alerts.length,
    leads: alerts.slice(0, named).map((a) => ({ name: a.lead_name, company: a.company, stage: a.stage as OpenLeadStage, days: silentDays(a.silent_since, now) })),
  };
}
