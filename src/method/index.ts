export { outlineSteps, type StepSection } from "./outline.js";
export {
  type AcceptedHeadings,
  createStepMatcher,
  normaliseHeading,
  type Step,
  type StepId,
  type StepMatcher,
  stepById,
  stepLabelNumber,
  steps,
  stripStepLabel,
} from "./steps.js";
