import { describe, expect, it } from 'vitest';
import { lifeKeys, lifeOrder, outstandingMinor, type LifeEvent } from './life';

const event = (at: string, kind: LifeEvent['kind'], docType: string, action: string, note: string | null = null): LifeEvent => ({
  at, kind, docType, docId: `${docType}-1`, traceCode: null, action, fromStatus: null, toStatus: null, actorId: null, actorName: null, note,
});

describe("a contract's life as shown", () => {
  it('oldest first; at the same instant the contract before its receipt', () => {
    const ordered = lifeOrder([event('2026-11-27T02:00:00Z', 'transition', 'receipt', 'confirm'), event('2026-11-27T02:00:00Z', 'transition', 'contract', 'record_payment'), event('2026-11-26T02:00:00Z', 'transition', 'contract', 'submit')]);
    expect(ordered.map((e) => e.action)).toEqual(['submit', 'record_payment', 'confirm']);
  });

  it('an audit entry repeating a transition is left out; a raw change record is not shown as a reason', () => {
    const ordered = lifeOrder([
      event('2026-11-27T02:00:00.000Z', 'transition', 'contract', 'submit'),
      event('2026-11-27T02:00:00.500Z', 'audit', 'contract', 'submit', '{"steps":["manager"]}'),
      event('2026-11-27T03:00:00.000Z', 'audit', 'contract', 'update', '{"title":"x"}'),
      event('2026-11-27T04:00:00.000Z', 'approval', 'contract', 'approve', '同意'),
    ]);
    expect(ordered.map((e) => [e.kind, e.action, e.note])).toEqual([['transition', 'submit', null], ['audit', 'update', null], ['approval', 'approve', '同意']]);
  });

  it('outstanding never goes below zero', () => {
    expect(outstandingMinor(100, 30)).toBe(70);
    expect(outstandingMinor(100, 130)).toBe(0);
  });
});

describe('how a life entry is told', () => {
  it('an approval names the decision, the role and the step statuses; a transition the document statuses', () => {
    const approval = { ...event('2026-11-27T02:00:00Z', 'approval', 'contract', 'approve:manager'), fromStatus: 'pending', toStatus: 'approved' };
    expect(lifeKeys(approval)).toEqual({ action: 'documents.action.approve', role: 'documents.role.manager', from: 'documents.approvalStatus.pending', to: 'documents.approvalStatus.approved' });
    const shipped = { ...event('2026-11-27T02:00:00Z', 'transition', 'shipment', 'ship'), fromStatus: 'planned', toStatus: 'shipped' };
    expect(lifeKeys(shipped)).toEqual({ action: 'documents.action.ship', role: null, from: 'documents.status.shipment.planned', to: 'documents.status.shipment.shipped' });
  });
});
