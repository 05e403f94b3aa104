export { outlineSteps, type StepSection } from "./outline.js";
export {
  type AcceptedHeadings,
  createStepMatcher,
  type Step,
  type StepId,
  type StepMatcher,
  stepById,
  steps,
} from "./steps.js";
