/**
 * What every document page shares (B1): where a document lives in the desk and on the phone, and the colour of each
 * status. The texts are in the `documents` catalogue (documents.status.<type>.<status>), so contracts, receipts and the
 * flash report name a status the same way.
 */
import type { DocumentType } from '@closeloop/core';

/** antd tag colours by status: grey waits, blue is in progress, green is done, red is refused or voided. */
const colours: Record<string, string> = {
  draft: 'default',
  in_approval: 'processing',
  rejected: 'error',
  signed: 'blue',
  partially_paid: 'gold',
  paid: 'green',
  completed: 'success',
  voided: 'default',
  placed: 'default',
  confirmed: 'green',
  fulfilled: 'success',
  cancelled: 'default',
  registered: 'processing',
  refunded: 'warning',
  planned: 'default',
  shipped: 'blue',
  delivered: 'success',
};

export function statusColour(status: string): string {
  return colours[status] ?? 'default';
}

/**
 * The desk page that shows a document. Orders and shipments have no page of their own: they are tabs of their
 * contract's page, so the link needs the contract; a receipt opens the receipts list on it.
 */
export function documentPath(type: DocumentType | string, id: string, contractId?: string | null): string {
  switch (type) {
    case 'contract':
      return `/contracts/${id}`;
    case 'purchase_order':
      return contractId ? `/contracts/${contractId}?tab=orders` : `/contracts`;
    case 'shipment':
      return contractId ? `/contracts/${contractId}?tab=shipments` : `/contracts`;
    case 'receipt':
      return `/receipts?open=${id}`;
    default:
      return '/';
  }
}
