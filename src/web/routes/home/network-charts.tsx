import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { fontFamily } from '../../theme';

echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export type Slice = { name: string; value: number; color: string };

const textStyle = { fontFamily, color: '#4a5565' };

export function TypeBarChart({ slices }: { slices: Slice[] }) {
  const option = {
    textStyle,
    grid: { left: 8, right: 16, top: 28, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: slices.map((s) => s.name),
      axisLabel: { interval: 0, fontSize: 12, color: '#5a6270', width: 80, overflow: 'break' },
      axisLine: { lineStyle: { color: '#d0d4db' } },
      axisTick: { show: false },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      splitLine: { lineStyle: { color: '#eef0f3' } },
      axisLabel: { color: '#8a919f' },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 36,
        data: slices.map((s) => ({ value: s.value, itemStyle: { color: s.color } })),
        label: { show: true, position: 'top', color: '#1f2329', fontWeight: 600 },
        itemStyle: { borderRadius: [3, 3, 0, 0] },
      },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height: 300 }} notMerge />;
}

export function TypePieChart({ slices }: { slices: Slice[] }) {
  const shown = slices.filter((s) => s.value > 0);
  const option = {
    textStyle,
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, icon: 'circle', itemWidth: 8, itemHeight: 8, textStyle: { fontSize: 12 } },
    series: [
      {
        type: 'pie',
        radius: ['42%', '68%'],
        center: ['50%', '44%'],
        avoidLabelOverlap: true,
        itemStyle: { borderColor: '#fff', borderWidth: 2 },
        label: { formatter: '{c}', color: '#4a5565' },
        data: shown.map((s) => ({ name: s.name, value: s.value, itemStyle: { color: s.color } })),
      },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height: 300 }} notMerge />;
}
