/** How the CRM vocabularies look on the phone: stage tags and activity kind icons, labelled from vocab.*. */
import { useTranslation } from 'react-i18next';
import Tag from 'antd-mobile/es/components/tag';
import EditSOutline from 'antd-mobile-icons/es/EditSOutline';
import EnvironmentOutline from 'antd-mobile-icons/es/EnvironmentOutline';
import PhoneFill from 'antd-mobile-icons/es/PhoneFill';
import TeamOutline from 'antd-mobile-icons/es/TeamOutline';
import { openLeadStages, type Activity, type LeadStage } from '@closeloop/core';

const stageColor: Record<LeadStage, string> = {
  new: 'default',
  contacted: 'primary',
  qualified: 'primary',
  proposal: 'warning',
  negotiation: 'warning',
  won: 'success',
  lost: 'danger',
};

/** Won and lost leads are closed: nobody needs to follow them up. */
export function isOpenStage(stage: LeadStage): boolean {
  return (openLeadStages as readonly LeadStage[]).includes(stage);
}

export function StageTag({ stage }: { stage: LeadStage }) {
  const { t } = useTranslation();
  return <Tag color={stageColor[stage]} fill="outline" className="pp-tag">{t(`vocab.stage.${stage}`)}</Tag>;
}

export function KindIcon({ kind }: { kind: Activity['kind'] }) {
  switch (kind) {
    case 'call': return <PhoneFill />;
    case 'visit': return <EnvironmentOutline />;
    case 'meeting': return <TeamOutline />;
    default: return <EditSOutline />;
  }
}
