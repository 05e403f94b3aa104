export {
  analyzeCapacity,
  capacityProblems,
  type EstimatesJson,
  estimatesJson,
  headlineFigures,
  inputsJson,
  placeProblems,
} from "./analyze.js";
export { storageChart, trafficChart } from "./charts.js";
export {
  type CapacityReport,
  type EstimateKey,
  estimate,
  estimateKeys,
  estimateWorkload,
  type Figures,
  isEstimateKey,
  type WorkloadEstimate,
} from "./estimate.js";
export {
  derivation,
  type FormattedFigure,
  type FormattedReport,
  type FormattedWorkload,
  formatBytes,
  formatCount,
  formatFigure,
  formatNumber,
  formatRate,
  formatReport,
} from "./format.js";
export {
  type CapacityPath,
  type CapacityProblem,
  capacityFields,
  normaliseCapacity,
  type Workload,
  workloadFields,
} from "./inputs.js";
export {
  default as remarkEstimates,
  type RemarkEstimatesOptions,
} from "./remark-estimates.js";
export {
  type Amount,
  type Count,
  type Duration,
  parseCount,
  parseDuration,
  parseNumber,
  parseRate,
  parseRatio,
  parseSize,
  type Rate,
  type Size,
} from "./values.js";
