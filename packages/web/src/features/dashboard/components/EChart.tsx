/** One chart: ECharts is fetched the first time a chart mounts, then the option is drawn and redrawn as it changes. */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Skeleton, Typography } from 'antd';
import type { ChartOption, EChartsType } from '../charts/echarts';

interface Props {
  option: ChartOption;
  height: number;
  /** what the chart shows, for screen readers (the same figures are in the tables) */
  label: string;
  testId: string;
}

export function EChart({ option, height, label, testId }: Props) {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<EChartsType | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let cancelled = false;
    let instance: EChartsType | undefined;
    let observer: ResizeObserver | undefined;
    import('../charts/echarts')
      .then(({ init }) => {
        if (cancelled || !host.current) return;
        instance = init(host.current, undefined, { renderer: 'canvas' });
        observer = new ResizeObserver(() => instance?.resize());
        observer.observe(host.current);
        setChart(instance);
      })
      .catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
      observer?.disconnect();
      instance?.dispose();
    };
  }, []);

  useEffect(() => {
    chart?.setOption(option, { notMerge: true });
  }, [chart, option]);

  if (failed) return <Typography.Text type="secondary" data-testid={testId}>{t('dashboard.chartFailed')}</Typography.Text>;
  return (
    <div style={{ position: 'relative', height }} role="img" aria-label={label} data-testid={testId}>
      <div ref={host} style={{ position: 'absolute', inset: 0 }} />
      {!chart && <Skeleton.Node active style={{ width: '100%', height }} />}
    </div>
  );
}
