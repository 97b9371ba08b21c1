/**
 * The progress chart as inline SVG (no library, no external request): actual and target per year of the
 * report's `history` (the same figures as GET /api/progress), bars for the actual, a line of markers for
 * the target.
 */
const NS = "http://www.w3.org/2000/svg";

function node<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const n = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = text;
  return n;
}

export interface ChartLabels {
  title: string;
  actual: string;
  target: string;
}

export function historyChart(years: { year: number; actual: string | null; target: string | null }[], labels: ChartLabels): SVGSVGElement {
  const width = 640;
  const height = 260;
  const pad = { left: 72, right: 16, top: 56, bottom: 36 };
  const values = years
    .flatMap((y) => [y.actual, y.target])
    .filter((v): v is string => v !== null)
    .map(Number);
  const max = Math.max(1, ...values);
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const step = plotW / Math.max(years.length, 1);
  const y = (v: number) => pad.top + plotH - (v / max) * plotH;
  const svg = node("svg", {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: "img",
    "aria-label": labels.title,
    id: "progress-chart",
  });
  svg.append(node("text", { x: pad.left, y: 18, "font-size": 14, "font-weight": 600, fill: "#202124" }, labels.title));
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    svg.append(node("line", { x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v), stroke: "#e0e0e0" }));
    svg.append(
      node(
        "text",
        { x: pad.left - 6, y: y(v) + 4, "font-size": 11, "text-anchor": "end", fill: "#5f6368" },
        (Number.isInteger(v) ? String(v) : v.toFixed(1)).replace(/\B(?=(\d{3})+(?!\d))/g, ","),
      ),
    );
  }
  const targets: string[] = [];
  years.forEach((yr, i) => {
    const cx = pad.left + step * i + step / 2;
    if (yr.actual !== null) {
      const a = Number(yr.actual);
      svg.append(node("rect", { x: cx - step * 0.25, y: y(a), width: step * 0.5, height: pad.top + plotH - y(a), fill: "#1f6f43" }));
      svg.append(node("text", { x: cx, y: y(a) - 4, "font-size": 11, "text-anchor": "middle", fill: "#1f6f43" }, yr.actual));
    }
    if (yr.target !== null) {
      const t = Number(yr.target);
      targets.push(`${cx},${y(t)}`);
      svg.append(node("circle", { cx, cy: y(t), r: 4, fill: "#c5221f" }));
      svg.append(node("text", { x: cx + 8, y: y(t) + 4, "font-size": 11, fill: "#c5221f" }, yr.target));
    }
    svg.append(
      node("text", { x: cx, y: height - pad.bottom + 16, "font-size": 12, "text-anchor": "middle", fill: "#202124" }, String(yr.year)),
    );
  });
  if (targets.length > 1)
    svg.append(node("polyline", { points: targets.join(" "), fill: "none", stroke: "#c5221f", "stroke-dasharray": "4 3" }));
  // Legend on its own line under the title.
  const lx = pad.left;
  svg.append(node("rect", { x: lx, y: 28, width: 12, height: 12, fill: "#1f6f43" }));
  svg.append(node("text", { x: lx + 16, y: 38, "font-size": 12, fill: "#202124" }, labels.actual));
  svg.append(node("circle", { cx: lx + 86, cy: 34, r: 5, fill: "#c5221f" }));
  svg.append(node("text", { x: lx + 96, y: 38, "font-size": 12, fill: "#202124" }, labels.target));
  return svg;
}
