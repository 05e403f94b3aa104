export { analyzeCapacity, estimatesJson, headlineFigures } from "./analyze.js";
export { storageChart, trafficChart } from "./charts.js";
export {
  type CapacityReport,
  estimateKeys,
  type FigureKey,
  figureKeys,
  planningKeys,
} from "./estimate.js";
export { formatReport } from "./format.js";
export type { CapacityProblem } from "./inputs.js";
export { formatBits, formatBytes, formatCount, formatNumber, formatRate } from "./units.js";
