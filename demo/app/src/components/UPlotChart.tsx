import { useEffect, useRef, type ReactNode } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** Colours a chart draws with, resolved from the page's CSS (canvas cannot read custom properties). */
export interface ChartColors {
  readonly text: string;
  readonly grid: string;
  readonly series: readonly string[];
}

/** Props of {@link UPlotChart}. */
export interface UPlotChartProps {
  /** Builds the chart's options for a width and the current colours. */
  readonly options: (width: number, colors: ChartColors) => uPlot.Options;
  readonly data: uPlot.AlignedData;
  /** What the chart shows, in words: the accessible name of the picture. */
  readonly label: string;
}

/**
 * Reads the chart colours from CSS: `color` of the wrapper for text, and the
 * `--insights-series-N` / `--insights-grid` properties as `color` of probe
 * elements, so `light-dark()` and `data-ck-scheme` resolve as for any text.
 */
function readColors(host: HTMLElement): ChartColors {
  const probe = document.createElement('span');
  host.appendChild(probe);
  const resolve = (value: string): string => {
    probe.style.color = value;
    return getComputedStyle(probe).color;
  };
  const colors = {
    text: getComputedStyle(host).color,
    grid: resolve('var(--insights-grid)'),
    series: [1, 2, 3, 4, 5, 6].map((n) => resolve(`var(--insights-series-${n})`)),
  };
  probe.remove();
  return colors;
}

/**
 * A uPlot chart that fills its container's width, redraws when the width
 * changes, and repaints when the colour scheme does (`data-ck-scheme`,
 * `color-scheme` or the OS setting). The canvas is one picture with a
 * spoken summary; the numbers are in the page's text as well.
 */
export function UPlotChart({ options, data, label }: UPlotChartProps): ReactNode {
  const hostRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let chart: uPlot | undefined;
    const build = (): void => {
      chart?.destroy();
      const width = Math.max(200, Math.floor(host.clientWidth));
      chart = new uPlot(options(width, readColors(host)), data, host);
    };
    build();
    const resize = new ResizeObserver(() => {
      const width = Math.max(200, Math.floor(host.clientWidth));
      if (chart && chart.width !== width) chart.setSize({ width, height: chart.height });
    });
    resize.observe(host);
    const scheme = new MutationObserver(build);
    scheme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-ck-scheme', 'style', 'class'] });
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', build);
    return () => {
      resize.disconnect();
      scheme.disconnect();
      media.removeEventListener('change', build);
      chart?.destroy();
    };
  }, [options, data]);
  return <div ref={hostRef} className="demo-chart" role="img" aria-label={label} />;
}
