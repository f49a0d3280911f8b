// The dashboard's two charts. Only the Chart.js parts drawn here are registered, so the rest is left out of the
// bundle; the legend is plain HTML (larger and sharper on a wall screen than one painted on the canvas).
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { t } from '../i18n.ts';
import type { Dashboard } from './types.ts';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

export const COLORS = { received: '#38bdf8', calls: '#fbbf24', satisfaction: '#4ade80', category: '#818cf8' };
const GRID = 'rgba(148, 163, 184, 0.18)';
const INK = '#cbd5e1';

/** Type size that follows the screen: about 15 px on a laptop, 20 px on a 1920-wide wall screen. */
const fontSize = () => Math.round(Math.min(24, Math.max(12, window.innerWidth / 95)));

function applyDefaults() {
  Chart.defaults.color = INK;
  Chart.defaults.borderColor = GRID;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = fontSize();
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = { duration: 400 };
}

const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

export class DashboardCharts {
  private trend: Chart;
  private categories: Chart;

  constructor(trendCanvas: HTMLCanvasElement, categoriesCanvas: HTMLCanvasElement) {
    applyDefaults();
    this.trend = new Chart(trendCanvas, {
      type: 'bar',
      data: {
        labels: [],
        datasets: [
          {
            type: 'bar',
            label: t('dash.trend.received'),
            data: [],
            backgroundColor: COLORS.received,
            borderRadius: 3,
            maxBarThickness: 40,
            yAxisID: 'y',
            order: 2,
          },
          {
            type: 'line',
            label: t('dash.trend.calls'),
            data: [],
            borderColor: COLORS.calls,
            backgroundColor: COLORS.calls,
            borderWidth: 3,
            pointRadius: 0,
            tension: 0.3,
            yAxisID: 'y',
            order: 1,
          },
          {
            type: 'line',
            label: t('dash.trend.satisfaction'),
            data: [],
            borderColor: COLORS.satisfaction,
            backgroundColor: COLORS.satisfaction,
            borderWidth: 3,
            borderDash: [8, 5],
            pointRadius: 0,
            tension: 0.3,
            spanGaps: true,
            yAxisID: 'rate',
            order: 0,
          },
        ],
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
          y: { beginAtZero: true, ticks: { precision: 0 } },
          rate: { position: 'right', min: 0, max: 100, grid: { display: false }, ticks: { callback: (v) => `${v}%` } },
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: (c) =>
                `${c.dataset.label}: ${c.raw === null ? '—' : c.raw}${c.dataset.yAxisID === 'rate' ? '%' : ''}`,
            },
          },
        },
      },
    });
    this.categories = new Chart(categoriesCanvas, {
      type: 'bar',
      data: {
        labels: [],
        datasets: [
          {
            label: t('dash.categories'),
            data: [],
            backgroundColor: COLORS.category,
            borderRadius: 3,
            maxBarThickness: 28,
          },
        ],
      },
      options: {
        indexAxis: 'y',
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0 } },
          y: { grid: { display: false }, ticks: { autoSkip: false } },
        },
      },
    });
    window.addEventListener('resize', () => {
      Chart.defaults.font.size = fontSize();
      this.trend.update('none');
      this.categories.update('none');
    });
  }

  update(d: Dashboard): void {
    this.trend.data.labels = d.trend.map((p) => p.day.slice(5));
    this.trend.data.datasets[0].data = d.trend.map((p) => p.received);
    this.trend.data.datasets[1].data = d.trend.map((p) => p.calls);
    this.trend.data.datasets[2].data = d.trend.map((p) => pct(p.satisfaction_rate));
    this.trend.update();
    this.categories.data.labels = d.categories.map((c) => c.name ?? t('dash.uncategorized'));
    this.categories.data.datasets[0].data = d.categories.map((c) => c.n);
    this.categories.update();
  }
}
