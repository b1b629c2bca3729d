/**
 * The slice of ECharts the board draws with, loaded on demand (EChart imports this module lazily): the core, bar and
 * line series, grid and tooltip, canvas rendering. Nothing else of ECharts reaches the bundle.
 */
import { init, use as register, type ComposeOption, type EChartsType } from 'echarts/core';
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import { GridComponent, TooltipComponent, type GridComponentOption, type TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// ECharts' `use` registers parts; renamed so it does not read as React's use().
register([BarChart, LineChart, GridComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption>;
export { init, type EChartsType };
