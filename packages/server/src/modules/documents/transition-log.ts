/**
 * The one way a document's status changes (B1): ask core's state machine, write the new status with an optimistic
 * version check, and record who, when and why in `document_transitions` — all in the caller's transaction. A refused
 * transition writes nothing and answers a CONFLICT a person can act on ("a paid contract cannot be voided: …").
 */
import { AppError, nextStatus, type ActionOf, type DocumentType, type StatusOf, type TransitionFacts, type TransitionRefusal } from '@closeloop/core';
import type { Executor } from '../../platform/db/database.js';
import { newId } from '../../platform/ids.js';

const tableOf = { contract: 'contracts', purchase_order: 'purchase_orders', receipt: 'receipts', shipment: 'shipments' } as const;

export interface TransitionRequest<T extends DocumentType> {
  orgId: string;
  type: T;
  id: string;
  from: StatusOf[T];
  /** The version the caller read; the update fails if someone moved the document since. */
  version: number;
  action: ActionOf[T];
  facts?: TransitionFacts;
  /** Null when the system moves the document (a confirmed payment moving its contract). */
  actorId: string | null;
  reason?: string | null;
  at: string;
  /** Other columns to set with the status (signed_at, paid_minor, …). */
  set?: Record<string, unknown>;
}

/** Moves a document on; returns its new status and version. Throws CONFLICT when the machine or a concurrent write refuses. */
export async function transition<T extends DocumentType>(tx: Executor, request: TransitionRequest<T>): Promise<{ status: StatusOf[T]; version: number }> {
  const result = nextStatus(request.type, request.from, request.action, request.facts);
  if (!result.ok) throw refusalError(request.type, result.refusal);
  // The four document tables share these columns; one typed name stands for all of them.
  const table = tableOf[request.type] as 'contracts';
  const updated = await tx
    .updateTable(table)
    .set({ ...(request.set ?? {}), status: result.to, version: request.version + 1, updated_at: request.at } as never)
    .where('id', '=', request.id)
    .where('org_id', '=', request.orgId)
    .where('status', '=', request.from)
    .where('version', '=', request.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) {
    throw new AppError('CONFLICT', {
      detail: {
        en: 'This document was changed by someone else a moment ago. Reload it and try again.',
        'zh-CN': '该单据刚被他人修改，请刷新后重试。',
      },
    });
  }
  await tx
    .insertInto('document_transitions')
    .values({
      id: newId(), org_id: request.orgId, doc_type: request.type, doc_id: request.id, action: request.action,
      from_status: request.from, to_status: result.to, actor_id: request.actorId, reason: request.reason ?? null, at: request.at,
    })
    .execute();
  return { status: result.to, version: request.version + 1 };
}

/** Records a document's creation in its life story (no state machine step: every document starts in its initial status). */
export async function recordCreation(tx: Executor, orgId: string, type: DocumentType, id: string, status: string, actorId: string, at: string): Promise<void> {
  await tx
    .insertInto('document_transitions')
    .values({ id: newId(), org_id: orgId, doc_type: type, doc_id: id, action: 'create', from_status: null, to_status: status, actor_id: actorId, reason: null, at })
    .execute();
}

const typeName: Record<DocumentType, { en: string; 'zh-CN': string }> = {
  contract: { en: 'contract', 'zh-CN': '合同' },
  purchase_order: { en: 'purchase order', 'zh-CN': '订单' },
  receipt: { en: 'receipt', 'zh-CN': '回款单' },
  shipment: { en: 'shipping note', 'zh-CN': '发货单' },
};

function refusalError(type: DocumentType, refusal: TransitionRefusal): AppError {
  const name = typeName[type];
  switch (refusal.code) {
    case 'illegal_transition':
      return new AppError('CONFLICT', {
        detail: {
          en: `A ${name.en} in status "${refusal.from}" cannot be moved by "${refusal.action}"${refusal.allowed.length ? ` (possible now: ${refusal.allowed.join(', ')})` : ' (it is final)'}.`,
          'zh-CN': `状态为“${refusal.from}”的${name['zh-CN']}不能执行“${refusal.action}”${refusal.allowed.length ? `（当前可执行：${refusal.allowed.join('、')}）` : '（已是最终状态）'}。`,
        },
      });
    case 'not_paid_in_full':
      return new AppError('CONFLICT', { detail: { en: `The ${name.en} is not paid in full (${refusal.paidMinor} of ${refusal.totalMinor} minor units).`, 'zh-CN': `该${name['zh-CN']}尚未全额回款（已回 ${refusal.paidMinor} / ${refusal.totalMinor} 分）。` } });
    case 'overpaid':
      return new AppError('CONFLICT', { detail: { en: `This payment would pay more than the ${name.en}'s total (${refusal.paidMinor} > ${refusal.totalMinor} minor units).`, 'zh-CN': `该笔回款将超过${name['zh-CN']}总额（${refusal.paidMinor} > ${refusal.totalMinor} 分）。` } });
    case 'shipments_open':
      return new AppError('CONFLICT', { detail: { en: `The ${name.en} still has shipments that are not delivered.`, 'zh-CN': `该${name['zh-CN']}仍有未送达的发货单。` } });
    case 'payments_exist':
      return new AppError('CONFLICT', { detail: { en: `Money has been received on this ${name.en}; refund or void the receipts first.`, 'zh-CN': `该${name['zh-CN']}已有回款，请先退款或作废回款单。` } });
  }
}
