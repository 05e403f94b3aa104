import { describe, expect, it } from "vitest";
import { createStepMatcher, matchStep, normaliseHeading } from "./steps.js";

const idOf = (heading: string) => matchStep(heading)?.id;

describe("recognising a step from its heading", () => {
  it("accepts the canonical and accepted headings, with a number or label", () => {
    expect(idOf("Gather Requirements")).toBe("requirements");
    expect(idOf("3. Capacity Estimation")).toBe("capacity");
    expect(idOf("Step 4: Define System APIs")).toBe("apis");
    expect(idOf("Step 5 - Draw Top-Level System Diagram")).toBe("diagram");
    expect(idOf("6) Data Model")).toBe("database");
    expect(idOf("Back-of-the-envelope estimation")).toBe("capacity");
    expect(idOf("MVP")).toBe("mvp");
  });

  it("ignores case, punctuation and filler words", () => {
    expect(normaliseHeading("Step 9: Test and Review *Your* Design!")).toBe(
      "test and review design",
    );
    expect(idOf("DISCUSS THE SCALING")).toBe("scaling");
    expect(idOf("Test and review our design")).toBe("review");
  });

  it("allows up to two extra words around a step's heading", () => {
    expect(idOf("Requirements Clarification")).toBe("requirements");
    expect(idOf("High-Level Architecture")).toBe("diagram");
    expect(idOf("Create a high level design")).toBe("diagram");
    expect(idOf("Step 4: Scale the design")).toBe("scaling");
    expect(idOf("API Design")).toBe("apis");
  });

  it("does not take prose headings for steps", () => {
    expect(idOf("Design core components")).toBeUndefined();
    expect(idOf("Step 1: Outline use cases and constraints")).toBeUndefined();
    expect(idOf("Additional talking points")).toBeUndefined();
    expect(idOf("")).toBeUndefined();
  });

  it("accepts the site's own headings", () => {
    expect(createStepMatcher({ capacity: ["Sizing"] })("4. Sizing")?.id).toBe("capacity");
  });
});
