export { analyzeCapacity, estimatesJson, headlineFigures } from "./analyze.js";
export { storageChart, trafficChart } from "./charts.js";
export { type CapacityReport, estimateKeys } from "./estimate.js";
export { formatBytes, formatCount, formatNumber, formatRate, formatReport } from "./format.js";
export type { CapacityProblem } from "./inputs.js";
