/**
 * The document settings as the admin form holds them, and back (B1, B2, B5): amounts are typed in the company's
 * currency (major units, "100000.00") and stored as integer minor units; rebates are typed in percent and stored as
 * basis points. Pure, so the round trip is tested.
 */
import type { DocumentSettings } from '@closeloop/core';
import { fromMinor, toMinor } from '../../records/money';

export interface SettingsForm {
  prefixes: DocumentSettings['prefixes'];
  approvalChain: Array<{ role: 'manager' | 'ops' | 'admin'; minTotal: string; mayOverride: boolean }>;
  approvalEscalationHours: number;
  rebateTiers: Array<{ code: string; label: { en: string; 'zh-CN': string }; maxRebatePercent: number; minYearTotal: string }>;
  defaultPaymentTermsDays: number;
  flashTime: string;
  receiptMismatchTolerance: string;
}

export function toForm(settings: DocumentSettings, currency: string): SettingsForm {
  return {
    prefixes: settings.prefixes,
    approvalChain: settings.approvalChain.map((step) => ({ role: step.role, minTotal: fromMinor(step.minTotalMinor, currency), mayOverride: step.mayOverride })),
    approvalEscalationHours: settings.approvalEscalationHours,
    rebateTiers: settings.rebateTiers.map((tier) => ({ code: tier.code, label: tier.label, maxRebatePercent: tier.maxRebateBp / 100, minYearTotal: fromMinor(tier.minYearTotalMinor, currency) })),
    defaultPaymentTermsDays: settings.defaultPaymentTermsDays,
    flashTime: settings.flashTime,
    receiptMismatchTolerance: fromMinor(settings.receiptMismatchToleranceMinor, currency),
  };
}

/** The settings to save; an amount that is not one becomes 0 here — the form's own rules stop it before. */
export function fromForm(form: SettingsForm, currency: string): DocumentSettings {
  const minor = (text: string | undefined) => toMinor(text ?? '0', currency) ?? 0;
  return {
    prefixes: form.prefixes,
    approvalChain: (form.approvalChain ?? []).map((step) => ({ role: step.role, minTotalMinor: minor(step.minTotal), mayOverride: !!step.mayOverride })),
    approvalEscalationHours: form.approvalEscalationHours,
    rebateTiers: (form.rebateTiers ?? []).map((tier) => ({
      code: tier.code.trim(),
      label: { en: tier.label.en.trim(), 'zh-CN': tier.label['zh-CN'].trim() },
      maxRebateBp: Math.round((tier.maxRebatePercent ?? 0) * 100),
      minYearTotalMinor: minor(tier.minYearTotal),
    })),
    defaultPaymentTermsDays: form.defaultPaymentTermsDays,
    flashTime: form.flashTime,
    receiptMismatchToleranceMinor: minor(form.receiptMismatchTolerance),
  };
}
