/** Where a build's time went, stage by stage (printed with `--timings`). */
export class StageTimer {
  readonly stages: { name: string; ms: number }[] = [];

  async run<T>(name: string, work: () => Promise<T> | T): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.stages.push({ name, ms: performance.now() - start });
    }
  }

  get totalMs(): number {
    return this.stages.reduce((sum, stage) => sum + stage.ms, 0);
  }
}
