import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useTranslation } from 'react-i18next';
import type { ReviewProgressRow } from '../../../shared/reviews/review-round';
import { fontFamily } from '../../theme';

echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

/**
 * Progress of a round per node: kept, exit proposed and pending stacked, one bar
 * per child node. Clicking a node that has children drills down into it.
 */
export function ReviewProgressChart({
  rows,
  onDrill,
}: {
  rows: ReviewProgressRow[];
  onDrill: (row: ReviewProgressRow) => void;
}) {
  const { t } = useTranslation();
  const names = rows.map((r) => (r.isOwn ? `${r.nodeName}${t('reviews.ownFiles')}` : r.nodeName));
  const series = (name: string, color: string, value: (r: ReviewProgressRow) => number) => ({
    name,
    type: 'bar',
    stack: 'tasks',
    barMaxWidth: 36,
    itemStyle: { color },
    emphasis: { focus: 'series' },
    data: rows.map(value),
  });
  const option = {
    textStyle: { fontFamily, color: '#4a5565' },
    grid: { left: 8, right: 16, top: 36, bottom: 4, containLabel: true },
    legend: { top: 0, icon: 'circle', itemWidth: 8, itemHeight: 8 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: names,
      axisLabel: { interval: 0, fontSize: 12, color: '#5a6270', width: 90, overflow: 'break' },
      axisTick: { show: false },
    },
    yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eef0f3' } } },
    series: [
      series(t('reviews.kept'), '#52c41a', (r) => r.kept),
      series(t('reviews.exitProposed'), '#faad14', (r) => r.exitProposed),
      series(t('reviews.pending'), '#d0d7e2', (r) => r.tasks - r.done),
    ],
  };
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      style={{ height: 320, cursor: 'pointer' }}
      notMerge
      onEvents={{
        click: (e: { dataIndex: number }) => {
          const row = rows[e.dataIndex];
          if (row) onDrill(row);
        },
      }}
    />
  );
}
