import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  contractActions, documentTypes, initialStatus, isFinal, nextStatus, purchaseOrderActions, receiptActions, shipmentActions, statusesOf,
  type ContractStatus, type DocumentType, type TransitionFacts,
} from './states.js';

const actionsOf: Record<DocumentType, readonly string[]> = {
  contract: contractActions, purchase_order: purchaseOrderActions, receipt: receiptActions, shipment: shipmentActions,
};

const facts: fc.Arbitrary<TransitionFacts> = fc.record(
  { totalMinor: fc.integer({ min: 0, max: 1_000_000 }), paidMinor: fc.integer({ min: -10, max: 1_200_000 }), allShipmentsDelivered: fc.boolean() },
  { requiredKeys: [] },
);

describe('the document state machines', () => {
  it.each(documentTypes)('never leave the %s status table, and nothing moves a document out of a final status', (type) => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...actionsOf[type]), facts), { maxLength: 40 }), (steps) => {
        let status: string = initialStatus[type];
        for (const [action, f] of steps) {
          const final = isFinal(type, status as never);
          const result = nextStatus(type, status as never, action as never, f);
          if (final) expect(result.ok, `${type} ${status} --${action}--> from a final status`).toBe(false);
          if (!result.ok) continue;
          expect(statusesOf[type]).toContain(result.to);
          status = result.to;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('puts a contract in paid exactly when payments cover its total, partly paid when they cover part of it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ContractStatus>('signed', 'partially_paid', 'paid', 'completed'),
        fc.constantFrom('record_payment', 'reverse_payment'),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: -5, max: 1_100_000 }),
        (from, action, total, paid) => {
          const result = nextStatus('contract', from, action as 'record_payment', { totalMinor: total, paidMinor: paid });
          if (!result.ok) {
            // Refused: an overpayment, or an action the status does not know (a completed contract takes no new payment).
            expect(paid > total || (from === 'completed' && action === 'record_payment') || (from === 'paid' && action === 'record_payment')).toBe(true);
            return;
          }
          // A reversal on a completed contract cannot raise what is paid; anything else never records more than the total.
          if (from !== 'completed') expect(paid).toBeLessThanOrEqual(total);
          if (result.to === 'paid' || result.to === 'completed') expect(paid).toBeGreaterThanOrEqual(total);
          if (result.to === 'partially_paid') expect(paid > 0 && paid < total).toBe(true);
          if (result.to === 'signed') expect(paid).toBeLessThanOrEqual(0);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('voids a signed contract only while nothing is paid, and completes only a paid one whose shipments are all delivered', () => {
    fc.assert(
      fc.property(fc.constantFrom(...statusesOf.contract), facts, (from, f) => {
        const voided = nextStatus('contract', from, 'void', f);
        if (voided.ok && ['signed', 'partially_paid'].includes(from)) expect(f.paidMinor ?? 0).toBeLessThanOrEqual(0);
        if (['paid', 'completed', 'voided'].includes(from)) expect(voided.ok).toBe(false);
        const completed = nextStatus('contract', from, 'complete', f);
        expect(completed.ok).toBe(from === 'paid' && f.allShipmentsDelivered === true);
      }),
      { numRuns: 500 },
    );
  });

  it('answers an illegal move with what is possible from the status', () => {
    expect(nextStatus('contract', 'draft', 'approve_final')).toEqual({
      ok: false, refusal: { code: 'illegal_transition', from: 'draft', action: 'approve_final', allowed: ['submit', 'void'] },
    });
  });
});
